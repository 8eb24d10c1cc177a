import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'
import { shortReadWaits } from '../../db/admission.js'
import { ROUTED_TO, createDatabase, type Database, type QueryEvent } from '../../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Prisma: the primary, or the read replica during a public read when one is configured. */
    db: Database
    /** The primary's pool, for hand-written SQL. */
    pool: pg.Pool
    /** The pool for hand-written reads, routed like `db`: the replica during a public read when one is configured. */
    readPool: pg.Pool
  }
}

interface Options {
  url: string, replicaUrl?: string | undefined, poolSize: number, onQuery?: (event: QueryEvent) => void
}

export default fp(async function database (fastify: FastifyInstance, opts: Options) {
  const primary = createDatabase(opts.url, opts.poolSize, opts.onQuery)
  const replica = opts.replicaUrl ? createDatabase(opts.replicaUrl, opts.poolSize, opts.onQuery) : undefined
  // Which requests only read, for the short wait a read gets on a busy pool.
  const reading = new AsyncLocalStorage<boolean>()
  fastify.addHook('onRequest', (request, _reply, done) => { reading.run(request.method === 'GET' || request.method === 'HEAD', done) })
  for (const { pool } of [primary, ...(replica ? [replica] : [])]) shortReadWaits(pool, () => reading.getStore() === true)
  const routed = replica ? routeReads(fastify) : undefined
  fastify.decorate('db', routed && replica ? routed(primary.db, replica.db) : primary.db)
  fastify.decorate('pool', primary.pool)
  fastify.decorate('readPool', routed && replica ? routed(primary.pool, replica.pool) : primary.pool)
  fastify.addHook('onClose', async () => {
    for (const { db, pool } of [primary, ...(replica ? [replica] : [])]) {
      await db.$disconnect()
      await pool.end()
    }
  })
}, { name: 'database' })

/**
 * Public reads (GET or HEAD without a key) go to the replica; writes, keyed reads and
 * everything a write handler reads go to the primary, so nobody misses their own write.
 * The choice is made once per request and carried through its async work; the function
 * returned wraps a primary/replica pair of clients (Prisma or pg) in that choice.
 */
function routeReads (fastify: FastifyInstance): <Client extends object>(primary: Client, replica: Client) => Client {
  const publicRead = new AsyncLocalStorage<boolean>()
  fastify.addHook('onRequest', (request, _reply, done) => {
    const isPublicRead = (request.method === 'GET' || request.method === 'HEAD') && request.headers.authorization === undefined
    publicRead.run(isPublicRead, done)
  })
  return (primary, replica) => new Proxy(primary, {
    get (target, property) {
      const client = publicRead.getStore() === true ? replica : target
      if (property === ROUTED_TO) return client
      const value = Reflect.get(client, property, client) as unknown
      return typeof value === 'function' ? value.bind(client) : value
    }
  })
}
