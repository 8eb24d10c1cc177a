import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import pg from 'pg'

// One LISTEN connection per instance for the change feed's commit announcements (NOTIFY
// newsdesk_changes, payload = the commit's seq, migration 005, followed by its events as JSON
// when they fit, migration 022). The scheduler, the live feed and the caches subscribe here
// rather than each holding a connection of its own.

/** `events`: the commit's change events (the columns response-cache.ts reads), when the announcement carried them. */
export type CommitListener = (seq: bigint | null, events?: unknown[]) => void

export interface ChangeListener {
  /**
   * Calls `listener` with the seq of each commit announced to this instance, in order, and
   * with null when the connection was lost and restored (commits may have been missed:
   * catch up from the feed). Returns the function that unsubscribes.
   */
  subscribe: (listener: CommitListener) => () => void
  /**
   * Resolves after a round trip on the listening connection begun now: any commit that was
   * visible before the call has been announced to every subscriber by then.
   */
  roundTrip: () => Promise<void>
  readonly listening: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    changeListener: ChangeListener
  }
}

/** "<seq>" or "<seq> <events as a JSON array>" (migration 022). */
export function parseAnnouncement (payload: string): { seq: bigint, events?: unknown[] } {
  const space = payload.indexOf(' ')
  if (space < 0) return { seq: BigInt(payload) }
  const events: unknown = JSON.parse(payload.slice(space + 1))
  if (!Array.isArray(events)) throw new Error('announced events are not a list')
  return { seq: BigInt(payload.slice(0, space)), events }
}

/**
 * Whether a commit may have scheduled a story sooner than a timer set for the next one (the scheduler's, the response cache's): unknown
 * (the announcement did not carry its events), or a story created, or its status or
 * publication time changed. An editor's text save cannot, and re-arming for it would be a
 * query per save on every instance.
 */
export function mayHaveScheduled (events: unknown[] | undefined): boolean {
  if (events === undefined) return true
  return events.some((event) => {
    const { resource, kind, changed } = event as { resource?: string, kind?: string, changed?: string[] }
    if (resource !== 'article') return false
    if (kind !== 'updated' || !Array.isArray(changed)) return true
    return changed.includes('status') || changed.includes('publishedAt')
  })
}

export default fp(async function changeListener (fastify: FastifyInstance, opts: { databaseUrl: string }) {
  const listeners = new Set<CommitListener>()
  let client: pg.Client | undefined
  let listening = false
  let closed = false

  const announce = (seq: bigint | null, events?: unknown[]): void => {
    for (const listener of listeners) {
      try {
        listener(seq, events)
      } catch (err) {
        fastify.log.error({ err }, 'a change listener failed')
      }
    }
  }

  async function connect (attempt = 0): Promise<void> {
    if (closed) return
    const next = new pg.Client({ connectionString: opts.databaseUrl })
    const lost = (): void => {
      if (client !== next) return
      client = undefined
      listening = false
      next.end().catch(() => {})
      setTimeout(() => { connect().catch(() => {}) }, 1000).unref()
    }
    next.on('error', lost)
    next.on('end', lost)
    next.on('notification', (message) => {
      if (message.channel !== 'newsdesk_changes' || message.payload === undefined) return
      let announcement: { seq: bigint, events?: unknown[] }
      try {
        announcement = parseAnnouncement(message.payload)
      } catch {
        return announce(null)
      }
      announce(announcement.seq, announcement.events)
    })
    try {
      client = next
      await next.connect()
      await next.query('LISTEN newsdesk_changes')
      listening = true
      announce(null) // anything may have happened while nobody listened
    } catch {
      client = undefined
      await next.end().catch(() => {})
      if (!closed) setTimeout(() => { connect(attempt + 1).catch(() => {}) }, Math.min(5000, 250 * 2 ** attempt)).unref()
    }
  }

  // One round trip in flight at a time; callers arriving meanwhile share the next one.
  let current: Promise<void> | undefined
  let queued: Promise<void> | undefined
  function roundTrip (): Promise<void> {
    if (!current) {
      const connection = client
      current = (connection && listening ? connection.query('SELECT 1').then(() => {}) : Promise.reject(new Error('not listening')))
        .finally(() => { current = undefined })
      return current
    }
    queued ??= current.catch(() => {}).then(() => {
      queued = undefined
      return roundTrip()
    })
    return queued
  }

  fastify.decorate('changeListener', {
    subscribe (listener: CommitListener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    roundTrip,
    get listening () { return listening }
  })

  fastify.addHook('onReady', async () => { await connect() })
  fastify.addHook('onClose', async () => {
    closed = true
    const connection = client
    client = undefined
    listening = false
    await connection?.end().catch(() => {})
  })
}, { name: 'change-listener' })
