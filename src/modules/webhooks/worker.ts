import type { FastifyBaseLogger } from 'fastify'
import pg from 'pg'
import { dispatchOnce } from './dispatcher.js'
import { claimDeliveries, pruneDeliveries, recordOutcome, type ClaimedDelivery, type RetryPolicy } from './queue.js'
import { createSender, type SendOptions } from './sender.js'
import { signedHeaders } from './signing.js'

// The webhook worker every instance runs: it fans new change events out to deliveries and
// sends due deliveries, a few at a time. It wakes on Postgres notifications (a commit that
// wrote change events, new deliveries) and polls as a safety net; every step is safe with any
// number of instances (see dispatcher.ts and queue.ts).

export interface WorkerOptions extends SendOptions {
  pool: pg.Pool
  databaseUrl: string
  log: FastifyBaseLogger
  retry: RetryPolicy
  batchSize: number
  concurrency: number
  pollMs: number
  retentionDays: number
  /** Told each attempt's recorded outcome (the metrics count them). */
  onOutcome?: (result: 'delivered' | 'retry' | 'failed') => void
}

const PRUNE_EVERY_MS = 60_000

/** Longer than any attempt can take, so a live process always records its own outcome. */
export const LEASE_MARGIN_MS = 5_000

export interface WebhookWorker { wake: () => void, stop: () => Promise<void> }

export function startWebhookWorker (options: WorkerOptions): WebhookWorker {
  const { pool, log } = options
  const sender = createSender(options)
  const leaseMs = options.timeoutMs + LEASE_MARGIN_MS
  const eventsPerPass = Math.max(1000, options.batchSize * 20)
  const inFlight = new Set<Promise<void>>()
  let running = true
  let ticking = false
  let again = false
  let dispatchDue = true
  let lastDispatchError: string | undefined

  async function deliver (claimed: ClaimedDelivery): Promise<void> {
    const outcome = await sender.send(claimed.url, signedHeaders(claimed.secrets, claimed.messageId, claimed.body), claimed.body)
    const result = await recordOutcome(pool, claimed, outcome, options.retry)
    options.onOutcome?.(result)
    if (result !== 'delivered') log.warn({ delivery: claimed.id, attempt: claimed.attempt, error: outcome.error, result }, 'webhook attempt failed')
  }

  // A failing fan-out must not hold up the deliveries already queued, nor the other way round.
  // True when no subscription is served: then there is no delivery to claim either.
  async function dispatch (): Promise<boolean> {
    let pass
    try {
      do pass = await dispatchOnce(pool, { batchSize: options.batchSize, eventsPerPass })
      while (running && pass.events === eventsPerPass)
    } catch (error) {
      // Logged once per distinct failure, not at every poll while it lasts.
      const message = (error as Error).message
      if (message !== lastDispatchError) log.warn({ err: error }, 'webhook fan-out failed; retrying at every poll')
      lastDispatchError = message
      return false
    }
    lastDispatchError = undefined
    return pass.idle
  }

  async function tick (): Promise<void> {
    if (ticking) { again = true; return }
    ticking = true
    try {
      do {
        again = false
        if (dispatchDue) {
          dispatchDue = false
          if (await dispatch()) continue
        }
        const free = options.concurrency - inFlight.size
        if (!running || free <= 0) break
        for (const claimed of await claimDeliveries(pool, free, leaseMs)) {
          const work: Promise<void> = deliver(claimed)
            .catch((error: unknown) => { log.error({ err: error, delivery: claimed.id }, 'webhook delivery could not be recorded') })
            .finally(() => { inFlight.delete(work); wake() })
          inFlight.add(work)
        }
      } while (again && running)
    } catch (error) {
      log.warn({ err: error }, 'webhook worker pass failed; retrying at the next poll')
    } finally {
      ticking = false
    }
  }

  function wake (dispatch = false): void {
    if (dispatch) dispatchDue = true
    if (running) void tick()
  }

  const poll = setInterval(() => wake(true), options.pollMs)
  poll.unref()
  const prune = setInterval(() => {
    pruneDeliveries(pool, options.retentionDays).catch((error: unknown) => { log.warn({ err: error }, 'pruning old webhook deliveries failed') })
  }, PRUNE_EVERY_MS)
  prune.unref()
  const listener = listen(options.databaseUrl, log, (channel) => wake(channel === 'newsdesk_changes'), () => running)
  wake(true)

  return {
    wake: () => wake(true),
    stop: async () => {
      running = false
      clearInterval(poll)
      clearInterval(prune)
      await listener.close()
      // In-flight attempts finish (each is bounded by the timeout) and record their outcome.
      await Promise.allSettled([...inFlight])
      await sender.close()
    }
  }
}

/** LISTENs on a connection of its own, reconnecting after a loss (polling covers the gap). */
function listen (url: string, log: FastifyBaseLogger, onNotify: (channel: string) => void, alive: () => boolean): { close: () => Promise<void> } {
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined
  const connect = (): void => {
    const next = new pg.Client({ connectionString: url })
    client = next
    next.on('notification', (message) => { onNotify(message.channel) })
    next.on('error', () => { reconnect(next) })
    next.on('end', () => { reconnect(next) })
    next.connect()
      .then(() => next.query('LISTEN newsdesk_changes; LISTEN newsdesk_webhooks'))
      .catch((error: unknown) => { log.debug({ err: error }, 'webhook listener could not connect'); reconnect(next) })
  }
  const reconnect = (lost: pg.Client): void => {
    if (client !== lost || !alive() || retry) return
    client = undefined
    lost.end().catch(() => {})
    retry = setTimeout(() => { retry = undefined; if (alive()) connect() }, 1_000)
    retry.unref()
  }
  connect()
  return {
    close: async () => {
      if (retry) clearTimeout(retry)
      const current = client
      client = undefined
      await current?.end().catch(() => {})
    }
  }
}
