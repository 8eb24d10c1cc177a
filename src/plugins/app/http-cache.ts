import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { hash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { hasListDate, setListLastModified } from '../../lib/http-cache.js'

/** If-Modified-Since counts only without If-None-Match (RFC 9110 13.1.3). */
function notModifiedSince (headers: IncomingHttpHeaders, lastModified: unknown): boolean {
  const since = headers['if-modified-since']
  if (since === undefined || headers['if-none-match'] !== undefined || typeof lastModified !== 'string') return false
  const sinceTime = Date.parse(since)
  return !Number.isNaN(sinceTime) && Date.parse(lastModified) <= sinceTime
}

/**
 * If-None-Match may list several tags, or be `*` (RFC 9110 13.1.2, weak comparison);
 * @fastify/etag only matches a header holding exactly one.
 */
function noneMatchHits (header: string | undefined, etag: unknown): boolean {
  if (header === undefined || typeof etag !== 'string') return false
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag))
}

/** The newest `updatedAt` among a list page's items, if they carry one. */
function newestUpdate (payload: unknown): string | undefined {
  const items = (payload as { data?: unknown } | null)?.data
  if (!Array.isArray(items)) return undefined
  let newest: string | undefined
  for (const item of items) {
    const updatedAt = (item as { updatedAt?: unknown }).updatedAt
    if (typeof updatedAt === 'string' && (newest === undefined || updatedAt > newest)) newest = updatedAt
  }
  return newest
}

/**
 * Cache headers for every successful GET: shared caches may keep public reads briefly and
 * serve them stale while revalidating; anything read with a key is private and never stored,
 * so a draft can never end up in a CDN. `varyOrigin`: CORS is limited to listed origins, whose
 * answers carry that origin in Access-Control-Allow-Origin.
 */
export default fp(async function httpCache (fastify: FastifyInstance, opts: { sMaxAge: number, staleWhileRevalidate: number, varyOrigin?: boolean }) {
  // The same SHA-1 as @fastify/etag's own, in one call instead of a Hash object per answer.
  await fastify.register(etag, { hashFn: (payload: string | Buffer) => hash('sha1', payload, 'base64') })
  const publicPolicy = `public, max-age=0, s-maxage=${opts.sMaxAge}, stale-while-revalidate=${opts.staleWhileRevalidate}`
  fastify.addHook('preSerialization', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200 || reply.hasHeader('last-modified')) return payload
    const newest = newestUpdate(payload)
    if (newest !== undefined) setListLastModified(reply, newest)
    return payload
  })

  const vary = opts.varyOrigin ? 'Authorization, Origin' : 'Authorization'
  // A callback hook, not an async one: every answer passes here, and a promise each cost more than the work.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // An error describes no representation: no validators (@fastify/etag hashes every body,
    // and a write may have set the item's before it failed), which would tell a caller that
    // an item it may not read exists, or at which version.
    if (reply.statusCode >= 400) {
      reply.removeHeader('etag')
      reply.removeHeader('last-modified')
      return done(null, payload)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return done(null, payload)
    if (reply.statusCode >= 300 && reply.statusCode !== 304) {
      reply.removeHeader('etag')
      return done(null, payload)
    }
    // A route may set its own public policy (the quote of the day lasts until midnight).
    reply.header('cache-control', request.principal ? 'private, no-store' : reply.getHeader('cache-control') ?? publicPolicy)
    // With an origin list, CORS answers differ by Origin: a shared cache must keep one per origin.
    // A route whose answer also depends on another header (Accept, on /v1/changes) names it first.
    const own = reply.getHeader('vary')
    reply.header('vary', typeof own === 'string' && own !== '' ? `${vary}, ${own}` : vary)
    if (reply.statusCode === 200 && (noneMatchHits(request.headers['if-none-match'], reply.getHeader('etag')) ||
      (!hasListDate(reply) && notModifiedSince(request.headers, reply.getHeader('last-modified'))))) {
      reply.code(304)
      return done(null, '')
    }
    done(null, payload)
  })
}, { name: 'http-cache', dependencies: ['auth'] })
