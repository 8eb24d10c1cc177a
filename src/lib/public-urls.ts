import slugify from '@sindresorhus/slugify'
import type { FastifyRequest } from 'fastify'

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

/** The request's own origin: its protocol and Host (as forwarded, when TRUST_PROXY trusts the proxy). */
/** The origin the request names (its Host, or X-Forwarded-Host behind a trusted proxy). */
export function requestOrigin (request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
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
