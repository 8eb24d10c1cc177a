import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { httpProblem } from '../../lib/problem.js'

export interface LoadSheddingOptions {
  /** Mean event-loop delay, in ms, above which requests are shed; 0 turns the check off. */
  maxEventLoopDelayMs: number
  /** Queries waiting for a pooled connection above which requests are shed. */
  maxPoolWaiting: number
  retryAfterSeconds?: number
}

// Shed load early and cheaply (before the auth lookup touches the database) with a 503 a
// client can retry, instead of letting latency climb for everyone. Liveness stays green:
// an overloaded process is alive and must not be restarted for it.
export default fp(async function loadShedding (fastify: FastifyInstance, opts: LoadSheddingOptions) {
  const retryAfter = opts.retryAfterSeconds ?? 5
  // Start-up (loading code, connecting) blocks the loop for a while; that is not load, and the
  // first requests after it must not be refused for it.
  let readyAt = Infinity
  fastify.addHook('onReady', async () => { readyAt = Date.now() })
  await fastify.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    healthCheck: async () => fastify.pool.waitingCount <= opts.maxPoolWaiting,
    healthCheckInterval: 250,
    pressureHandler: async (request, reply, type) => {
      if (request.url === '/health') return
      if (type !== 'healthCheck' && Date.now() - readyAt < 3_000) return
      reply.header('retry-after', String(retryAfter))
      const why = type === 'healthCheck' ? 'too many queries are waiting for a database connection' : `the server is overloaded (${type})`
      // `shed` makes the error handler log one warn line, without a stack.
      throw httpProblem(503, `Temporarily unavailable: ${why}. Retry after ${retryAfter} s.`, { shed: true })
    }
  })
}, { name: 'load-shedding', dependencies: ['database'] })
