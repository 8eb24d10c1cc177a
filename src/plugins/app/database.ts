import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type pg from 'pg'
import { createDatabase, type Database, type QueryEvent } from '../../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    pool: pg.Pool
  }
}

export default fp(async function database (fastify: FastifyInstance, opts: { url: string, poolSize: number, onQuery?: (event: QueryEvent) => void }) {
  const { db, pool } = createDatabase(opts.url, opts.poolSize, opts.onQuery)
  fastify.decorate('db', db)
  fastify.decorate('pool', pool)
  fastify.addHook('onClose', async () => {
    await db.$disconnect()
    await pool.end()
  })
}, { name: 'database' })
