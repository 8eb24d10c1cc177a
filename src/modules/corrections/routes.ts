import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { toPage } from '../../lib/pagination.js'
import { notFound, problemResponses } from '../../lib/problem.js'
import { IdOrSlugParams, byIdOrSlug } from '../../lib/schema-types.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { toArticleSummary } from '../articles/dto.js'
import { createArticleRepository } from '../articles/repository.js'
import { toCorrectionDto } from './dto.js'
import { CORRECTION_SORT, createCorrectionRepository, type CorrectionWithArticleRow } from './repository.js'
import { CorrectionCreate, CorrectionIdParams, CorrectionListQuery, CorrectionPage, CorrectionRef, CorrectionWithArticle } from './schemas.js'

const tags = ['Corrections']
const visibility = 'Public callers see the corrections of public stories only; a key that may read drafts sees all.'

const withArticle = (row: CorrectionWithArticleRow) => ({ ...toCorrectionDto(row), article: toArticleSummary(row.article) })

const correctionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.removeContentTypeParser('text/plain')
  const articles = createArticleRepository(fastify.db, fastify.readPool)
  const corrections = createCorrectionRepository(fastify.db)

  fastify.get('/corrections', {
    schema: {
      tags,
      operationId: 'listCorrections',
      summary: 'List corrections, newest first, across all stories',
      description: `The public corrections record: every correction, clarification and update, superseded ones included (marked by \`supersededBy\`). ${visibility}`,
      querystring: CorrectionListQuery,
      response: { 200: CorrectionPage, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => {
    const rows = await corrections.list(!canReadDrafts(request), request.query.limit, request.query.cursor)
    const page = toPage(request, reply, rows, request.query.limit, CORRECTION_SORT, (row) => row.createdAt)
    return { data: page.rows.map(withArticle), nextCursor: page.nextCursor }
  })

  fastify.get('/corrections/:id', {
    schema: {
      tags,
      operationId: 'getCorrection',
      summary: 'Get a correction by id',
      description: `With the story it is on. ${visibility}`,
      params: CorrectionIdParams,
      response: { 200: CorrectionWithArticle, ...problemResponses(400, 401, 404) }
    }
  }, async (request) => {
    const row = await corrections.find(request.params.id, !canReadDrafts(request))
    if (!row) throw notFound(`Correction "${request.params.id}"`)
    return withArticle(row)
  })

  fastify.post('/articles/:idOrSlug/corrections', {
    schema: {
      tags,
      operationId: 'createCorrection',
      summary: 'Add a correction to an article',
      description: 'A correction, clarification or update, public as soon as the story is (`include=corrections` on the article, ' +
        '`GET /v1/corrections`), and an `updated` change event on the article with `changed: ["corrections"]`. There is no way to ' +
        'change or delete one: send a new one with `supersedes` naming the earlier one, which stays visible, marked superseded ' +
        '(422 when it is not a correction of this article, 409 when it is already superseded). Answers 201 with `Location`. ' +
        'A key without `content:read-drafts` gets a 404 for a story it cannot read, as GET answers it, and adds nothing.',
      security: [{ apiKey: [] }],
      params: IdOrSlugParams,
      body: CorrectionCreate,
      response: { 201: CorrectionRef, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) }
    },
    preValidation: fastify.requireScope('content:write')
  }, async (request, reply) => {
    // A key that may not read drafts gets GET's 404 for a story it cannot read, and writes nothing.
    const visibleOnly = !canReadDrafts(request)
    const hidden = () => notFound(`Article "${request.params.idOrSlug}"`)
    const article = await articles.findForWrite(byIdOrSlug(request.params.idOrSlug), visibleOnly)
    if (!article) throw hidden()
    const row = await corrections.create(article.id, request.body, visibleOnly)
    if (!row) throw hidden()
    return reply.code(201).header('location', `/v1/corrections/${row.id}`).send(toCorrectionDto(row))
  })
}

export default correctionRoutes
