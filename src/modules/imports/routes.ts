import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../../lib/problem.js'
import { ImportedArticle, ImportPreview, ImportQuery, ImportRequest, ImportTextBody, type ImportRequestDto } from './schemas.js'
import { importArticleText } from './service.js'

const importRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post('/imports', {
    preHandler: fastify.requireScope('content:write'),
    schema: {
      tags: ['Imports'],
      operationId: 'importArticleText',
      summary: 'Import an article from its page text',
      description: [
        'Send the text of an article page (`text/plain`, or JSON `{ "text", "sourceUrl", "status", "publishedAt" }`).',
        'The headline, section, byline, date, body, the quotes with their speakers, and the topics are recognised;',
        'topics and speakers already stored are reused (a topic by slug, name or alias, e.g. "Daesh"; a speaker by slug).',
        'The article is a `draft` unless `status` says otherwise; `publishedAt` is the date on the page, or null.',
        'With `dryRun=true` nothing is written and the answer says what would be created, marking what exists.',
        'Idempotent: the same text (ignoring spacing and line endings) always maps to the same `externalId`;',
        'importing it again answers 200 with the stored article and writes nothing.'
      ].join(' '),
      security: [{ apiKey: [] }],
      querystring: ImportQuery,
      body: {
        content: {
          'text/plain': { schema: ImportTextBody },
          'application/json': { schema: ImportRequest }
        }
      } as unknown as typeof ImportRequest,
      response: {
        200: Type.Union([ImportedArticle, ImportPreview], { description: 'The stored article when this text was imported before, or the preview of a dry run.' }),
        201: ImportedArticle,
        ...problemResponses(400, 401, 403, 415, 422)
      }
    }
  }, async (request, reply) => {
    const body = request.body as ImportRequestDto | string
    const input = typeof body === 'string' ? { text: body } : body
    const result = await importArticleText(fastify.db, input, { dryRun: request.query.dryRun })
    if (result.outcome === 'preview') return { outcome: result.outcome, ...result.plan }
    const location = `/v1/articles/${result.imported.article.slug}`
    if (result.outcome === 'created') {
      request.log.info({ articleId: result.imported.article.id, quotes: result.imported.quotes.length }, 'article imported')
      return reply.code(201).header('location', location).send({ outcome: result.outcome, ...result.imported })
    }
    return reply.header('content-location', location).send({ outcome: result.outcome, ...result.imported })
  })
}

export default importRoutes
