import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.js'
import { PREPARED_NAME_PREFIX } from '../lib/sql.js'

export type Database = PrismaClient

export interface QueryEvent { query: string, params: string }

/** Asked of a routed client (plugins/app/database.ts), the client it stands for in the current request. */
export const ROUTED_TO = Symbol('routed to')

/** The pool a routed pool stands for in the current request; any other pool is itself. */
export function poolInUse (pool: pg.Pool): pg.Pool {
  return (pool as pg.Pool & { [ROUTED_TO]?: pg.Pool })[ROUTED_TO] ?? pool
}

export interface DatabaseLane {
  /** Prisma on `pool`, made when first read. */
  readonly db: Database
  pool: pg.Pool
  /** Disconnects Prisma (if it was made) and ends the pool. */
  end: () => Promise<void>
}

/**
 * One pg pool per process, shared by Prisma and by the hand-written SQL. `onQuery` sees every
 * SQL statement Prisma sends and every one the hand-written reads send (the benchmark
 * EXPLAINs them all). The Prisma client is made on first use of `db`: making one costs tens of
 * ms of CPU, and a server start needs none before its first answer (some lanes never need one).
 */
export function createDatabase (url: string, poolSize: number, onQuery?: (event: QueryEvent) => void, options: { statementTimeoutMs?: number, connectionTimeoutMillis?: number, serial?: boolean, keepOpen?: boolean } = {}): DatabaseLane {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    // Open connections are kept, not closed after 10 s idle: a new one costs a backend start and
    // its first run of each trigger function (planned anew per backend), 50-300 ms on a busy machine.
    ...(options.keepOpen === true && { min: poolSize }),
    ...(options.statementTimeoutMs !== undefined && { statement_timeout: options.statementTimeoutMs }),
    // One backend per statement, no parallel workers: a lane's width then bounds its CPU too.
    ...(options.serial === true && { options: '-c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan' })
  })
  // An idle client losing its server (a restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  if (onQuery) reportHandWritten(pool, onQuery)
  let db: Database | undefined
  return {
    pool,
    get db (): Database {
      db ??= createPrisma(pool, onQuery)
      return db
    },
    async end () {
      await db?.$disconnect()
      await pool.end()
    }
  }
}

function createPrisma (pool: pg.Pool, onQuery?: (event: QueryEvent) => void): Database {
  if (!onQuery) return new PrismaClient({ adapter: new PrismaPg(pool) })
  const db = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: 'event', level: 'query' }] })
  db.$on('query', onQuery)
  return db as unknown as Database
}

// Prisma reports its own statements; the hand-written ones are told by their names (lib/sql.ts).
function reportHandWritten (pool: pg.Pool, onQuery: (event: QueryEvent) => void): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown
  pool.query = ((...args: unknown[]) => {
    const [config] = args as [pg.QueryConfig | string]
    if (typeof config === 'object' && config.name?.startsWith(PREPARED_NAME_PREFIX) === true) onQuery({ query: config.text, params: JSON.stringify(config.values ?? []) })
    return query(...args)
  }) as typeof pool.query
}
