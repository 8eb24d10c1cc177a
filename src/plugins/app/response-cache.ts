import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import pg from 'pg'

// Public GET answers are kept in memory. Every change to content, by any process, fires
// NOTIFY newsdesk_content (migration 003); each instance LISTENs and flushes. A hit is
// served only after a round trip on the listening connection that began after the request
// arrived: Postgres delivers a notification committed before that round trip ahead of its
// answer, so a write acknowledged to anyone is never hidden by a cached answer, on any
// instance. Concurrent hits share round trips, so the database sees a trivial query per
// batch of requests, not per request. While the listener is down nothing is cached.
// A scheduled story must appear at its time with no write to announce it, so the cache is
// also flushed when the next scheduled publication time comes.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: never serve this route from the response cache (e.g. random answers). */
    responseCache?: boolean
  }
  interface FastifyRequest {
    cacheEpoch?: number
  }
}

interface Entry { payload: string, headers: Record<string, string> }
const KEPT_HEADERS = ['content-type', 'etag', 'last-modified', 'link']
const MAX_TIMER_MS = 60 * 60_000
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export default fp(async function responseCache (fastify: FastifyInstance, opts: { databaseUrl: string, maxEntries: number, maxBytes: number }) {
  const cache = new LRUCache<string, Entry>({ max: opts.maxEntries, maxSize: opts.maxBytes, sizeCalculation: (entry) => entry.payload.length + 200 })
  let epoch = 0
  let listening = false
  let closed = false
  let listener: pg.Client | undefined
  let publishTimer: NodeJS.Timeout | undefined

  const flush = (): void => {
    epoch++
    cache.clear()
  }

  // One round trip in flight at a time; requests arriving meanwhile wait for the next one.
  let current: Promise<void> | undefined
  let next: Promise<void> | undefined
  function caughtUp (): Promise<void> {
    if (!current) {
      const client = listener
      current = (client ? client.query('SELECT 1').then(() => {}) : Promise.reject(new Error('not listening')))
        .finally(() => { current = undefined })
      return current
    }
    next ??= current.catch(() => {}).then(() => {
      next = undefined
      return caughtUp()
    })
    return next
  }

  async function scheduleNextPublication (): Promise<void> {
    const { rows } = await fastify.pool.query<{ next: Date | null }>({
      name: 'response-cache-next-publication',
      text: "SELECT min(published_at) AS next FROM articles WHERE status IN ('published', 'scheduled') AND published_at > now()"
    })
    clearTimeout(publishTimer)
    const next = rows[0]?.next
    const tomorrow = new Date().setUTCHours(24, 0, 0, 0) // date-based answers (quote of the day) change at midnight UTC
    const wait = Math.min((next?.getTime() ?? Infinity), tomorrow) - Date.now()
    publishTimer = setTimeout(() => { flush(); scheduleNextPublication().catch(() => {}) }, Math.max(0, Math.min(wait + 5, MAX_TIMER_MS)))
    publishTimer.unref()
  }

  let rescheduling = false
  function rescheduleSoon (): void {
    if (rescheduling) return
    rescheduling = true
    setTimeout(() => {
      rescheduling = false
      scheduleNextPublication().catch(() => {})
    }, 20).unref()
  }

  async function listen (attempt = 0): Promise<void> {
    if (closed) return
    const client = new pg.Client({ connectionString: opts.databaseUrl })
    const lost = (): void => {
      if (listener !== client) return
      listening = false
      listener = undefined
      flush()
      client.end().catch(() => {})
      setTimeout(() => { listen().catch(() => {}) }, 1000).unref()
    }
    client.on('error', lost)
    client.on('end', lost)
    client.on('notification', () => {
      flush()
      rescheduleSoon() // the change may have scheduled a story
    })
    try {
      listener = client
      await client.connect()
      await client.query('LISTEN newsdesk_content')
      flush() // anything may have changed while we were not listening
      await scheduleNextPublication()
      listening = true
    } catch {
      listener = undefined
      await client.end().catch(() => {})
      if (!closed) setTimeout(() => { listen(attempt + 1).catch(() => {}) }, Math.min(5000, 250 * 2 ** attempt)).unref()
    }
  }

  const cacheable = (request: FastifyRequest): boolean =>
    listening && request.method === 'GET' && request.headers.authorization === undefined &&
    request.url.startsWith('/v1/') && request.routeOptions.config.responseCache !== false

  fastify.addHook('onReady', async () => { await listen() })
  fastify.addHook('onClose', async () => {
    closed = true
    clearTimeout(publishTimer)
    const client = listener
    listener = undefined
    await client?.end().catch(() => {})
  })

  fastify.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return
    request.cacheEpoch = epoch
    if (!cache.has(request.url)) return
    try {
      await caughtUp()
    } catch {
      return
    }
    const hit = cache.get(request.url)
    if (!hit) {
      request.cacheEpoch = epoch
      return
    }
    reply.headers(hit.headers)
    reply.header('x-cache', 'HIT')
    return reply.code(200).send(hit.payload)
  })

  fastify.addHook('onSend', async (request, reply, payload) => {
    if (WRITES.has(request.method) && reply.statusCode < 400) {
      flush() // our own write: the next request, from anyone, must see it
      return payload
    }
    // Stored only when no flush happened while this answer was being made.
    if (request.cacheEpoch === epoch && reply.statusCode === 200 && typeof payload === 'string' && listening) {
      const headers: Record<string, string> = {}
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name)
        if (typeof value === 'string') headers[name] = value
      }
      cache.set(request.url, { payload, headers })
    }
    return payload
  })
}, { name: 'response-cache', dependencies: ['database'] })
