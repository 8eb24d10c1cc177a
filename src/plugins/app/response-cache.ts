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
// Concurrent misses for one URL are made once: the first request computes the answer, the
// others wait for it and are then served as hits (so a burst of one slow search costs one query).
// A scheduled story must appear at its time with no write to announce it, so the cache is
// also flushed when the next scheduled publication time comes.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: never serve this route from the response cache (e.g. random answers). */
    responseCache?: boolean
  }
  interface FastifyRequest {
    cacheEpoch?: number
    /** Set on the request that is computing an answer others wait for. */
    releaseWaiters?: () => void
  }
}

interface Entry { payload: string, headers: Record<string, string> }
const KEPT_HEADERS = ['content-type', 'etag', 'last-modified', 'link']
const MAX_TIMER_MS = 60 * 60_000
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// A waiter gives up and computes its own answer after this long (the first may be stuck).
const MAX_WAIT_MS = 10_000

interface Options { databaseUrl: string, maxEntries: number, maxBytes: number, maxAgeMs?: number | undefined }

export default fp(async function responseCache (fastify: FastifyInstance, opts: Options) {
  const cache = new LRUCache<string, Entry>({
    max: opts.maxEntries,
    maxSize: opts.maxBytes,
    sizeCalculation: (entry) => entry.payload.length + 200,
    ...(opts.maxAgeMs !== undefined && { ttl: opts.maxAgeMs })
  })
  let epoch = 0
  let listening = false
  let closed = false
  let listener: pg.Client | undefined
  let publishTimer: NodeJS.Timeout | undefined

  const inFlight = new Map<string, Promise<void>>()

  /** Resolves when the request computing `url` has answered, or MAX_WAIT_MS has passed. */
  function answered (url: string): Promise<void> | undefined {
    const pending = inFlight.get(url)
    if (!pending) return undefined
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, MAX_WAIT_MS)
      pending.then(() => { clearTimeout(timer); resolve() }, () => {})
    })
  }

  function computeOnce (request: FastifyRequest): void {
    let release!: () => void
    const done = new Promise<void>((resolve) => { release = resolve })
    inFlight.set(request.url, done)
    request.releaseWaiters = () => {
      if (inFlight.get(request.url) === done) inFlight.delete(request.url)
      release()
    }
  }

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
    if (!cache.has(request.url)) {
      const wait = answered(request.url)
      if (!wait) return computeOnce(request)
      await wait
      request.cacheEpoch = epoch
      if (!cache.has(request.url)) return // not stored (not a 200, or flushed meanwhile): make our own
    }
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

  fastify.addHook('onResponse', async (request) => { request.releaseWaiters?.() })
  fastify.addHook('onRequestAbort', async (request) => { request.releaseWaiters?.() })

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
