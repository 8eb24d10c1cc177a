import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { created, hasWritePrecondition, setItemValidators, staleWrite, versionedWrite } from '../../lib/http-cache.js'
import { csv, pickFields } from '../../lib/list-params.js'
import { parseSort, toPage } from '../../lib/pagination.js'
import { httpProblem, notFound, problemResponses } from '../../lib/problem.js'
import { IdOrSlugParams, byIdOrSlug } from '../../lib/schema-types.js'
import { MovedResponse, findOrRedirect, readItem } from '../../lib/slug-redirects.js'
import { visibleTo } from '../../lib/visibility.js'
import { PROBLEM_DETAILS } from '../../lib/examples.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { toArticleDto } from './dto.js'
import { createArticleRepository, textIncludes, topicOnly, unfiltered, type ArticleFilters } from './repository.js'
import { sendTextItem, sendTextPage } from '../../lib/text-answers.js'
import { byKeySql, prepared, sortValueOf } from '../../lib/sql.js'
import { deleteArticle, isPlainPatch, saveArticleGraph, updateArticleGraph, updatePlainColumns } from './save-graph.js'
import { retagArticle, retagsInOneCall } from './retag.js'
import {
  ARTICLE_INCLUDES, ARTICLE_SORTS, ArticleCreate, ArticleGetQuery, ArticleListQuery, ArticlePage, ArticleRef, ArticleUpdate,
  type ArticleInclude, type ArticleListQueryDto, type StatusName
} from './schemas.js'
import { Type } from 'typebox'

const tags = ['Articles']
const throwStale = (): never => { throw staleWrite() }
const writeSecurity = [{ apiKey: [] }]

const articleRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // JSON only: a text/plain body is a 415, not a string that fails validation as a 400.
  fastify.removeContentTypeParser('text/plain')
  const articles = createArticleRepository(fastify.db, fastify.readPool)
  /** The story a write is about, or GET's 404 when there is none this caller may read. */
  const findForWrite = async (key: { id: string } | { slug: string }, named: string, visibleOnly: boolean) => {
    const row = await articles.findForWrite(key, visibleOnly)
    if (!row) throw notFound(`Article "${named}"`)
    return row
  }

  /**
   * One list for /articles and /topics/{topic}/articles. `emptyPublicPage`, when given, is
   * awaited before an empty page is sent to a public caller (it throws to answer otherwise).
   */
  async function listArticles (request: FastifyRequest, reply: FastifyReply, query: ArticleListQueryDto, fixed: ArticleFilters, emptyPublicPage?: () => Promise<void>) {
    if (query.status !== undefined && !canReadDrafts(request)) {
      throw httpProblem(403, PROBLEM_DETAILS.statusFilter)
    }
    const sort = parseSort(query.sort, ARTICLE_SORTS, '-publishedAt')
    const include = new Set(csv<ArticleInclude>(query.include))
    const fields = csv(query.fields)
    const filters: ArticleFilters = {
      topics: csv(query.topic),
      allTopics: csv(query.allTopics),
      speakers: csv(query.speaker),
      authors: csv(query.author),
      section: query.section,
      statuses: csv<StatusName>(query.status),
      publishedAfter: query.publishedAfter,
      publishedBefore: query.publishedBefore,
      ...fixed
    }
    const options = { visibleOnly: !canReadDrafts(request), sort, limit: query.limit, cursor: query.cursor, count: query.count, fields, include }
    // The plain list (the home page) is written as JSON text by Postgres (lib/json-text.ts).
    // Not with `fields=`: a statement text per subset of fields would let callers fill every
    // connection with prepared statements; the general path trims the fields in Node.
    // So is a topic's page, the same items.
    if ((unfiltered(filters) || topicOnly(filters)) && !query.count && fields === undefined && textIncludes(include)) {
      if (filters.topicId !== undefined) request.topicFilter = [filters.topicId]
      const items = await articles.listText(options, filters.topicId)
      if (items.length === 0 && options.visibleOnly) await emptyPublicPage?.()
      const page = toPage(request, reply, items, query.limit, sort, (item) => sortValueOf(sort, item.sortValue))
      return sendTextPage(request, reply, page.rows.map((item) => ({ json: item.json, tags: item.tags, updatedAt: item.updatedAt })), page.nextCursor)
    }
    const { rows, total, topicIds } = await articles.list(filters, options)
    request.topicFilter = topicIds
    if (rows.length === 0 && options.visibleOnly) await emptyPublicPage?.()
    const page = toPage(request, reply, rows, query.limit, sort, (row) => row[sort.column as 'publishedAt'])
    return {
      data: page.rows.map((row) => pickFields(toArticleDto(row), fields, ARTICLE_INCLUDES)),
      nextCursor: page.nextCursor,
      ...(total !== undefined && { total })
    }
  }

  fastify.get('/articles', {
    schema: {
      tags,
      operationId: 'listArticles',
      summary: 'List articles',
      description: 'Newest first by default; filter by topic, speaker, author, section, status and publication time; ' +
        'embed topics, quotes and authors with `include=`, trim with `fields=`. Public callers see published articles only ' +
        '(and scheduled ones whose time has come); `status=` needs a key that may read drafts.',
      querystring: ArticleListQuery,
      response: { 200: ArticlePage, ...problemResponses(400, 401, 403) }
    }
  }, async (request, reply) => listArticles(request, reply, request.query, {}))

  /** `/topics/{t}/articles` and `/authors/{a}/articles`: an old slug answers 301, a hidden topic or author 404. */
  function nestedList (parent: { resource: 'topic' | 'author', what: string, operationId: string, summary: string }, filter: (id: string) => ArticleFilters,
    find: (key: { id: string } | { slug: string }) => Promise<{ id: string, slug: string } | null>) {
    const table = `${parent.resource}s` as const
    fastify.get(`/${table}/:idOrSlug/articles`, {
      schema: {
        tags,
        operationId: parent.operationId,
        summary: parent.summary,
        description: 'Takes the same parameters as the article list. Public callers see published articles only.',
        params: IdOrSlugParams,
        querystring: ArticleListQuery,
        response: { 200: ArticlePage, ...MovedResponse, ...problemResponses(400, 401, 403, 404) }
      }
    }, async (request, reply) => {
      // The lookup skips the visibility rule (below): an old slug's 301 must not name a hidden item's new one.
      const found = await findOrRedirect(request, reply, table, request.params.idOrSlug, parent.what, find,
        async (target) => canReadDrafts(request) || await visibleTo(fastify.readPool, parent.resource, target, true) !== null)
      if (!found) return reply
      // The public may see a topic or author that a public story uses (lib/visibility.ts), and
      // a public caller's page holds only public stories that use it: only an empty page needs
      // the visibility rule, a SQL function that costs 3-20 ms a call on a 100k archive.
      return listArticles(request, reply, request.query, filter(found.id), async () => {
        if (!await visibleTo(fastify.readPool, parent.resource, found, true)) throw notFound(`${parent.what} "${request.params.idOrSlug}"`)
      })
    })
  }
  const idAndSlug = { id: true, slug: true } as const
  // On plain pg: Prisma's findFirst cost a topic page about 2 ms of Node CPU, as much as the page's own statement.
  const findTopic = async (key: { id: string } | { slug: string }): Promise<{ id: string, slug: string } | null> => {
    const { condition, value } = byKeySql(key, 't')
    const { rows } = await fastify.readPool.query<{ id: string, slug: string }>(prepared(`SELECT t.id, t.slug FROM topics t WHERE ${condition}`, [value]))
    return rows[0] ?? null
  }
  nestedList({ resource: 'topic', what: 'Topic', operationId: 'listTopicArticles', summary: 'List the articles on a topic' },
    (topicId) => ({ topicId }), findTopic)
  nestedList({ resource: 'author', what: 'Author', operationId: 'listAuthorArticles', summary: 'List the articles by an author' },
    (authorId) => ({ authorId }), (key) => fastify.db.author.findFirst({ where: key, select: idAndSlug }))

  fastify.get('/articles/:idOrSlug', {
    schema: {
      tags,
      operationId: 'getArticle',
      summary: 'Get an article by id or slug',
      description: 'Accepts the article\'s id (UUID) or its slug; an old slug answers 301 to the current URL. ' +
        'Public callers see published articles only; others are a 404. `include=topics,quotes` embeds them. ' +
        'Send the `ETag` back in `If-None-Match` to get a 304 when it has not changed.',
      params: IdOrSlugParams,
      querystring: ArticleGetQuery,
      response: { 200: ArticleRef, ...MovedResponse, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const include = new Set(csv<ArticleInclude>(request.query.include))
    const visibleOnly = !canReadDrafts(request)
    // Embedded relations are not the plain article: they get a body hash, not the item ETag.
    // Written as JSON text by Postgres (lib/json-text.ts), unless it embeds corrections or authors.
    if (textIncludes(include)) {
      const item = await readItem(request, reply, 'articles', request.params.idOrSlug, 'Article', include.size === 0, {
        validators: (key) => articles.findValidators(key, visibleOnly),
        find: (key) => articles.findText(key, visibleOnly, include)
      })
      return item ? sendTextItem(request, reply, item.json, item.tags) : reply
    }
    const row = await readItem(request, reply, 'articles', request.params.idOrSlug, 'Article', include.size === 0, {
      validators: (key) => articles.findValidators(key, visibleOnly),
      find: (key) => articles.find(key, visibleOnly, include)
    })
    return row ? toArticleDto(row) : reply
  })

  fastify.post('/articles', {
    schema: {
      tags,
      operationId: 'createArticle',
      summary: 'Create an article with its topics, speakers and quotes',
      description: 'One atomic write: topics and speakers named by `slug` must exist, named by `name` they are connected ' +
        'when their slug exists and created otherwise; quotes are created in the given order. Answers 201 with ' +
        '`Location` and the article with its topics, quotes and authors embedded. A taken `slug` is a 409. ' +
        'A key without `content:read-drafts` does not link a topic, speaker or author only unpublished stories use: ' +
        'by `slug` (or id) it is unknown (422), by `name` a new one is made under the next free slug.',
      security: writeSecurity,
      body: ArticleCreate,
      response: { 201: ArticleRef, ...problemResponses(400, 401, 403, 409, 413, 415, 422) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const saved = await saveArticleGraph(fastify.db, request.body, !canReadDrafts(request))
    const row = await articles.find({ id: saved.id }, false, new Set<ArticleInclude>(['topics', 'quotes', 'authors']))
    if (!row) throw notFound('Article')
    created(reply, row, `/v1/articles/${row.id}`)
    return toArticleDto(row)
  })

  fastify.patch('/articles/:idOrSlug', {
    schema: {
      tags,
      operationId: 'updateArticle',
      summary: 'Update an article',
      description: 'Partial update; send `If-Match` with the ETag you read to get a 412 instead of overwriting ' +
        'someone else\'s change. The version goes up by one. `topics` replaces the topic list. ' +
        'A key without `content:read-drafts` gets a 404 for a story it cannot read, as GET answers it, and changes nothing.',
      security: writeSecurity,
      params: IdOrSlugParams,
      body: ArticleUpdate,
      response: { 200: ArticleRef, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422) }
    },
    config: { keyCheckedByStatement: true },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const key = byIdOrSlug(request.params.idOrSlug)
    const body = request.body
    // The everyday save (text columns only) is one statement; without If-Match it also finds
    // the story and checks the editor's key (when the database confirmed it in the last minute),
    // so the save is one round trip. Anything else is one transaction of several, after the key is read.
    // So is a retag (topics, with or without text columns): one call of a SQL function (retag.ts).
    // A key that may not read drafts writes only what GET shows it, checked by the write itself:
    // the plain save's statement and the one-call retag (for links by slug) have the rule.
    let updated
    const visibleOnly = !canReadDrafts(request)
    const retag = retagsInOneCall(body, visibleOnly)
    const oneCall = !hasWritePrecondition(request) && (isPlainPatch(body) || retag)
    if (oneCall) {
      const liveKey = fastify.unconfirmedKeyId(request)
      updated = isPlainPatch(body)
        ? await updatePlainColumns(fastify.pool, key, undefined, body, liveKey, visibleOnly)
        : retag ? await retagArticle(fastify.pool, key, undefined, body, liveKey, visibleOnly) : null
      if (!updated) {
        await fastify.confirmKey(request)
        throw notFound(`Article "${request.params.idOrSlug}"`)
      }
    } else {
      await fastify.confirmKey(request)
      updated = await versionedWrite(request, () => findForWrite(key, request.params.idOrSlug, visibleOnly), async (current, expected) => isPlainPatch(body)
        ? await updatePlainColumns(fastify.pool, { id: current.id }, expected, body, undefined, visibleOnly) ?? throwStale()
        : retag
          ? await retagArticle(fastify.pool, { id: current.id }, expected, body, undefined, visibleOnly) ?? throwStale()
          : await updateArticleGraph(fastify.db, current, expected, body, visibleOnly))
    }
    setItemValidators(reply, updated)
    return toArticleDto(updated)
  })

  fastify.delete('/articles/:idOrSlug', {
    schema: {
      tags,
      operationId: 'deleteArticle',
      summary: 'Delete an article and its quotes',
      description: 'Honours `If-Match` (412 when stale). Its quotes are deleted with it; topics and speakers stay. ' +
        'A key without `content:read-drafts` gets a 404 for a story it cannot read, as GET answers it, and deletes nothing.',
      security: writeSecurity,
      params: IdOrSlugParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(400, 401, 403, 404, 409, 412) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    const visibleOnly = !canReadDrafts(request)
    await versionedWrite(request, () => findForWrite(byIdOrSlug(request.params.idOrSlug), request.params.idOrSlug, visibleOnly),
      (current, expected) => deleteArticle(fastify.db, current.id, expected, visibleOnly))
    return reply.code(204).send(null)
  })
}

export default articleRoutes
