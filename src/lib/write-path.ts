import type pg from 'pg'
import { TRANSACTION_START_MAX_WAIT_MS } from '../db/admission.js'
import type { Database } from '../db/client.js'
import type { Prisma } from '../generated/prisma/client.js'
import { isWriteCollision } from './postgres-errors.js'
import { currentContext, runInContext, type Actor } from './request-context.js'
import { prepared } from './sql.js'

// The one write path for content. Triggers (migration 005) record every change to an
// article, quote, topic or speaker as a change event in the changing transaction, whoever
// writes; these two functions open that transaction and tell the triggers who is acting,
// so an event names the API key (or the CLI, the scheduler...) that made it.

export type { Actor }

const SYSTEM: Actor = { via: 'system', keyId: null }

/** Runs `work` (and everything it starts) as `actor`, outside any request (the CLI, the scheduler, the seed). */
export function actingAs<T> (actor: Actor, work: () => T): T {
  return runInContext({ ...currentContext(), actor }, work)
}

const SET_ACTOR = "SELECT set_config('newsdesk.actor', $1, true), set_config('newsdesk.actor_key', $2, true)"

function actorValues (): [string, string] {
  const actor = currentContext()?.actor ?? SYSTEM
  return [actor.via, actor.keyId ?? '']
}

export type ContentTx = Prisma.TransactionClient

const ATTEMPTS = 3

/**
 * Runs `attempt` again when Postgres undid it for meeting another write at the same moment (a
 * deadlock between two writes locking the same stories in another order): nothing of it was
 * written, so the whole of it is made again. `attempt` must do nothing outside the database.
 */
async function retryingCollisions<T> (attempt: () => Promise<T>): Promise<T> {
  for (let made = 1; ; made++) {
    try {
      return await attempt()
    } catch (error) {
      if (made >= ATTEMPTS || !isWriteCollision(error)) throw error
    }
  }
}

/** A Prisma transaction for content writes (`work` may be run again: see retryingCollisions). */
export async function contentTransaction<T> (db: Database, work: (tx: ContentTx) => Promise<T>): Promise<T> {
  return retryingCollisions(() => db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(SET_ACTOR, ...actorValues())
    return work(tx)
  // Wait for a connection longer than any pool does (not Prisma's default 2 s): a queue of
  // writes waits its turn, and a pool that stays full answers "overloaded" (src/db/admission.ts).
  }, { timeout: 30_000, maxWait: TRANSACTION_START_MAX_WAIT_MS }))
}

/** The same for hand-written SQL on a pool client (the bulk writer). */
export async function contentClientTransaction<T> (pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query({ name: 'write-path-actor', text: SET_ACTOR, values: actorValues() })
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

/**
 * A FROM item that sets the actor, for contentStatement: `UPDATE t SET ... FROM ${ACTOR_FROM} WHERE ...`.
 * Its settings are $1 and $2 of the statement.
 */
export const ACTOR_FROM = "(SELECT set_config('newsdesk.actor', $1, true), set_config('newsdesk.actor_key', $2, true)) AS actor"

/**
 * One hand-written statement that is its own transaction, with the actor set inside it (through
 * ACTOR_FROM): one round trip where a transaction takes four (BEGIN, actor, statement, COMMIT).
 * The triggers record its change events as for any other write; `values` are $3 onwards.
 */
export async function contentStatement<Row extends pg.QueryResultRow> (pool: pg.Pool, text: string, values: unknown[]): Promise<Row[]> {
  return retryingCollisions(async () => (await pool.query<Row>(prepared(text, [...actorValues(), ...values]))).rows)
}
