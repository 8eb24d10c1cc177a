import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { useParsePool } from '../../ingest/parse-pool.js'
import { utf8Text } from '../../lib/charset.js'
import { httpProblem, problemResponses } from '../../lib/problem.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { ImportedArticle, ImportHtmlBody, ImportPreview, ImportQuery, ImportRequest, ImportTextBody, type ImportRequestDto } from './schemas.js'
import { importArticle, type ImportInput } from './service.js'

const importRoutes: FastifyPluginAsyncTypebox<{ parseTimeoutMs: number }> = async (fastify, { parseTimeoutMs }) => {
  // Saved pages come as text/html; Fastify reads only JSON and plain text by itself.
  fastify.addHook('onClose', useParsePool())
  fastify.addContentTypeParser('text/html', { parseAs: 'buffer' }, (_request, body, done) => {
    try { done(null, utf8Text(body as Buffer)) } catch (error) { done(error as Error, undefined) }
  })

  fastify.post('/imports', {
    preHandler: fastify.requireScope('content:write'),
    schema: {
      tags: ['Imports'],
      operationId: 'importArticleText',
      summary: 'Import an article from its page text or HTML',
      description: [
        'Send an article page as text (`text/plain`), as saved HTML (`text/html`), or as JSON `{ "text" | "html", "sourceUrl", "status", "publishedAt" }`.',
        'The headline, section, byline, date, body, the quotes with their speakers (or unnamed sources), and the topics are recognised;',
        'from HTML the story is found with Readability and the metadata read from JSON-LD, Open Graph and `<meta>` tags,',
        'and `sourceUrl` defaults to the canonical URL. Text and HTML go through the same quote extractor.',
        'Topics and speakers already stored are reused (a topic by slug, name or alias, e.g. "Daesh"; a speaker by name',
        'or surname unless their organisation or role conflicts: two John Smiths of different companies stay apart).',
        'Each quote keeps the role its speaker had in this story.',
        'The article is a `draft` unless `status` says otherwise; `publishedAt` is the date on the page, or null.',
        'With `dryRun=true` nothing is written and the answer says what would be created, marking what exists.',
        'Idempotent: the same story text (ignoring spacing and line endings; for HTML, the text of the story found) always',
        'maps to the same `externalId`; importing it again answers 200 with the stored article and writes nothing',
        '(409, and nothing of the story, when that article is one the key may not read: a key without `content:read-drafts` and a story not published).',
        'A page whose analysis takes longer than the server\'s budget (`IMPORT_PARSE_TIMEOUT_MS`, 10 s by default) is refused with 422 and nothing is written.'
      ].join(' '),
      security: [{ apiKey: [] }],
      querystring: ImportQuery,
      body: {
        content: {
          'text/plain': { schema: ImportTextBody },
          'text/html': { schema: ImportHtmlBody },
          'application/json': { schema: ImportRequest }
        }
      } as unknown as typeof ImportRequest,
      response: {
        200: Type.Union([ImportedArticle, ImportPreview], { description: 'The stored article when this text was imported before, or the preview of a dry run.' }),
        201: ImportedArticle,
        ...problemResponses(400, 401, 403, 409, 415, 422, 503)
      }
    }
  }, async (request, reply) => {
    const body = request.body as ImportRequestDto | string | undefined
    // No Content-Type, no body: Fastify picks a body schema by type, so nothing was validated.
    if (body === undefined) throw httpProblem(400, 'The request has no body: send the page as text/plain, text/html or JSON.')
    const isHtml = /^text\/html\b/i.test(request.headers['content-type'] ?? '')
    const input: ImportInput = typeof body !== 'string' ? body : isHtml ? { html: body } : { text: body }
    const result = await importArticle(fastify.db, input, { dryRun: request.query.dryRun, parseTimeoutMs, visibleOnly: !canReadDrafts(request) })
    if (result.outcome === 'preview') return { outcome: result.outcome, ...result.plan }
    // By id, as POST /v1/articles gives it: a slug can change, an id never does.
    const location = `/v1/articles/${result.imported.article.id}`
    if (result.outcome === 'created') {
      request.log.info({ articleId: result.imported.article.id, quotes: result.imported.quotes.length }, 'article imported')
      return reply.code(201).header('location', location).send({ outcome: result.outcome, ...result.imported })
    }
    return reply.header('content-location', location).send({ outcome: result.outcome, ...result.imported })
  })
}

export default importRoutes
