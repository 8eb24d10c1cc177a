import slugify from '@sindresorhus/slugify'
import type { FastifyRequest } from 'fastify'
import { httpProblem } from './problem.js'

// Absolute links for what leaves the API to be read elsewhere (feeds, sitemaps): where a
// reader reads a story is the frontend's business, so it comes from configuration
// (PUBLIC_ARTICLE_URL, PUBLIC_SITE_URL); without it a story's link is its API URL.

export interface PublicUrlSettings {
  PUBLIC_API_URL?: string | undefined
  PUBLIC_SITE_URL?: string | undefined
  PUBLIC_ARTICLE_URL?: string | undefined
}

/** What a story's public URL may be made of. */
export interface LinkedArticle { id: string, slug: string, section: string | null, publishedAt: Date | null }

export interface PublicUrls {
  /** This API's base (no trailing slash): `${api}/v1/...` are its routes. */
  api: string
  /** The site's home page. */
  site: string
  /** Where readers read the story. */
  article: (article: LinkedArticle) => string
  /** An API path (`/v1/...`) as an absolute URL. */
  apiPath: (path: string) => string
}

// In code: `/\/+$/` rescans a run of slashes from each of them (recheck: polynomial).
function withoutTrailingSlash (url: string): string {
  let end = url.length
  while (end > 0 && url[end - 1] === '/') end--
  return url.slice(0, end)
}

// A host name or IP literal, and a port: what a Host header may hold (RFC 9110 §7.2). Anything
// else (`a b`, `x"><y`, `evil/path`, `user@host`) would be written into every link of the answer.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::[0-9]{1,5})?$/

/**
 * The origin the request names: its protocol and Host (or X-Forwarded-Proto and -Host behind
 * a proxy TRUST_PROXY trusts); null when that is not an http(s) origin.
 */
export function originOf (request: FastifyRequest): string | null {
  const { protocol, host } = request
  if ((protocol !== 'http' && protocol !== 'https') || !HOST.test(host ?? '')) return null
  try {
    return new URL(`${protocol}://${host}`).origin
  } catch {
    return null // a port above 65535, an IPv6 literal that is not one
  }
}

/**
 * The request's origin, for links written into an answer. One that is not an http(s) origin
 * is the caller's mistake, a 400 (RFC 9112 §3.2), not a feed of broken links or a renderer's crash.
 */
export function requestOrigin (request: FastifyRequest): string {
  const origin = originOf(request)
  if (origin === null) throw httpProblem(400, 'The Host header (or the forwarded host and protocol) does not name an http(s) origin.')
  return origin
}

/** Fills PUBLIC_ARTICLE_URL's placeholders; an empty {section} drops its path segment. */
export function fillArticlePattern (pattern: string, article: LinkedArticle): string {
  const date = article.publishedAt
  const values: Record<string, string> = {
    id: article.id,
    slug: article.slug,
    section: article.section ? slugify(article.section) : '',
    year: date ? String(date.getUTCFullYear()) : '',
    month: date ? String(date.getUTCMonth() + 1).padStart(2, '0') : '',
    day: date ? String(date.getUTCDate()).padStart(2, '0') : ''
  }
  const filled = pattern.replace(/\{(id|slug|section|year|month|day)\}/g, (_match, name: string) => encodeURIComponent(values[name]!))
  // `https://site/{section}/{slug}` with no section: `https://site/slug`, not `https://site//slug`.
  const schemeEnd = filled.indexOf('://') + 3
  return filled.slice(0, schemeEnd) + filled.slice(schemeEnd).replace(/\/{2,}/g, '/')
}

/** The public URLs for answers to `request`. */
export function publicUrls (settings: PublicUrlSettings, request: FastifyRequest): PublicUrls {
  const api = withoutTrailingSlash(settings.PUBLIC_API_URL ?? requestOrigin(request))
  const site = settings.PUBLIC_SITE_URL ?? `${api}/`
  const apiPath = (path: string): string => `${api}${path}`
  const pattern = settings.PUBLIC_ARTICLE_URL
  return {
    api,
    site,
    apiPath,
    article: pattern === undefined
      ? (article) => apiPath(`/v1/articles/${encodeURIComponent(article.slug)}`)
      : (article) => fillArticlePattern(pattern, article)
  }
}

/** The stable, id-based identifier of a story or quote in feeds (RSS guid, Atom id, JSON Feed id): it survives edits to the title and slug. */
export const permanentId = (id: string): string => `urn:uuid:${id}`
