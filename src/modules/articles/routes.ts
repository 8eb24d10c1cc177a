import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { notFound, problemResponses } from '../../lib/problem.js'
import { parseSort, toPage } from '../../lib/pagination.js'
import { setItemValidators } from '../../lib/http-cache.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { createArticleRepository, toArticleDto } from './repository.js'
import { ARTICLE_SORTS, ArticleListQuery, ArticlePage, ArticleRef } from './schemas.js'
import { IdOrSlugParams } from '../../lib/schema-types.js'

const articleRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const articles = createArticleRepository(fastify.db)

  fastify.get('/articles', {
    schema: {
      tags: ['Articles'],
      operationId: 'listArticles',
      summary: 'List articles',
      description: 'Newest first by default. Public callers see published articles only.',
      querystring: ArticleListQuery,
      response: { 200: ArticlePage, ...problemResponses(400) }
    }
  }, async (request, reply) => {
    const sort = parseSort(request.query.sort, ARTICLE_SORTS, '-publishedAt')
    const { rows, total } = await articles.list({
      visibleOnly: !canReadDrafts(request),
      sort,
      limit: request.query.limit,
      cursor: request.query.cursor,
      section: request.query.section,
      count: request.query.count
    })
    const page = toPage(request, reply, rows, request.query.limit, sort, (row) => row[sort.column as 'publishedAt'])
    return { data: page.rows.map(toArticleDto), nextCursor: page.nextCursor, ...(total !== undefined && { total }) }
  })

  fastify.get('/articles/:idOrSlug', {
    schema: {
      tags: ['Articles'],
      operationId: 'getArticle',
      summary: 'Get an article by id or slug',
      description: 'Accepts the article\'s id (UUID) or its slug. Public callers see published articles only; others are a 404. Send the `ETag` back in `If-None-Match` to get a 304 when it has not changed.',
      params: IdOrSlugParams,
      response: { 200: ArticleRef, ...problemResponses(404) }
    }
  }, async (request, reply) => {
    const row = await articles.findByIdOrSlug(request.params.idOrSlug, !canReadDrafts(request))
    if (!row) throw notFound(`Article "${request.params.idOrSlug}"`)
    setItemValidators(reply, row)
    return toArticleDto(row)
  })
}

export default articleRoutes
