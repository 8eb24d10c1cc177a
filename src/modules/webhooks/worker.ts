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
//
// While no subscription is served (none, or all disabled; paused ones are served, their events
// queue), it does nothing per commit: it stops listening for commits (UNLISTEN), so Postgres
// does not even send it their announcements, until a subscription starts to be served. That
// one's transaction announces it on the workers' channel (payload 'subscription', migration
// 030); the worker listens for commits again, then fans out. The poll still asks, once per
// `pollMs`, in case the announcement was missed (a lost connection).

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
    // No subscription served: commits need nothing of this instance until one is. (A start
    // announced meanwhile has set dispatchDue, so the pass that follows this one sees it.)
    void listener.followCommits(!pass.idle || dispatchDue)
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
  const listener = listen(options.databaseUrl, log, (channel, payload) => {
    if (channel === 'newsdesk_webhooks' && payload === SUBSCRIPTION_STARTED) {
      // Due at once, so a pass that is running now and found nothing served keeps following
      // commits; and they are followed before the fan-out that comes next, so none goes unheard.
      dispatchDue = true
      void listener.followCommits(true).then(() => { wake(true) })
      return
    }
    wake(channel === 'newsdesk_changes')
  }, () => running, () => { wake(true) })
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

/** What a subscription's transaction says on the workers' channel when it starts to be served (migration 030). */
export const SUBSCRIPTION_STARTED = 'subscription'

interface Listener {
  /**
   * Whether to hear of commits (LISTEN newsdesk_changes) or not; applied in the order asked,
   * and again after a reconnect. Resolves once Postgres has it (or the connection is lost).
   */
  followCommits: (follow: boolean) => Promise<void>
  close: () => Promise<void>
}

/**
 * LISTENs on a connection of its own, reconnecting after a loss (polling covers the gap;
 * `onConnect` is told each time it listens again, as notifications may have been missed).
 */
function listen (url: string, log: FastifyBaseLogger, onNotify: (channel: string, payload: string | undefined) => void, alive: () => boolean, onConnect: () => void): Listener {
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined
  // Until the first fan-out says whether any subscription is served, commits are followed.
  let following = true
  // What the current connection was last told (undefined until it listens).
  let told: boolean | undefined
  // pg sends one client's queries in the order they were made: the last one asked for wins.
  const apply = async (): Promise<void> => {
    const current = client
    if (current === undefined || told === undefined || told === following) return
    told = following
    await current.query(following ? 'LISTEN newsdesk_changes' : 'UNLISTEN newsdesk_changes')
      .catch((error: unknown) => { log.debug({ err: error }, 'webhook listener lost its connection'); reconnect(current) })
  }
  const connect = (): void => {
    const next = new pg.Client({ connectionString: url })
    client = next
    told = undefined
    next.on('notification', (message) => { onNotify(message.channel, message.payload) })
    next.on('error', () => { reconnect(next) })
    next.on('end', () => { reconnect(next) })
    const initially = following
    next.connect()
      .then(() => next.query(initially ? 'LISTEN newsdesk_changes; LISTEN newsdesk_webhooks' : 'LISTEN newsdesk_webhooks'))
      .then(() => {
        if (client !== next) return
        told = initially
        void apply() // `following` may have changed while it connected
        onConnect()
      })
      .catch((error: unknown) => { log.debug({ err: error }, 'webhook listener could not connect'); reconnect(next) })
  }
  const reconnect = (lost: pg.Client): void => {
    if (client !== lost || !alive() || retry) return
    client = undefined
    told = undefined
    lost.end().catch(() => {})
    retry = setTimeout(() => { retry = undefined; if (alive()) connect() }, 1_000)
    retry.unref()
  }
  connect()
  return {
    followCommits: async (follow) => {
      following = follow
      await apply()
    },
    close: async () => {
      if (retry) clearTimeout(retry)
      const current = client
      client = undefined
      await current?.end().catch(() => {})
    }
  }
}
