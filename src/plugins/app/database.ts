import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'
import { WRITE_ACQUIRE_MAX_MS, shortReadWaits } from '../../db/admission.js'
import { ROUTED_TO, createDatabase, type Database, type QueryEvent } from '../../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Prisma: the primary, or the read replica during a public read when one is configured. */
    db: Database
    /** The primary's pool, for hand-written SQL (the writers' connections during a write). */
    pool: pg.Pool
    /** The pool for hand-written reads, routed like `db`: the replica during a public read when one is configured. */
    readPool: pg.Pool
    /** The writers' pool (its queue decides when writes are shed: plugins/external/under-pressure.ts). */
    writerPool: pg.Pool
  }
}

interface Options {
  url: string, replicaUrl?: string | undefined, poolSize: number, writePoolSize: number
  /** How long a write waits for one of the writers' connections (see src/db/admission.ts). */
  writeQueueTimeoutMs: number
  onQuery?: (event: QueryEvent) => void
}

export default fp(async function database (fastify: FastifyInstance, opts: Options) {
  const primary = createDatabase(opts.url, opts.poolSize, opts.onQuery)
  const replica = opts.replicaUrl ? createDatabase(opts.replicaUrl, opts.poolSize, opts.onQuery) : undefined
  // Writes get connections of their own on the primary: an editor's save never queues behind
  // a crowd of anonymous reads (or slow searches) waiting for the shared pool.
  const writer = createDatabase(opts.url, opts.writePoolSize, opts.onQuery, Math.min(opts.writeQueueTimeoutMs, WRITE_ACQUIRE_MAX_MS))
  const { routed, isRead } = routeRequests(fastify, replica !== undefined)
  const lanes = <Client>(pick: (side: { db: Database, pool: pg.Pool }) => Client): Record<Lane, Client> =>
    ({ primary: pick(primary), replica: pick(replica ?? primary), writer: pick(writer) })
  fastify.decorate('db', routed(lanes((side) => side.db)))
  // `pool` is the primary's whatever the request (the change feed's head, the bulk writer).
  fastify.decorate('pool', routed({ ...lanes((side) => side.pool), replica: primary.pool }))
  fastify.decorate('readPool', routed(lanes((side) => side.pool)))
  fastify.decorate('writerPool', writer.pool)
  // Reads wait for a busy pool only briefly (src/db/admission.ts); the writers' lane keeps its wait.
  for (const { pool } of [primary, ...(replica ? [replica] : [])]) shortReadWaits(pool, isRead)
  fastify.addHook('onClose', async () => {
    for (const { db, pool } of [primary, writer, ...(replica ? [replica] : [])]) {
      await db.$disconnect()
      await pool.end()
    }
  })
}, { name: 'database' })

type Lane = 'primary' | 'replica' | 'writer'
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Each request picks its lane once, and it is carried through its async work: writes use the
 * writers' connections; public reads (GET or HEAD without a key) the replica when one is
 * configured; keyed reads and all else the primary, so nobody misses their own write. Work
 * outside a request (the scheduler, the webhook worker, the load-shedding check) uses the
 * primary. `routed` wraps one client (Prisma or pg) per lane in that choice; `isRead` says
 * whether the current request only reads (GET or HEAD).
 */
function routeRequests (fastify: FastifyInstance, hasReplica: boolean): {
  routed: <Client extends object>(clients: Record<Lane, Client>) => Client
  isRead: () => boolean
} {
  const current = new AsyncLocalStorage<{ lane: Lane, read: boolean }>()
  fastify.addHook('onRequest', (request, _reply, done) => {
    const read = request.method === 'GET' || request.method === 'HEAD'
    const publicRead = hasReplica && read && request.headers.authorization === undefined
    current.run({ lane: WRITES.has(request.method) ? 'writer' : publicRead ? 'replica' : 'primary', read }, done)
  })
  const isRead = (): boolean => current.getStore()?.read === true
  const routed = <Client extends object>(clients: Record<Lane, Client>): Client => new Proxy(clients.primary, {
    get (_target, property) {
      const client = clients[current.getStore()?.lane ?? 'primary']
      if (property === ROUTED_TO) return client
      const value = Reflect.get(client, property, client) as unknown
      return typeof value === 'function' ? value.bind(client) : value
    }
  })
  return { routed, isRead }
}
