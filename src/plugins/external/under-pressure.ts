import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { poolInUse } from '../../db/client.js'
import { overloaded } from '../../lib/problem.js'
import { prefersEventStream } from '../../lib/accept.js'

export interface LoadSheddingOptions {
  /** Mean event-loop delay, in ms, above which requests are shed; 0 turns the check off. */
  maxEventLoopDelayMs: number
  /** Queries waiting for a pooled connection above which requests are shed. */
  maxPoolWaiting: number
  /** Writes waiting for one of the writers' connections above which writes are shed. */
  maxWriteWaiting: number
  /** Connections in the pool: with maxPoolWaiting, how many requests may be in progress at once. */
  poolSize: number
  retryAfterSeconds?: number
}

// Shed load early and cheaply (before the auth lookup touches the database) with a 503 a
// client can retry, instead of letting latency climb for everyone. Liveness stays green:
// an overloaded process is alive and must not be restarted for it. Writes have connections
// of their own (plugins/app/database.ts), so a queue for the readers' pool does not shed them:
// only a lagging event loop, true overload of the process, does. Writes are shed last.
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

declare module 'fastify' {
  interface FastifyInstance {
    /** Reads in progress that the load shedder counts (not searches, writes, probes or event streams). */
    readsInProgress: () => number
  }
}
export default fp(async function loadShedding (fastify: FastifyInstance, opts: LoadSheddingOptions) {
  const retryAfter = opts.retryAfterSeconds ?? 5
  // Start-up (loading code, connecting) blocks the loop for a while; that is not load, and the
  // first requests after it must not be refused for it.
  let readyAt = Infinity
  fastify.addHook('onReady', async () => { readyAt = Date.now() })
  await fastify.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    pressureHandler: async (request, reply, type) => {
      if (request.url === '/health' || request.url === '/metrics') return
      if (Date.now() - readyAt < 3_000) return
      reply.header('retry-after', String(retryAfter))
      throw overloaded(`The server is overloaded (${type === 'eventLoopDelay' ? 'its event loop lags' : type}); retry after ${retryAfter} s.`, type === 'eventLoopDelay' ? 'event_loop_delay' : String(type))
    }
  })
  // Admission, decided on each request rather than sampled: a burst arriving between two
  // samples used to queue whole for the pool's timeout, then be called a database outage.
  // Requests in progress beyond what the pool can serve plus its queue are shed at once, as
  // are requests arriving while the queue is full; one let in waits briefly for a connection
  // (src/db/admission.ts). Event streams (the change feed's) stay open for long and are not counted;
  // only a request that will get one is let past: any URL with that Accept once bypassed admission.
  const maxInProgress = opts.poolSize + opts.maxPoolWaiting
  let inProgress = 0
  const counted = new WeakSet<object>()
  const release = (request: FastifyRequest): void => { if (counted.delete(request)) inProgress-- }
  fastify.decorate('readsInProgress', () => inProgress)
  // Callback hooks, not async ones: the admission of every request costs no promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    // The probes and the metrics must answer when the process is busiest.
    if (request.url === '/health' || request.url === '/metrics' || (request.url.startsWith('/v1/changes') && prefersEventStream(request.headers.accept))) return done()
    // Writes use the writers' own connections, not the readers' pool this counts. They wait
    // long for one (a queue of saves is normal: src/db/admission.ts), unless the queue is full.
    if (WRITES.has(request.method)) {
      const waiting = fastify.writerPool.waitingCount
      if (waiting < opts.maxWriteWaiting) return done()
      reply.header('retry-after', String(retryAfter))
      return done(overloaded(`The server is overloaded: ${waiting} writes wait for a database connection; retry after ${retryAfter} s.`, 'write_queue'))
    }
    // Searches use theirs, behind a bulkhead that bounds them (src/lib/bulkhead.ts).
    if (request.routeOptions.config.bulkhead !== undefined) return done()
    const waiting = Math.max(fastify.pool.waitingCount, poolInUse(fastify.readPool).waitingCount)
    if (waiting >= opts.maxPoolWaiting || inProgress >= maxInProgress) {
      reply.header('retry-after', String(retryAfter))
      return done(overloaded(`The server is overloaded: ${inProgress} requests are in progress and ${waiting} queries wait for a database connection; retry after ${retryAfter} s.`, waiting >= opts.maxPoolWaiting ? 'pool_waiting' : 'in_progress'))
    }
    inProgress++
    counted.add(request)
    done()
  })
  fastify.addHook('onResponse', (request, _reply, done) => { release(request); done() })
  fastify.addHook('onRequestAbort', (request, done) => { release(request); done() })
}, { name: 'load-shedding', dependencies: ['database'] })
