import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'
import { createDatabase, type Database, type QueryEvent } from '../../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Prisma: the primary, or the read replica during a public read when one is configured. */
    db: Database
    /** The primary's pool, for hand-written SQL. */
    pool: pg.Pool
  }
}

interface Options { url: string, replicaUrl?: string | undefined, poolSize: number, onQuery?: (event: QueryEvent) => void }

export default fp(async function database (fastify: FastifyInstance, opts: Options) {
  const primary = createDatabase(opts.url, opts.poolSize, opts.onQuery)
  const replica = opts.replicaUrl ? createDatabase(opts.replicaUrl, opts.poolSize, opts.onQuery) : undefined
  fastify.decorate('db', replica ? routeReads(fastify, primary.db, replica.db) : primary.db)
  fastify.decorate('pool', primary.pool)
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
 * The choice is made once per request and carried through its async work.
 */
function routeReads (fastify: FastifyInstance, primary: Database, replica: Database): Database {
  const publicRead = new AsyncLocalStorage<boolean>()
  fastify.addHook('onRequest', (request, _reply, done) => {
    const isPublicRead = (request.method === 'GET' || request.method === 'HEAD') && request.headers.authorization === undefined
    publicRead.run(isPublicRead, done)
  })
  return new Proxy(primary, {
    get (target, property) {
      const client = publicRead.getStore() === true ? replica : target
      const value = Reflect.get(client, property, client) as unknown
      return typeof value === 'function' ? value.bind(client) : value
    }
  })
}
