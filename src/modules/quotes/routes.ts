import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { created, setItemValidators, versionedWrite } from '../../lib/http-cache.js'
import { csv, pickFields } from '../../lib/list-params.js'
import { parseSort, toPage, validCursor, type Sort } from '../../lib/pagination.js'
import { httpProblem, notFound, problemResponses } from '../../lib/problem.js'
import { IdOrSlugParams, byIdOrSlug } from '../../lib/schema-types.js'
import { MovedResponse, findOrRedirect } from '../../lib/slug-redirects.js'
import { visibleTo } from '../../lib/visibility.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { createArticleRepository } from '../articles/repository.js'
import { toQuoteDto, type QuoteRowWith } from './dto.js'
import { createQuoteRepository, quoteFiltersOf, type QuoteFilters } from './repository.js'
import { createQuote, deleteQuote, updateQuote } from './writes.js'
import { sendTextPage } from '../../lib/text-answers.js'
import { sortValueOf } from '../../lib/sql.js'
import {
  QUOTE_INCLUDES, QUOTE_SORTS, QuoteCreate, QuoteGetQuery, QuoteIdParams, QuoteListQuery, QuotePage, QuoteRandomQuery, QuoteRef,
  QuoteUpdate, type QuoteInclude, type QuoteListQueryDto
} from './schemas.js'

const tags = ['Quotes']
const hiddenQuote = 'A key without `content:read-drafts` gets a 404 for a quote of a story it cannot read, as GET answers it, and changes nothing.'
const writeSecurity = [{ apiKey: [] }]
const visibility = 'Public callers see only quotes whose article is public.'

const quoteRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // JSON only: a text/plain body is a 415, not a string that fails validation as a 400.
  fastify.removeContentTypeParser('text/plain')
  const quotes = createQuoteRepository(fastify.db, fastify.readPool)
  /** The quote a write is about, or GET's 404 when there is none this caller may read. */
  const findForWrite = async (id: string, visibleOnly: boolean) => {
    const row = await quotes.findForWrite(id, visibleOnly)
    if (!row) throw notFound(`Quote "${id}"`)
    return row
  }
  const articles = createArticleRepository(fastify.db, fastify.readPool)

  /** One list for /quotes and the nested routes, which fix one filter. */
  async function listQuotes (request: FastifyRequest, reply: FastifyReply, query: QuoteListQueryDto, fixed: QuoteFilters, defaultSort: string) {
    const sort = parseSort(query.sort, QUOTE_SORTS, defaultSort)
    if (sort.column === 'position' && !fixed.articleId && query.article === undefined) {
      throw httpProblem(400, 'Sorting by `position` only makes sense within one article: add `article=` or use /v1/articles/{idOrSlug}/quotes.')
    }
    const { rows, total } = await quotes.list({ ...quoteFiltersOf(query), ...fixed }, {
      visibleOnly: !canReadDrafts(request),
      sort,
      limit: query.limit,
      cursor: query.cursor,
      count: query.count,
      include: new Set(csv<QuoteInclude>(query.include))
    })
    return quotePage(request, reply, query, sort, rows, total)
  }

  function quotePage (request: FastifyRequest, reply: FastifyReply, query: QuoteListQueryDto, sort: Sort, rows: QuoteRowWith[], total: number | undefined) {
    const fields = csv(query.fields)
    const page = toPage(request, reply, rows, query.limit, sort, (row) => row[sort.column as 'saidAt'])
    return {
      data: page.rows.map((row) => pickFields(toQuoteDto(row), fields, QUOTE_INCLUDES)),
      nextCursor: page.nextCursor,
      ...(total !== undefined && { total })
    }
  }

  /** No filter, include or count: a page that needs nothing but the quotes themselves. */
  const isPlainPage = (query: QuoteListQueryDto): boolean =>
    !query.count && query.include === undefined && Object.values(quoteFiltersOf(query)).every((value) => value === undefined)

  fastify.get('/quotes', {
    schema: {
      tags,
      operationId: 'listQuotes',
      summary: 'List quotes',
      description: `Most recently said first by default; filter by speaker, topic, article, time said and length. ${visibility}`,
      querystring: QuoteListQuery,
      response: { 200: QuotePage, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => listQuotes(request, reply, request.query, {}, '-saidAt'))

  fastify.get('/quotes/random', {
    config: { responseCache: false },
    schema: {
      tags,
      operationId: 'getRandomQuote',
      summary: 'A random quote',
      description: 'One random quote matching the same filters as the list. Picks a random point in the id index and ' +
        'takes the first match from there: fast on any number of quotes, close to (not exactly) uniform. ' +
        `Never cached. 404 when nothing matches. ${visibility}`,
      querystring: QuoteRandomQuery,
      response: { 200: QuoteRef, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const { include, ...filters } = request.query
    const row = await quotes.random(quoteFiltersOf(filters), !canReadDrafts(request), new Set(csv<QuoteInclude>(include)))
    if (!row) throw notFound('A quote matching these filters')
    reply.header('cache-control', 'no-store')
    return toQuoteDto(row)
  })

  // Remembered per process, so a quote added during the day cannot displace the day's pick.
  let todays: { day: string, id: string } | undefined
  // Not in the response cache: its own Cache-Control (until midnight) must reach the client.
  fastify.get('/quotes/today', {
    config: { responseCache: false },
    schema: {
      tags,
      operationId: 'getQuoteOfTheDay',
      summary: 'The quote of the day',
      description: 'One public quote per UTC day, the same for every caller (keys that read drafts included): a hash ' +
        'of the date picks a point in the id index. Cacheable until midnight UTC. 404 when there are no public quotes.',
      querystring: QuoteGetQuery,
      response: { 200: QuoteRef, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const now = new Date()
    const day = now.toISOString().slice(0, 10)
    const include = new Set(csv<QuoteInclude>(request.query.include))
    let row = todays?.day === day ? await quotes.find(todays.id, true, include) : null
    row ??= await quotes.ofTheDay(day, include)
    if (!row) throw notFound('A public quote')
    todays = { day, id: row.id }
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
    reply.header('cache-control', `public, max-age=${Math.max(1, Math.floor((midnight - now.getTime()) / 1000))}`)
    return toQuoteDto(row)
  })

  fastify.get('/quotes/:id', {
    schema: {
      tags,
      operationId: 'getQuote',
      summary: 'Get a quote by id',
      description: `Quotes have no slug: their id is their name. ${visibility}`,
      params: QuoteIdParams,
      querystring: QuoteGetQuery,
      response: { 200: QuoteRef, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const include = new Set(csv<QuoteInclude>(request.query.include))
    const row = await quotes.find(request.params.id, !canReadDrafts(request), include)
    if (!row) throw notFound(`Quote "${request.params.id}"`)
    if (include.size === 0) setItemValidators(reply, row)
    return toQuoteDto(row)
  })

  fastify.get('/articles/:idOrSlug/quotes', {
    schema: {
      tags,
      operationId: 'listArticleQuotes',
      summary: 'List the quotes of an article',
      description: 'In article order by default; takes the same parameters as the quote list. 404 when the article is not visible to you.',
      params: IdOrSlugParams,
      querystring: QuoteListQuery,
      response: { 200: QuotePage, ...MovedResponse, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const visibleOnly = !canReadDrafts(request)
    const article = await findOrRedirect(request, reply, 'articles', request.params.idOrSlug, 'Article', (key) => articles.find(key, visibleOnly))
    if (!article) return reply
    return listQuotes(request, reply, request.query, { articleId: article.id }, 'position')
  })

  fastify.get('/topics/:idOrSlug/quotes', {
    schema: {
      tags,
      operationId: 'listTopicQuotes',
      summary: 'List the quotes on a topic',
      description: `Takes the same parameters as the quote list. ${visibility}`,
      params: IdOrSlugParams,
      querystring: QuoteListQuery,
      response: { 200: QuotePage, ...MovedResponse, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const topic = await findOrRedirect(request, reply, 'topics', request.params.idOrSlug, 'Topic', async (key) =>
      visibleTo(fastify.readPool, 'topic', await fastify.db.topic.findFirst({ where: key, select: { id: true, slug: true } }), !canReadDrafts(request)))
    if (!topic) return reply
    return listQuotes(request, reply, request.query, { topicId: topic.id }, '-saidAt')
  })

  fastify.get('/speakers/:idOrSlug/quotes', {
    schema: {
      tags,
      operationId: 'listSpeakerQuotes',
      summary: 'List the quotes of a speaker',
      description: `Most recent first by default; takes the same parameters as the quote list. ${visibility}`,
      params: IdOrSlugParams,
      querystring: QuoteListQuery,
      response: { 200: QuotePage, ...MovedResponse, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const { query } = request
    const sort = parseSort(query.sort, QUOTE_SORTS, '-saidAt')
    const cursor = query.cursor === undefined ? undefined : validCursor(query.cursor, sort)
    // The hot case, a plain page, is one statement with the speaker lookup. Anything else,
    // and an unknown speaker or a bad cursor (whose 301/404 comes first), takes the general path.
    // It is written as JSON text by Postgres (lib/json-text.ts).
    // Not with `fields=` (a statement text per subset of fields): the general path trims them.
    if (isPlainPage(query) && query.fields === undefined && sort.column !== 'position' && cursor !== null) {
      const items = await quotes.speakerPageText(byIdOrSlug(request.params.idOrSlug),
        { visibleOnly: !canReadDrafts(request), sort, limit: query.limit, cursor })
      if (items) {
        const page = toPage(request, reply, items, query.limit, sort, (item) => sortValueOf(sort, item.sortValue))
        return sendTextPage(request, reply, page.rows, page.nextCursor)
      }
    }
    const speaker = await findOrRedirect(request, reply, 'speakers', request.params.idOrSlug, 'Speaker', async (key) =>
      visibleTo(fastify.readPool, 'speaker', await fastify.db.speaker.findFirst({ where: key, select: { id: true, slug: true } }), !canReadDrafts(request)))
    if (!speaker) return reply
    return listQuotes(request, reply, request.query, { speakerId: speaker.id }, '-saidAt')
  })

  fastify.post('/quotes', {
    schema: {
      tags,
      operationId: 'createQuote',
      summary: 'Add a quote to an article',
      description: 'The speaker and topics are linked by slug, or by name (created when new). Answers 201 with `Location`. ' +
        'An `article` that does not exist is a 422, and so, for a key without `content:read-drafts`, is one it cannot read.',
      security: writeSecurity,
      body: QuoteCreate,
      response: { 201: QuoteRef, ...problemResponses(400, 401, 403, 413, 415, 422) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const item = await createQuote(fastify.db, request.body, !canReadDrafts(request))
    created(reply, item, `/v1/quotes/${item.id}`)
    return toQuoteDto(item)
  })

  fastify.patch('/quotes/:id', {
    schema: {
      tags,
      operationId: 'updateQuote',
      summary: 'Update a quote',
      description: 'Partial update; honours `If-Match` (412 when stale); the version goes up by one. `topics` replaces the list. ' + hiddenQuote,
      security: writeSecurity,
      params: QuoteIdParams,
      body: QuoteUpdate,
      response: { 200: QuoteRef, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const visibleOnly = !canReadDrafts(request)
    const updated = await versionedWrite(request, () => findForWrite(request.params.id, visibleOnly), (current, expected) => updateQuote(fastify.db, current, expected, request.body, visibleOnly))
    setItemValidators(reply, updated)
    return toQuoteDto(updated)
  })

  fastify.delete('/quotes/:id', {
    schema: {
      tags,
      operationId: 'deleteQuote',
      summary: 'Delete a quote',
      description: `Honours \`If-Match\` (412 when stale). ${hiddenQuote}`,
      security: writeSecurity,
      params: QuoteIdParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(400, 401, 403, 404, 409, 412) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const visibleOnly = !canReadDrafts(request)
    await versionedWrite(request, () => findForWrite(request.params.id, visibleOnly), (current, expected) => deleteQuote(fastify.db, current, expected, visibleOnly))
    return reply.code(204).send(null)
  })
}

export default quoteRoutes
