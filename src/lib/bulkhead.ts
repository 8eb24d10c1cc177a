import pLimit from 'p-limit'
import type { FastifyReply } from 'fastify'
import { overloaded } from './problem.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on a route whose work waits in a bulkhead of its own: the load shedder does not count it. */
    bulkhead?: string
  }
}

export interface BulkheadOptions {
  /** Units of work running at once; the rest wait their turn. */
  concurrency: number
  /** Units waiting above which new work is refused at once with a 503. */
  maxWaiting: number
  /** Named in the 503's detail: "Too many searches are waiting". */
  what: string
  retryAfterSeconds?: number
  /** Longest wait for a turn: work still queued after it is refused with a 503 (unset: no bound). */
  maxWaitMs?: number
  /** Units running at once while `othersBusy()` says other requests are in progress (default: `concurrency`). */
  busyConcurrency?: number
  othersBusy?: () => boolean
}

/**
 * A bounded share of the database for one kind of slow work (search): at most `concurrency`
 * run at once, so they cannot take every pooled connection and starve the cheap reads queued
 * behind them; at most `maxWaiting` wait, each at most `maxWaitMs`, and beyond either the
 * caller gets a fast 503 saying the service is overloaded, with Retry-After.
 */
export function bulkhead (options: BulkheadOptions) {
  const limit = pLimit(options.concurrency)
  const retryAfter = options.retryAfterSeconds ?? 1
  // Slow work takes all its slots only while nothing else is being served: on a small machine
  // each running search takes a core, and cheap reads queue for CPU behind them. Checked when
  // work arrives and when a unit ends (before the next one starts).
  const busyConcurrency = Math.min(options.busyConcurrency ?? options.concurrency, options.concurrency)
  const rebalance = (): void => {
    const allowed = busyConcurrency < options.concurrency && options.othersBusy?.() === true ? busyConcurrency : options.concurrency
    if (limit.concurrency !== allowed) limit.concurrency = allowed
  }
  // Work refused after waiting too long still holds its place in the queue until its turn:
  // it is not waiting any more, so it does not count.
  let abandoned = 0
  const waiting = (): number => limit.pendingCount - abandoned
  const run = <T>(reply: FastifyReply, unit: () => Promise<T>): Promise<T> => {
    rebalance()
    const work = async (): Promise<T> => {
      try {
        return await unit()
      } finally {
        rebalance()
      }
    }
    if (limit.activeCount >= limit.concurrency && waiting() >= options.maxWaiting) {
      reply.header('retry-after', String(retryAfter))
      throw overloaded(`Temporarily overloaded: too many ${options.what} are waiting. Retry after ${retryAfter} s.`, `${options.what}_waiting`)
    }
    if (options.maxWaitMs === undefined) return limit(work)
    return new Promise<T>((resolve, reject) => {
      // A storm of slow work queues for longer than anyone waits for an answer: past the bound the
      // caller is told at once, and its turn, when it comes, runs nothing.
      let expired = false
      const timer = setTimeout(() => {
        expired = true
        abandoned++
        reply.header('retry-after', String(retryAfter))
        reject(overloaded(`Temporarily overloaded: ${options.what} waited ${options.maxWaitMs} ms for their turn behind others. Retry after ${retryAfter} s.`, `${options.what}_wait`))
      }, options.maxWaitMs)
      limit(async () => {
        if (expired) {
          abandoned--
          return undefined
        }
        clearTimeout(timer)
        return await work()
      }).then((value) => { if (!expired) resolve(value as T) }, reject)
    })
  }
  return Object.defineProperties(run as typeof run & { readonly active: number, readonly waiting: number }, {
    active: { get: () => limit.activeCount },
    waiting: { get: waiting }
  })
}
