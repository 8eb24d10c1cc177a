import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { created, setItemValidators, versionToMatch } from '../../lib/http-cache.js'
import { csv, pickFields } from '../../lib/list-params.js'
import { parseSort, toPage } from '../../lib/pagination.js'
import { notFound, problemResponses } from '../../lib/problem.js'
import { IdOrSlugParams, byIdOrSlug } from '../../lib/schema-types.js'
import { MovedResponse, readItem } from '../../lib/slug-redirects.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { toSpeakerDto } from './dto.js'
import { createSpeakerRepository } from './repository.js'
import {
  SPEAKER_INCLUDES, SPEAKER_SORTS, SpeakerCreate, SpeakerGetQuery, SpeakerListQuery, SpeakerPage, SpeakerRef, SpeakerUpdate, type SpeakerInclude
} from './schemas.js'

const tags = ['Speakers']
const writeSecurity = [{ apiKey: [] }]

const speakerRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // JSON only: a text/plain body is a 415, not a string that fails validation as a 400.
  fastify.removeContentTypeParser('text/plain')
  const speakers = createSpeakerRepository(fastify.db, fastify.readPool)

  fastify.get('/speakers', {
    schema: {
      tags,
      operationId: 'listSpeakers',
      summary: 'List speakers',
      description: 'By name by default; `q=` keeps names starting with it (ignoring case). `include=counts` adds how many ' +
        'quotes you may see by each speaker.',
      querystring: SpeakerListQuery,
      response: { 200: SpeakerPage, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => {
    const { query } = request
    const sort = parseSort(query.sort, SPEAKER_SORTS, 'name')
    const fields = csv(query.fields)
    const { rows, total } = await speakers.list({
      q: query.q,
      sort,
      limit: query.limit,
      cursor: query.cursor,
      count: query.count,
      include: new Set(csv<SpeakerInclude>(query.include)),
      visibleOnly: !canReadDrafts(request)
    })
    const page = toPage(request, reply, rows, query.limit, sort, (row) => row[sort.column as 'name'])
    return {
      data: page.rows.map((row) => pickFields(toSpeakerDto(row), fields, ['quoteCount'])),
      nextCursor: page.nextCursor,
      ...(total !== undefined && { total })
    }
  })

  fastify.get('/speakers/:idOrSlug', {
    schema: {
      tags,
      operationId: 'getSpeaker',
      summary: 'Get a speaker by id or slug',
      description: 'With the roles and organisations the speaker has been quoted in, and when (`roles`). An old slug answers 301 to the current URL.',
      params: IdOrSlugParams,
      querystring: SpeakerGetQuery,
      response: { 200: SpeakerRef, ...MovedResponse, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    // A speaker's page shows the roles they have held. Those come from their quotes, which
    // do not change the speaker's version: the answer gets a body hash, not the item ETag.
    const include = new Set<SpeakerInclude>([...csv<SpeakerInclude>(request.query.include) ?? [], 'roles'])
    const row = await readItem(request, reply, 'speakers', request.params.idOrSlug, 'Speaker', false, {
      validators: (key) => speakers.findValidators(key, !canReadDrafts(request)),
      find: (key) => speakers.find(key, include, !canReadDrafts(request))
    })
    return row ? toSpeakerDto(row) : reply
  })

  fastify.post('/speakers', {
    schema: {
      tags,
      operationId: 'createSpeaker',
      summary: 'Create a speaker',
      description: 'Answers 201 with `Location`. A taken `slug` is a 409.',
      security: writeSecurity,
      body: SpeakerCreate,
      response: { 201: SpeakerRef, ...problemResponses(400, 401, 403, 409, 413, 415) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const item = await speakers.create(request.body)
    created(reply, item, `/v1/speakers/${item.id}`)
    return toSpeakerDto(item)
  })

  fastify.patch('/speakers/:idOrSlug', {
    schema: {
      tags,
      operationId: 'updateSpeaker',
      summary: 'Update a speaker',
      description: 'Partial update; honours `If-Match` (412 when stale); the version goes up by one. Renaming keeps the slug.',
      security: writeSecurity,
      params: IdOrSlugParams,
      body: SpeakerUpdate,
      response: { 200: SpeakerRef, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const current = await speakers.find(byIdOrSlug(request.params.idOrSlug), new Set(), false)
    if (!current) throw notFound(`Speaker "${request.params.idOrSlug}"`)
    const updated = await speakers.update(current, versionToMatch(request, current) ?? current.version, request.body)
    setItemValidators(reply, updated)
    return toSpeakerDto(updated)
  })

  fastify.delete('/speakers/:idOrSlug', {
    schema: {
      tags,
      operationId: 'deleteSpeaker',
      summary: 'Delete a speaker',
      description: 'Only a speaker with no quotes (of any status) can be deleted: otherwise 409. Honours `If-Match` (412 when stale).',
      security: writeSecurity,
      params: IdOrSlugParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(400, 401, 403, 404, 409, 412) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const current = await speakers.find(byIdOrSlug(request.params.idOrSlug), new Set(), false)
    if (!current) throw notFound(`Speaker "${request.params.idOrSlug}"`)
    await speakers.delete(current.id, versionToMatch(request, current) ?? current.version)
    return reply.code(204).send(null)
  })
}

export default speakerRoutes
