import type { FastifyInstance } from 'fastify'
import { headPosition, parsePosition, readChanges, type ChangeRow, type Position } from './repository.js'

// The live end of the change feed for streaming readers (Server-Sent Events). One reader
// per instance follows the feed as commits are announced and hands each new event to every
// stream, so a thousand open streams cost one query per commit, not a thousand.

export type LiveListener = (rows: ChangeRow[]) => void

const BATCH = 500

export interface LiveFeed {
  /**
   * Calls `listener` with each batch of events committed after `start` (a position it
   * resolves to); a reader catches up from the feed to `start` itself. `stop` ends it.
   */
  follow: (listener: LiveListener) => { start: Promise<Position>, stop: () => void }
}

export function createLiveFeed (fastify: FastifyInstance): LiveFeed {
  const listeners = new Set<LiveListener>()
  let head: Promise<Position> | undefined
  let reading: Promise<void> | undefined
  let readAgain = false
  let unsubscribe: (() => void) | undefined

  async function readNew (): Promise<void> {
    if (!head) return
    for (;;) {
      const { rows, next } = await readChanges(fastify.pool, { after: await head, limit: BATCH, audience: 'private' })
      head = Promise.resolve(parsePosition(next))
      if (rows.length > 0) for (const listener of listeners) listener(rows)
      if (rows.length < BATCH) return
    }
  }

  function catchUp (): void {
    if (reading) {
      readAgain = true
      return
    }
    reading = readNew()
      .catch((err: unknown) => { fastify.log.warn({ err }, 'live change feed: read failed; retrying on the next commit') })
      .finally(() => {
        reading = undefined
        if (readAgain && listeners.size > 0) {
          readAgain = false
          catchUp()
        }
      })
  }

  return {
    follow (listener) {
      if (listeners.size === 0) {
        // Nobody followed meanwhile: start again from the present.
        unsubscribe = fastify.changeListener.subscribe(() => { catchUp() })
        head = headPosition(fastify.pool).then(parsePosition)
        head.catch(() => { head = undefined })
      }
      listeners.add(listener)
      const start = head!
      return {
        start,
        stop: () => {
          listeners.delete(listener)
          if (listeners.size > 0) return
          unsubscribe?.()
          unsubscribe = undefined
          head = undefined
        }
      }
    }
  }
}
