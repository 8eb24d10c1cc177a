import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { decodeCursor, parseSort, toPage } from '../../lib/pagination.js'
import { notFound, problemResponses } from '../../lib/problem.js'
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js'
import { type ApiKeyDto, ApiKey, ApiKeyCreate, ApiKeyListQuery, ApiKeyPage, ApiKeyParams, ApiKeyRef, ApiKeyWithSecret, toApiKeyDto } from './schemas.js'

const KEY_SORT = { createdAt: { column: 'createdAt', type: 'date' as const } }

// Key management, for admins only. The secret leaves the server once, in the 201 answer.
const keyRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(ApiKey)
  const adminOnly = fastify.requireScope('admin')

  fastify.get('/keys', {
    preHandler: adminOnly,
    schema: {
      tags: ['Keys'],
      operationId: 'listApiKeys',
      summary: 'List API keys',
      description: 'Newest first. Shows each key\'s name, prefix, scopes and last use; never the key or its hash.',
      security: [{ apiKey: [] }],
      querystring: ApiKeyListQuery,
      response: { 200: ApiKeyPage, ...problemResponses(400, 401, 403) }
    }
  }, async (request, reply) => {
    const sort = parseSort('-createdAt', KEY_SORT, '-createdAt')
    const after = request.query.cursor ? decodeCursor(request.query.cursor, sort) as { value: Date, id: string } : undefined
    const rows = await listApiKeys(fastify.db, { limit: request.query.limit, after, includeRevoked: request.query.includeRevoked })
    const page = toPage(request, reply, rows, request.query.limit, sort, (row) => row.createdAt)
    return { data: page.rows.map(toApiKeyDto), nextCursor: page.nextCursor }
  })

  fastify.post('/keys', {
    preHandler: adminOnly,
    schema: {
      tags: ['Keys'],
      operationId: 'createApiKey',
      summary: 'Create an API key',
      description: 'Answers with the key itself, this once only; store it at once. Newsdesk keeps only a SHA-256 hash.',
      security: [{ apiKey: [] }],
      body: ApiKeyCreate,
      response: { 201: ApiKeyWithSecret, ...problemResponses(400, 401, 403, 413, 415) }
    }
  }, async (request, reply) => {
    const created = await createApiKey(fastify.db, request.body)
    reply.code(201).header('location', `${request.url.replace(/\/$/, '')}/${created.id}`).header('cache-control', 'no-store')
    return { ...created, scopes: created.scopes as ApiKeyDto['scopes'], createdAt: created.createdAt.toISOString() }
  })

  fastify.delete('/keys/:id', {
    preHandler: adminOnly,
    schema: {
      tags: ['Keys'],
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      description: 'From now on every request with this key is answered 401. The key stays listed, with `revokedAt`, for the record.',
      security: [{ apiKey: [] }],
      params: ApiKeyParams,
      response: { 200: ApiKeyRef, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request) => {
    const row = await revokeApiKey(fastify.db, request.params.id.toLowerCase())
    if (!row) throw notFound(`API key "${request.params.id}"`)
    return toApiKeyDto(row)
  })
}

export default keyRoutes
