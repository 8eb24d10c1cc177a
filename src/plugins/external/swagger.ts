import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const API_INFO = {
  title: 'Newsdesk Content API',
  version: '1.0.0',
  description: 'Articles, the quotes inside them, their speakers and the topics that tie them together.'
}

export default fp(async function openapi (fastify: FastifyInstance) {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: API_INFO,
      tags: [
        { name: 'Articles', description: 'News stories.' },
        { name: 'Quotes', description: 'Who said what, when, in which story.' },
        { name: 'Topics', description: 'Subjects, places and organisations that tie stories together.' },
        { name: 'Speakers', description: 'People quoted in stories.' },
        { name: 'Search', description: 'Ranked full-text search across articles and quotes.' },
        { name: 'Bulk', description: 'NDJSON import and export of whole collections.' },
        { name: 'Operations', description: 'Health and readiness probes.' }
      ],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer nd_...`.' } }
      }
    },
    // Shared schemas become components and routes refer to them by name.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
}, { name: 'swagger' })
