import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.js'

export type Database = PrismaClient

/** One pg pool per process, shared by Prisma and by the few hand-tuned SQL queries. */
export function createDatabase (url: string, poolSize: number): { db: Database, pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 })
  // An idle client losing its server (a restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = new PrismaClient({ adapter: new PrismaPg(pool) })
  return { db, pool }
}
