import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type pg from 'pg'
import { actingAs, contentClientTransaction } from '../../lib/write-path.js'
import { mayHaveScheduled } from '../../plugins/app/change-listener.js'

// A scheduled story goes live at its time with no request to announce it: this worker
// writes its `published` event then. Every instance runs it; the due rows are claimed with
// FOR UPDATE SKIP LOCKED and deleted in the transaction that writes the events
// (newsdesk_publish_due, migration 005), so each story is announced exactly once however
// many instances race for it, and a crash mid-way leaves the row for the next attempt.
// Each instance sleeps until the next due time, measured by the database's clock; any
// committed change may have scheduled an earlier one, so each announcement re-arms it.

const BATCH = 100
/** The longest sleep: a safety net should an announcement be missed. */
const MAX_SLEEP_MS = 60_000

/**
 * Announces the stories that are due, in batches; returns how many. Nothing due, nothing
 * written: newsdesk_publish_due inserts its (zero) events with a statement whose trigger
 * registers the transaction as a commit of the change feed whatever the row count, so calling
 * it idle used to write an empty commit every wake-up (each minute, per instance): a write
 * behind every request's back, which made "a refused write changes nothing" fail at random.
 */
export async function publishDue (pool: pg.Pool): Promise<number> {
  let published = 0
  for (;;) {
    const { rows: [pending] } = await pool.query<{ due: boolean }>({
      name: 'scheduler-any-due',
      text: 'SELECT EXISTS (SELECT 1 FROM scheduled_publications WHERE due_at <= statement_timestamp()) AS due'
    })
    if (pending?.due !== true) return published
    const due = await actingAs({ via: 'scheduler', keyId: null }, () => contentClientTransaction(pool, async (client) => {
      const { rows } = await client.query<{ due: number }>({ name: 'scheduler-publish-due', text: 'SELECT newsdesk_publish_due($1) AS due', values: [BATCH] })
      return rows[0]!.due
    }))
    published += due
    if (due < BATCH) return published
  }
}

export default fp(async function scheduler (fastify: FastifyInstance) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  // What a run in progress must be followed by (it may have read the next due time too early).
  let again: { publish: boolean } | undefined
  let closed = false

  async function msUntilNext (): Promise<number | null> {
    const { rows } = await fastify.pool.query<{ wait: number | null }>({
      name: 'scheduler-next-due',
      text: 'SELECT (extract(epoch FROM min(due_at) - statement_timestamp()) * 1000)::float8 AS wait FROM scheduled_publications'
    })
    return rows[0]?.wait ?? null
  }

  function sleep (ms: number): void {
    clearTimeout(timer)
    if (closed) return
    timer = setTimeout(() => { run(true) }, Math.max(0, Math.min(ms, MAX_SLEEP_MS)) + 1)
    timer.unref()
  }

  /** Publishes what is due (when `publish`), then sleeps until the next due time. One run at a time. */
  function run (publish: boolean): void {
    if (closed) return
    if (running) {
      again = { publish: publish || again?.publish === true }
      return
    }
    running = (async () => {
      if (publish) await publishDue(fastify.pool)
      const wait = await msUntilNext()
      if (wait !== null && wait <= 0) again = { publish: true }
      else sleep(wait ?? MAX_SLEEP_MS)
    })()
      .catch((err: unknown) => {
        if (!closed) fastify.log.warn({ err }, 'scheduled publication: will try again')
        sleep(1000)
      })
      .finally(() => {
        running = undefined
        const next = again
        again = undefined
        if (next) run(next.publish)
      })
  }

  let unsubscribe: (() => void) | undefined
  fastify.addHook('onReady', async () => {
    // Re-arm on each announced commit that may have scheduled something sooner.
    unsubscribe = fastify.changeListener.subscribe((_seq, events) => { if (mayHaveScheduled(events)) run(false) })
    run(true)
  })
  fastify.addHook('onClose', async () => {
    closed = true
    unsubscribe?.()
    clearTimeout(timer)
    await running
  })
}, { name: 'scheduler', dependencies: ['database', 'change-listener'] })
