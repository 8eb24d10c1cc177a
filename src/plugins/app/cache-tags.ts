import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { answerTags, headerTags } from '../../lib/cache-tags.js'

// Tags every public cacheable answer with what it shows (src/lib/cache-tags.ts), for the
// in-process response cache and for a CDN in front: `Surrogate-Key` (Fastly, space-separated)
// and `Cache-Tag` (Cloudflare, comma-separated). A CDN purging by tag on each change (see the
// CDN purge hook) can then keep public answers for long and never serve a stale story.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: never serve this route from the response cache (e.g. random answers). */
    responseCache?: boolean
    /** How long the response cache may keep this route's answers, when time alone changes them (trending). */
    responseCacheTtlMs?: number
  }
  interface FastifyRequest {
    /** The tags of the answer being sent, when it is public and cacheable. */
    cacheTags?: string[]
    /** The topics a list answer is filtered by (its list:topic:<id> tags), set by the list's handler. */
    topicFilter?: string[]
  }
}

/**
 * A GET anyone may make and any cache may keep: no key, an API route, not marked uncacheable.
 * `orHead` counts a HEAD too: it must carry the headers its GET would (a CDN may keep them),
 * though the response cache keeps and serves only GETs.
 */
export const publicCacheable = (request: FastifyRequest, orHead = false): boolean =>
  (request.method === 'GET' || (orHead && request.method === 'HEAD')) && request.headers.authorization === undefined &&
  request.url.startsWith('/v1/') && request.routeOptions.config.responseCache !== false

/**
 * Tags the answer being made with `tags`, when it is public and cacheable. The hook below does
 * it for JSON bodies; a route that sends text (a feed, a sitemap), which Fastify does not
 * serialise, names its own tags with this.
 */
export function tagAnswer (request: FastifyRequest, reply: FastifyReply, tagsOf: () => string[]): void {
  if (reply.statusCode !== 200 || !publicCacheable(request, true) || request.principal) return
  const tags = tagsOf()
  request.cacheTags = tags
  const sent = headerTags(tags)
  reply.header('surrogate-key', sent.join(' '))
  reply.header('cache-tag', sent.join(','))
}

export default fp(async function cacheTags (fastify: FastifyInstance) {
  fastify.addHook('preSerialization', async (request, reply, payload) => {
    tagAnswer(request, reply, () => answerTags(request.routeOptions.url, request.query, payload, request.topicFilter))
    return payload
  })
}, { name: 'cache-tags', dependencies: ['auth'] })
