import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { created, setItemValidators, versionToMatch } from '../../lib/http-cache.js'
import { csv, pickFields } from '../../lib/list-params.js'
import { parseSort, toPage } from '../../lib/pagination.js'
import { notFound, problemResponses } from '../../lib/problem.js'
import { IdOrSlugParams, byIdOrSlug } from '../../lib/schema-types.js'
import { MovedResponse, readItem } from '../../lib/slug-redirects.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { toTopicDto } from './dto.js'
import { createTopicRepository } from './repository.js'
import {
  TOPIC_INCLUDES, TOPIC_SORTS, TopicCreate, TopicGetQuery, TopicListQuery, TopicPage, TopicRef, TopicUpdate, type TopicInclude
} from './schemas.js'

const tags = ['Topics']
const writeSecurity = [{ apiKey: [] }]

const topicRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // JSON only: a text/plain body is a 415, not a string that fails validation as a 400.
  fastify.removeContentTypeParser('text/plain')
  const topics = createTopicRepository(fastify.db, fastify.readPool)

  fastify.get('/topics', {
    schema: {
      tags,
      operationId: 'listTopics',
      summary: 'List topics',
      description: 'By name by default; `q=` keeps names starting with it (ignoring case). `include=counts` adds how many ' +
        'articles and quotes you may see on each topic.',
      querystring: TopicListQuery,
      response: { 200: TopicPage, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => {
    const { query } = request
    const sort = parseSort(query.sort, TOPIC_SORTS, 'name')
    const fields = csv(query.fields)
    const { rows, total } = await topics.list({
      q: query.q,
      sort,
      limit: query.limit,
      cursor: query.cursor,
      count: query.count,
      include: new Set(csv<TopicInclude>(query.include)),
      visibleOnly: !canReadDrafts(request)
    })
    const page = toPage(request, reply, rows, query.limit, sort, (row) => row[sort.column as 'name'])
    return {
      data: page.rows.map((row) => pickFields(toTopicDto(row), fields, ['articleCount', 'quoteCount'])),
      nextCursor: page.nextCursor,
      ...(total !== undefined && { total })
    }
  })

  fastify.get('/topics/:idOrSlug', {
    schema: {
      tags,
      operationId: 'getTopic',
      summary: 'Get a topic by id or slug',
      description: 'An old slug answers 301 to the current URL.',
      params: IdOrSlugParams,
      querystring: TopicGetQuery,
      response: { 200: TopicRef, ...MovedResponse, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const include = new Set(csv<TopicInclude>(request.query.include))
    // `include=counts` is not the plain topic: it gets a body hash, not the item ETag.
    const row = await readItem(request, reply, 'topics', request.params.idOrSlug, 'Topic', include.size === 0, {
      validators: (key) => topics.findValidators(key, !canReadDrafts(request)),
      find: (key) => topics.find(key, include, !canReadDrafts(request))
    })
    return row ? toTopicDto(row) : reply
  })

  fastify.post('/topics', {
    schema: {
      tags,
      operationId: 'createTopic',
      summary: 'Create a topic',
      description: 'Answers 201 with `Location`. A taken `slug` is a 409.',
      security: writeSecurity,
      body: TopicCreate,
      response: { 201: TopicRef, ...problemResponses(400, 401, 403, 409, 413, 415) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const item = await topics.create(request.body)
    created(reply, item, `/v1/topics/${item.id}`)
    return toTopicDto(item)
  })

  fastify.patch('/topics/:idOrSlug', {
    schema: {
      tags,
      operationId: 'updateTopic',
      summary: 'Update a topic',
      description: 'Partial update; honours `If-Match` (412 when stale); the version goes up by one. Renaming keeps the slug.',
      security: writeSecurity,
      params: IdOrSlugParams,
      body: TopicUpdate,
      response: { 200: TopicRef, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const current = await topics.find(byIdOrSlug(request.params.idOrSlug), new Set(), false)
    if (!current) throw notFound(`Topic "${request.params.idOrSlug}"`)
    const updated = await topics.update(current, versionToMatch(request, current) ?? current.version, request.body)
    setItemValidators(reply, updated)
    return toTopicDto(updated)
  })

  fastify.delete('/topics/:idOrSlug', {
    schema: {
      tags,
      operationId: 'deleteTopic',
      summary: 'Delete a topic',
      description: 'Unlinks the topic from its articles and quotes, which stay. Honours `If-Match` (412 when stale).',
      security: writeSecurity,
      params: IdOrSlugParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(400, 401, 403, 404, 412) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const current = await topics.find(byIdOrSlug(request.params.idOrSlug), new Set(), false)
    if (!current) throw notFound(`Topic "${request.params.idOrSlug}"`)
    await topics.delete(current.id, versionToMatch(request, current) ?? current.version)
    return reply.code(204).send(null)
  })
}

export default topicRoutes
