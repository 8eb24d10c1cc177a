import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type pg from 'pg'
import { WRITE_ACQUIRE_MAX_MS, shortReadWaits } from '../../db/admission.js'
import { ROUTED_TO, createDatabase, type Database, type DatabaseLane, type QueryEvent } from '../../db/client.js'
import { watchReplica, type ReplicaState } from '../../db/replica-health.js'
import { currentContext, runInContext, type Lane } from '../../lib/request-context.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Prisma: the primary, or the read replica during a public read when one is configured. */
    db: Database
    /** The primary's pool, for hand-written SQL (the writers' connections during a write). */
    pool: pg.Pool
    /** The pool for hand-written reads, routed like `db`: the replica during a public read when one is configured. */
    readPool: pg.Pool
    /** Each lane's own pool, by name (primary, replica when configured, writer, search), for the metrics. */
    databaseLanes: () => Record<string, pg.Pool>
    /** Whether public reads go to the replica now, and its lag; undefined without a replica. */
    replicaState: () => ReplicaState | undefined
    /** The searches' own connections (the search bulkhead's lane), routed like `readPool`. */
    searchPool: pg.Pool
    /** The writers' pool (its queue decides when writes are shed: plugins/external/under-pressure.ts). */
    writerPool: pg.Pool
  }
}

interface Options {
  url: string
  replicaUrl?: string | undefined
  /** Public reads leave a replica further behind than this (or not answering) for the primary. */
  replicaMaxLagMs?: number
  /** How often the replica's health and lag are checked. */
  replicaCheckMs?: number
  poolSize: number
  writePoolSize: number
  /** Connections for searches alone (the search bulkhead's lane), and their statement timeout. */
  searchPoolSize: number
  searchTimeoutMs: number
  /** How long a write waits for one of the writers' connections (see src/db/admission.ts). */
  writeQueueTimeoutMs: number
  readQueueTimeoutMs: number
  onQuery?: (event: QueryEvent) => void
}

export default fp(async function database (fastify: FastifyInstance, opts: Options) {
  const primary = createDatabase(opts.url, opts.poolSize, opts.onQuery)
  const replica = opts.replicaUrl ? createDatabase(opts.replicaUrl, opts.poolSize, opts.onQuery) : undefined
  // Writes get connections of their own on the primary: an editor's save never queues behind
  // a crowd of anonymous reads (or slow searches) waiting for the shared pool.
  const writer = createDatabase(opts.url, opts.writePoolSize, opts.onQuery, { connectionTimeoutMillis: Math.min(opts.writeQueueTimeoutMs, WRITE_ACQUIRE_MAX_MS), keepOpen: true })
  // Searches too: a storm of slow searches holds only these, never the connections story,
  // list and quote reads wait for (the search bulkhead bounds how many run at once), and
  // connections nor their CPU for long: Postgres cancels a search statement after searchTimeoutMs.
  // A search that matches most of the archive would get parallel workers, so a search took
  // more cores than the bulkhead's count says (and each search paid to start them): one
  // backend per search instead.
  const search = createDatabase(opts.url, opts.searchPoolSize, opts.onQuery, { statementTimeoutMs: opts.searchTimeoutMs, serial: true })
  const searchReplica = opts.replicaUrl ? createDatabase(opts.replicaUrl, opts.searchPoolSize, opts.onQuery, { statementTimeoutMs: opts.searchTimeoutMs, serial: true }) : undefined
  // Public reads use the replica only while it answers and keeps up; else the primary, until it does again.
  const health = opts.replicaUrl
    ? watchReplica({
      primaryUrl: opts.url,
      replicaUrl: opts.replicaUrl,
      maxLagMs: opts.replicaMaxLagMs ?? 5_000,
      intervalMs: opts.replicaCheckMs ?? 1_000,
      onChange: (state, reason) => {
        if (state.usable) fastify.log.info({ lagMs: state.lagMs }, `read replica back in use: ${reason}`)
        else fastify.log.warn({ lagMs: state.lagMs }, `public reads go to the primary: ${reason}`)
      }
    })
    : undefined
  await health?.check()
  fastify.decorate('replicaState', () => health?.state())
  const { routed, isRead } = routeRequests(fastify, () => health?.state().usable === true)
  // Each lane's client is looked up when a request uses it: Prisma clients are made on first use.
  const lanes = <Client>(pick: (side: DatabaseLane) => Client): Record<Lane, () => Client> =>
    ({ primary: () => pick(primary), replica: () => pick(replica ?? primary), writer: () => pick(writer) })
  const primaryPool = (): pg.Pool => primary.pool
  // The Prisma clients are not made here: an empty object is the proxy's target (only `get`
  // is asked of it), and it is decorated as a getter, since `decorate` reads a plain value's
  // `getter` property, which would make the client.
  const db = routed({} as Database, lanes((side) => side.db))
  fastify.decorate('db', { getter: () => db })
  // `pool` is the primary's whatever the request (the change feed's head, the bulk writer).
  fastify.decorate('pool', routed(primary.pool, { ...lanes((side) => side.pool), replica: primaryPool }))
  fastify.decorate('readPool', routed(primary.pool, lanes((side) => side.pool)))
  fastify.decorate('searchPool', routed(search.pool, { primary: () => search.pool, replica: () => (searchReplica ?? search).pool, writer: () => search.pool }))
  fastify.decorate('databaseLanes', () => ({ primary: primary.pool, ...(replica && { replica: replica.pool }), writer: writer.pool, search: search.pool }))
  fastify.decorate('writerPool', writer.pool)
  // The writers' connections are opened once the server is ready, in the background, and kept
  // (keepOpen): an editor's first save after a start or a quiet spell does not wait for them.
  fastify.addHook('onReady', (done) => {
    openConnections(writer.pool, opts.writePoolSize)
    done()
  })
  // Reads wait for a busy pool only briefly (src/db/admission.ts); the writers' lane keeps its wait.
  for (const { pool } of [primary, ...(replica ? [replica] : [])]) shortReadWaits(pool, isRead, opts.readQueueTimeoutMs)
  fastify.addHook('onClose', async () => {
    await health?.stop()
    for (const lane of [primary, writer, search, ...(replica ? [replica] : []), ...(searchReplica ? [searchReplica] : [])]) await lane.end()
  })
}, { name: 'database' })

/** Opens `count` of the pool's connections at once and gives them back (not awaited; a failure leaves the pool as it was). */
function openConnections (pool: pg.Pool, count: number): void {
  void Promise.all(Array.from({ length: count }, async () => pool.connect().catch(() => undefined)))
    .then((clients) => { for (const client of clients) client?.release() })
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

// Each client's methods bound to it, once (not a new function on every `pool.query`); a method
// replaced on the client since (a wrapper installed at start-up) is bound anew.
const boundMethods = new WeakMap<object, Map<PropertyKey, { method: unknown, bound: unknown }>>()
function boundTo (client: object, property: PropertyKey, method: (...args: unknown[]) => unknown): unknown {
  let methods = boundMethods.get(client)
  if (methods === undefined) boundMethods.set(client, methods = new Map())
  let entry = methods.get(property)
  if (entry === undefined || entry.method !== method) methods.set(property, entry = { method, bound: method.bind(client) })
  return entry.bound
}

/** A request's actor until auth knows its key. */
const ANONYMOUS_API = { via: 'api', keyId: null } as const

/**
 * Each request picks its lane once, and it is carried through its async work: writes use the
 * writers' connections; public reads (GET or HEAD without a key) the replica when one is
 * configured and usable (answering, within its lag bound); keyed reads and all else the
 * primary, so nobody misses their own write (writing needs a key, so a writer reads with one). Work
 * outside a request (the scheduler, the webhook worker, the load-shedding check) uses the
 * primary. `routed` wraps one client (Prisma or pg) per lane in that choice; `isRead` says
 * whether the current request only reads (GET or HEAD).
 */
function routeRequests (fastify: FastifyInstance, replicaUsable: () => boolean): {
  routed: <Client extends object>(target: Client, clients: Record<Lane, () => Client>) => Client
  isRead: () => boolean
} {
  // The request's context (lib/request-context.ts); auth names its actor once the key is known.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const read = request.method === 'GET' || request.method === 'HEAD'
    const publicRead = read && request.headers.authorization === undefined && replicaUsable()
    runInContext({ actor: ANONYMOUS_API, lane: WRITES.has(request.method) ? 'writer' : publicRead ? 'replica' : 'primary', read }, done)
  })
  const isRead = (): boolean => currentContext()?.read === true
  const routed = <Client extends object>(target: Client, clients: Record<Lane, () => Client>): Client => new Proxy(target, {
    get (_target, property) {
      const client = clients[currentContext()?.lane ?? 'primary']()
      if (property === ROUTED_TO) return client
      const value = Reflect.get(client, property, client) as unknown
      return typeof value === 'function' ? boundTo(client, property, value as (...args: unknown[]) => unknown) : value
    }
  })
  return { routed, isRead }
}
