import type pg from 'pg'

// A read waits for a busy pool only briefly. Under a burst, requests used to queue for a
// connection until the pool's 5 s timeout and were then answered "database unavailable"
// while Postgres was healthy. A read that cannot get a connection within READ_QUEUE_TIMEOUT_MS
// (1 s by default) is now shed as overloaded (plugins/external/under-pressure.ts sheds a
// request at once when the queue is already long; this bounds the wait of those let in).

// Writes are shed last (issue #15): a queue of writes is not overload, only slow commits on a
// busy machine (content commits are serialized, migration 005). The writers' pool lets a write
// wait up to WRITE_QUEUE_TIMEOUT_MS (30 s by default) instead of 5 s; true overload still sheds:
// a write arriving while MAX_WRITE_WAITING already wait is refused at once (load shedding), as
// is any request while the event loop lags. Prisma's own wait to start a transaction is longer
// than any pool timeout, so the pool's timeout (a 503 "overloaded") is the one that fires.

/** The longest wait for the writers' pool that WRITE_QUEUE_TIMEOUT_MS may set. */
export const WRITE_ACQUIRE_MAX_MS = 60_000
/** Prisma's wait to start a content transaction: beyond the pool's, which decides. */
export const TRANSACTION_START_MAX_WAIT_MS = WRITE_ACQUIRE_MAX_MS + 5_000

// pg-pool's message when a queued request's wait runs out: the pool was full, not the database gone.
const QUEUE_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect'

/** Whether an error (or its causes, or its message when a driver wrapped it) is a wait for a full pool that ran out. */
export function isPoolOverloaded (error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { message, cause } = current as { message?: unknown, cause?: unknown }
    if (typeof message === 'string' && message.includes(QUEUE_TIMEOUT_MESSAGE)) return true
    current = cause
  }
  return false
}

type Connect = pg.Pool['connect']

/** Gives reads (`isRead()` in the current request) the short wait, on `pool.connect` (which `pool.query` and Prisma's adapter use); writes keep the pool's own timeout. */
export function shortReadWaits (pool: pg.Pool, isRead: () => boolean, readTimeoutMs: number): void {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => unknown
  const options = (pool as unknown as { options: { connectionTimeoutMillis?: number, max: number } }).options
  pool.connect = ((callback?: unknown) => {
    const queues = pool.idleCount === 0 && pool.totalCount >= options.max
    if (!queues || !isRead()) return connect(callback)
    // pg-pool reads the timeout when it queues the request, synchronously: a read queues with
    // the short one. (Only when it queues: a new connection keeps the pool's connect timeout.)
    const poolTimeout = options.connectionTimeoutMillis
    options.connectionTimeoutMillis = Math.min(poolTimeout ?? Infinity, readTimeoutMs)
    try {
      return connect(callback)
    } finally {
      options.connectionTimeoutMillis = poolTimeout
    }
  }) as Connect
}
