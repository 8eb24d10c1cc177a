import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const Health = Type.Object({ status: Type.Literal('ok') })
const readiness = (options: { description: string, examples: unknown[] }) => Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  database: Type.Boolean({ description: 'Whether the database answered.' })
}, options)
const Ready = readiness({ description: 'The database answered.', examples: [{ status: 'ready', database: true }] })
const NotReady = readiness({ description: 'The database did not answer; route traffic elsewhere.', examples: [{ status: 'unavailable', database: false }] })

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/health', {
    schema: {
      tags: ['Operations'],
      operationId: 'getHealth',
      summary: 'Liveness: the process is up',
      description: 'Answers 200 as long as the process runs; it does not touch the database.',
      response: { 200: Health }
    }
  }, async () => ({ status: 'ok' as const }))

  fastify.get('/ready', {
    schema: {
      tags: ['Operations'],
      operationId: 'getReadiness',
      summary: 'Readiness: the database is reachable',
      description: 'Answers 200 when a query on the database succeeds, 503 otherwise, so a load balancer can stop routing here.',
      response: { 200: Ready, 503: NotReady }
    }
  }, async (_request, reply) => {
    try {
      await fastify.pool.query('SELECT 1')
      return { status: 'ready' as const, database: true }
    } catch {
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable' as const, database: false })
    }
  })
}

export default healthRoutes
