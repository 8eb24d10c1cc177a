import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { API_INFO } from '../../plugins/external/swagger.js'

const Health = Type.Object({ status: Type.Literal('ok') })
const readiness = (options: { description: string, examples: unknown[] }) => Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  database: Type.Boolean({ description: 'Whether the database answered.' })
}, options)
const Ready = readiness({ description: 'The database answered.', examples: [{ status: 'ready', database: true }] })
const NotReady = readiness({ description: 'The database did not answer; route traffic elsewhere.', examples: [{ status: 'unavailable', database: false }] })

const Index = Type.Object({
  name: Type.String(),
  version: Type.String(),
  docs: Type.String({ description: 'The API reference, for people.' }),
  openapi: Type.String({ description: 'The OpenAPI 3.1 document (also as /openapi.yaml).' }),
  api: Type.String({ description: 'Where the resources are.' }),
  health: Type.String({ description: 'Liveness probe.' }),
  ready: Type.String({ description: 'Readiness probe (the database answers).' })
}, {
  title: 'ServiceIndex',
  description: 'Links to everything else, relative to this server.',
  examples: [{ name: 'Newsdesk Content API', version: '1.0.0', docs: '/docs', openapi: '/openapi.json', api: '/v1', health: '/health', ready: '/ready' }]
})

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/', {
    schema: {
      tags: ['Operations'],
      operationId: 'getServiceIndex',
      summary: 'Where to start: links to the docs, the OpenAPI document and the probes',
      description: 'What a person or a client sees first when opening the server\'s root URL.',
      response: { 200: Index }
    }
  }, async () => ({ name: API_INFO.title, version: API_INFO.version, docs: '/docs', openapi: '/openapi.json', api: '/v1', health: '/health', ready: '/ready' }))

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
