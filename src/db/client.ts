import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.js'

export type Database = PrismaClient

export interface QueryEvent { query: string, params: string }

/** Asked of a routed client (plugins/app/database.ts), the client it stands for in the current request. */
export const ROUTED_TO = Symbol('routed to')

/** The pool a routed pool stands for in the current request; any other pool is itself. */
export function poolInUse (pool: pg.Pool): pg.Pool {
  return (pool as pg.Pool & { [ROUTED_TO]?: pg.Pool })[ROUTED_TO] ?? pool
}

/**
 * One pg pool per process, shared by Prisma and by the few hand-tuned SQL queries.
 * `onQuery` sees every SQL statement Prisma sends (the benchmark EXPLAINs them).
 */
export function createDatabase (url: string, poolSize: number, onQuery?: (event: QueryEvent) => void): { db: Database, pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 })
  // An idle client losing its server (a restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  if (!onQuery) return { db: new PrismaClient({ adapter: new PrismaPg(pool) }), pool }
  const db = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: 'event', level: 'query' }] })
  db.$on('query', onQuery)
  return { db: db as unknown as Database, pool }
}
