import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import pg from 'pg'
import { ANY, eventTags, type ChangeForTags, type TagSet } from '../../lib/cache-tags.js'
import { originOf } from '../../lib/public-urls.js'
import { publicCacheable } from './cache-tags.js'
import { mayHaveScheduled } from './change-listener.js'

// Public GET answers are kept in memory, each with the tags of what it shows (cache-tags.ts).
// Every committed change writes change_events and announces its commit seq (NOTIFY
// newsdesk_changes, migration 005, through fastify.changeListener). Each instance applies the
// events of the commits announced to it (carried on the announcement of a small commit,
// migration 022, read from change_events otherwise) and drops only the answers whose tags they
// name, so an edit to one story leaves every other story's answer in place.
//
// Read after write: a hit is served only after a round trip on the listening connection that
// began after the request arrived, and after the events of every commit announced by then
// have been applied. Postgres delivers a notification committed before that round trip ahead
// of its answer, so a write acknowledged to anyone is never hidden by a cached answer, on any
// instance. Concurrent hits share round trips. While the listener is down nothing is cached.
// An answer is stored only if none of its tags was invalidated while it was being made.
// Concurrent misses for one URL are made once: the first request computes the answer, the
// others wait for it and are then served as hits (so a burst of one slow search costs one query).
// A scheduled story is public from its time, a moment before the scheduler's `published`
// event: what it could show is also dropped when the next scheduled publication time comes.

declare module 'fastify' {
  interface FastifyRequest {
    /** The invalidation generation when the request arrived. */
    cacheGeneration?: number
    cacheHit?: boolean
    /** Set on the request that is computing an answer others wait for. */
    releaseWaiters?: () => void
  }
}

interface Entry { payload: string, headers: Record<string, string>, tags: string[] }
const KEPT_HEADERS = ['content-type', 'etag', 'last-modified', 'link', 'surrogate-key', 'cache-tag']
const MAX_TIMER_MS = 60 * 60_000
// A waiter gives up and computes its own answer after this long (the first may be stuck).
const MAX_WAIT_MS = 10_000
// More events than this in one catch-up (a bulk import): drop everything rather than read them all.
const MAX_EVENTS_PER_READ = 5_000
// How long invalidations are remembered for answers still being made; a slower answer is not stored.
const REMEMBER_MS = 60_000

interface Options { databaseUrl: string, maxEntries: number, maxBytes: number, maxAgeMs?: number | undefined, publicApiUrl?: string | undefined }

const READ_EVENTS = `
SELECT c.seq::text AS seq, e.kind, e.resource, e.resource_id AS "resourceId", e.public_before AS "publicBefore", e.public_after AS "publicAfter",
       e.article_id AS "articleId", e.speaker_id AS "speakerId", e.speaker_before AS "speakerBefore",
       e.topic_ids AS "topicIds", e.topics_before AS "topicsBefore", e.changed
  FROM change_commits c JOIN change_events e ON e.txid = c.txid
 WHERE c.seq > $1::bigint AND c.seq <= $2::bigint
 LIMIT $3`

export default fp(async function responseCache (fastify: FastifyInstance, opts: Options) {
  // Which cached URLs carry each tag; kept in step with the LRU through dispose.
  const byTag = new Map<string, Set<string>>()
  // The cache's own connection for reading change events: a hit waits for that read after a
  // commit, so it must never queue behind the readers' queries in the shared pool.
  const events = new pg.Pool({ connectionString: opts.databaseUrl, max: 1 })
  events.on('error', () => {})
  const cache = new LRUCache<string, Entry>({
    max: opts.maxEntries,
    maxSize: opts.maxBytes,
    sizeCalculation: (entry) => entry.payload.length + 200,
    ...(opts.maxAgeMs !== undefined && { ttl: opts.maxAgeMs }),
    dispose: (entry, url, reason) => {
      // A `set` replaces an answer with a fresher one; `delete` is an invalidation (or a flush).
      if (reason !== 'set') fastify.metrics.cacheEvictions.inc({ reason: reason === 'evict' ? 'capacity' : reason === 'expire' ? 'expired' : 'invalidated' })
      for (const tag of entry.tags) {
        const urls = byTag.get(tag)
        urls?.delete(url)
        if (urls?.size === 0) byTag.delete(tag)
      }
    }
  })

  // Invalidations, numbered; the recent ones are kept to refuse storing an answer one of them hit.
  let generation = 0
  let forgottenUpTo = 0
  const recent: Array<{ generation: number, at: number, set: TagSet }> = []
  let ready = false
  let closed = false
  let publishTimer: NodeJS.Timeout | undefined
  // Events of commits up to `applied` have been applied; commits up to `announced` have been announced.
  let applied = 0n
  let announced = 0n
  let reading: Promise<void> | undefined
  const appliedWaiters: Array<{ seq: bigint, resolve: () => void }> = []

  function invalidate (set: TagSet): void {
    generation++
    const now = Date.now()
    recent.push({ generation, at: now, set })
    while (recent.length > 0 && (recent[0]!.at < now - REMEMBER_MS || recent.length > 10_000)) forgottenUpTo = recent.shift()!.generation
    if (set.all) {
      cache.clear()
      return
    }
    for (const tag of set.tags) {
      const urls = byTag.get(tag)
      if (!urls) continue
      for (const url of [...urls]) cache.delete(url)
    }
  }
  const flush = (): void => { invalidate({ tags: new Set(), all: true }) }

  /** Whether an invalidation since `since` may have hit an answer with these tags. */
  function invalidatedSince (since: number, tags: string[]): boolean {
    if (since < forgottenUpTo) return true
    for (let i = recent.length - 1; i >= 0 && recent[i]!.generation > since; i--) {
      const { set } = recent[i]!
      if (set.all || tags.some((tag) => set.tags.has(tag))) return true
    }
    return false
  }

  function release (): void {
    for (let i = appliedWaiters.length - 1; i >= 0; i--) {
      const waiter = appliedWaiters[i]!
      if (waiter.seq <= applied) {
        appliedWaiters.splice(i, 1)
        waiter.resolve()
      }
    }
  }

  /** Reads the events of the commits announced since the last read and drops what they name. */
  async function readAnnounced (): Promise<void> {
    while (applied < announced) {
      const target = announced
      try {
        const { rows } = await events.query<ChangeForTags>({
          name: 'response-cache-events', text: READ_EVENTS, values: [applied.toString(), target.toString(), MAX_EVENTS_PER_READ + 1]
        })
        if (rows.length > MAX_EVENTS_PER_READ) flush()
        else invalidate(eventTags(rows))
      } catch (err) {
        // Not knowing what changed, drop everything.
        fastify.log.warn({ err }, 'response cache: could not read change events; flushed')
        flush()
      }
      if (target > applied) applied = target
      release()
    }
  }

  function readSoon (): void {
    reading ??= readAnnounced().finally(() => { reading = undefined; if (applied < announced) readSoon() })
  }

  /** Resolves once the events of every commit announced so far are applied. */
  function appliedUpTo (seq: bigint): Promise<void> {
    if (seq <= applied) return Promise.resolve()
    return new Promise((resolve) => appliedWaiters.push({ seq, resolve }))
  }

  /** Resolves when no commit visible at the call can be missing from the cache's invalidations. */
  async function caughtUp (): Promise<void> {
    await fastify.changeListener.roundTrip()
    if (!ready) throw new Error('not listening')
    await appliedUpTo(announced)
  }

  /** (Re)starts after the listener connected: anything may have changed meanwhile. */
  async function restart (): Promise<void> {
    ready = false
    // Head first, then flush: a commit up to the head is older than every answer stored after.
    const { rows } = await events.query<{ seq: string | null }>({ name: 'response-cache-head', text: 'SELECT max(seq)::text AS seq FROM change_commits' })
    const head = BigInt(rows[0]?.seq ?? '0')
    flush()
    if (head > applied) applied = head
    if (head > announced) announced = head
    release()
    readSoon()
    ready = fastify.changeListener.listening
  }

  const inFlight = new Map<string, Promise<void>>()

  /** Resolves when the request computing `key` has answered, or MAX_WAIT_MS has passed. */
  function answered (key: string): Promise<void> | undefined {
    const pending = inFlight.get(key)
    if (!pending) return undefined
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, MAX_WAIT_MS)
      pending.then(() => { clearTimeout(timer); resolve() }, () => {})
    })
  }

  function computeOnce (request: FastifyRequest, key: string): void {
    let done!: () => void
    const pending = new Promise<void>((resolve) => { done = resolve })
    inFlight.set(key, pending)
    request.releaseWaiters = () => {
      if (inFlight.get(key) === pending) inFlight.delete(key)
      done()
    }
  }

  async function scheduleNextPublication (): Promise<void> {
    const { rows } = await events.query<{ next: Date | null }>({
      name: 'response-cache-next-publication',
      text: "SELECT min(published_at) AS next FROM articles WHERE status IN ('published', 'scheduled') AND published_at > now()"
    })
    clearTimeout(publishTimer)
    if (closed) return
    const next = rows[0]?.next
    const wait = (next?.getTime() ?? Infinity) - Date.now()
    publishTimer = setTimeout(() => {
      (next ? invalidateJustPublished(next) : Promise.resolve()).catch(flush).finally(() => { scheduleNextPublication().catch(() => {}) })
    }, Math.max(0, Math.min(wait + 5, MAX_TIMER_MS)))
    publishTimer.unref()
  }

  /**
   * Drops what the stories whose time has just come could show, as their `published` events
   * will (the story, its quotes, its topics, speakers and authors becoming public, and every list).
   * `since`: the earliest publication time to come when the timer was set (any write that
   * scheduled an earlier one set it again).
   */
  async function invalidateJustPublished (since: Date): Promise<void> {
    const { rows } = await fastify.pool.query<{ id: string, topics: string[], quotes: string[], speakers: string[], authors: string[] }>({
      name: 'response-cache-just-published',
      text: `SELECT a.id,
               array(SELECT topic_id FROM article_topics WHERE article_id = a.id
                     UNION SELECT qt.topic_id FROM quote_topics qt JOIN quotes q ON q.id = qt.quote_id WHERE q.article_id = a.id) AS topics,
               array(SELECT id FROM quotes WHERE article_id = a.id) AS quotes,
               array(SELECT DISTINCT speaker_id FROM quotes WHERE article_id = a.id AND speaker_id IS NOT NULL) AS speakers,
               array(SELECT author_id FROM article_authors WHERE article_id = a.id) AS authors
             FROM articles a
            WHERE a.status IN ('published', 'scheduled') AND a.published_at >= $1 AND a.published_at <= now()`,
      values: [since]
    })
    const published = (resource: string, resourceId: string, extra: Partial<ChangeForTags> = {}): ChangeForTags => ({
      kind: 'published', resource, resourceId, publicBefore: false, publicAfter: true, articleId: null, speakerId: null, speakerBefore: null,
      topicIds: [], topicsBefore: [], changed: [], ...extra
    })
    invalidate(eventTags(rows.flatMap((row) => [
      published('article', row.id, { topicIds: row.topics }),
      ...row.quotes.map((id) => published('quote', id, { articleId: row.id })),
      ...row.topics.map((id) => published('topic', id)),
      ...row.speakers.map((id) => published('speaker', id)),
      ...row.authors.map((id) => published('author', id))
    ])))
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

  let unsubscribe: (() => void) | undefined
  fastify.addHook('onReady', async () => {
    unsubscribe = fastify.changeListener.subscribe((seq, events) => {
      if (seq === null) {
        restart().catch((err: unknown) => { fastify.log.warn({ err }, 'response cache: restart failed; not caching') })
      } else if (events && seq === applied + 1n && announced === applied && !reading) {
        // The next commit, its events on its announcement (migration 022): applied now, no read.
        announced = seq
        try {
          invalidate(eventTags(events as ChangeForTags[]))
        } catch (err) {
          // Not knowing what changed, drop everything (as a failed read does).
          fastify.log.warn({ err }, 'response cache: could not apply announced events; flushed')
          flush()
        }
        applied = seq
        release()
      } else {
        if (seq > announced) announced = seq
        readSoon()
      }
      if (mayHaveScheduled(events)) rescheduleSoon() // a text save cannot: no query per save on every instance
    })
    if (fastify.changeListener.listening) await restart().catch(() => {})
    await scheduleNextPublication().catch(() => {})
  })
  fastify.addHook('onClose', async () => {
    closed = true
    ready = false
    unsubscribe?.()
    clearTimeout(publishTimer)
    await reading
    await events.end()
  })

  const cacheable = (request: FastifyRequest): boolean => ready && fastify.changeListener.listening && publicCacheable(request)
  // Feeds and sitemaps link to the origin the request names (its Host, unless PUBLIC_API_URL is
  // set): one sent with `Host: evil.example` must not become every reader's answer. With
  // PUBLIC_API_URL no answer depends on the Host, so one copy serves every alias.
  // A request whose Host is no origin at all (HTTP/1.0 without one, `a b`) is not cached.
  const keyOf = opts.publicApiUrl
    ? (request: FastifyRequest): string | null => request.url
    : (request: FastifyRequest): string | null => {
        const origin = originOf(request)
        return origin === null ? null : origin + request.url
      }

  fastify.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return
    const key = keyOf(request)
    if (key === null) return
    request.cacheGeneration = generation
    if (!cache.has(key)) {
      const wait = answered(key)
      if (!wait) {
        fastify.metrics.cacheMisses.inc()
        return computeOnce(request, key)
      }
      await wait
      request.cacheGeneration = generation
      if (!cache.has(key)) { // not stored (not a 200, or invalidated meanwhile): make our own
        fastify.metrics.cacheMisses.inc()
        return
      }
    }
    try {
      await caughtUp()
    } catch {
      request.cacheGeneration = undefined
      return
    }
    const hit = cache.get(key)
    if (!hit) {
      fastify.metrics.cacheMisses.inc()
      request.cacheGeneration = generation
      return
    }
    request.cacheHit = true
    fastify.metrics.cacheHits.inc()
    reply.headers(hit.headers)
    reply.header('x-cache', 'HIT')
    return reply.code(200).send(hit.payload)
  })

  fastify.addHook('onResponse', async (request) => { request.releaseWaiters?.() })
  fastify.addHook('onRequestAbort', async (request) => { request.releaseWaiters?.() })

  fastify.addHook('onSend', async (request, reply, payload) => {
    const since = request.cacheGeneration
    if (since === undefined || request.cacheHit || reply.statusCode !== 200 || typeof payload !== 'string' || !ready) return payload
    const tags = request.cacheTags ?? [ANY]
    // Stored only when nothing it shows was invalidated while it was being made.
    if (invalidatedSince(since, tags)) return payload
    const headers: Record<string, string> = {}
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name)
      if (typeof value === 'string') headers[name] = value
    }
    const ttl = request.routeOptions.config.responseCacheTtlMs
    const key = keyOf(request)!
    cache.set(key, { payload, headers, tags }, ttl === undefined ? undefined : { ttl })
    if (!cache.has(key)) return payload // too big to keep
    for (const tag of tags) {
      let urls = byTag.get(tag)
      if (!urls) byTag.set(tag, urls = new Set())
      urls.add(key)
    }
    return payload
  })
  fastify.metrics.cacheSize = () => cache.size
}, { name: 'response-cache', dependencies: ['database', 'change-listener', 'cache-tags', 'metrics'] })
