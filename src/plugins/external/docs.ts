import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { API_INFO } from './swagger.js'

/**
 * The OpenAPI document at /openapi.json and /openapi.yaml, and interactive reference pages
 * at /docs. Swagger UI's assets ship inside the npm package and are served from here: the
 * pages load nothing from a CDN, so they work offline and behind strict firewalls.
 * These routes are hidden from the document they serve.
 */
export default fp(async function docs (fastify: FastifyInstance) {
  fastify.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(JSON.stringify(fastify.swagger(), null, 2)))

  fastify.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(fastify.swagger({ yaml: true })))

  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    theme: { title: `${API_INFO.title} reference` },
    uiConfig: {
      layout: 'BaseLayout', // no "explore another URL" bar: these pages document this API
      deepLinking: true,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
      displayOperationId: true,
      displayRequestDuration: true,
      tryItOutEnabled: false
    },
    // No badge from validator.swagger.io, and a policy that lets the browser load nothing
    // from anywhere else (Swagger UI's React needs inline style attributes).
    validatorUrl: false,
    staticCSP: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
      "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
  })
}, { name: 'docs', dependencies: ['swagger'] })
