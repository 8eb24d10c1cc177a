import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Readable } from 'node:stream'
import { Type } from 'typebox'
import { CsvOf, csv } from '../../lib/list-params.js'
import { ndjsonLines } from '../../lib/ndjson.js'
import { httpProblem, problemResponses } from '../../lib/problem.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { STATUSES, type StatusName } from '../articles/schemas.js'
import { exportArticleLines } from './export-lines.js'
import { importArticleLines } from './import-lines.js'

const NDJSON = 'application/x-ndjson'

const LineError = Type.Object({
  line: Type.Integer({ minimum: 1, description: 'Line number in the upload, counting from 1.' }),
  status: Type.Integer({ description: 'The HTTP status this line alone would have had.' }),
  title: Type.String(),
  detail: Type.String()
})

const ImportSummary = Type.Object({
  lines: Type.Integer({ minimum: 0, description: 'Non-empty lines read.' }),
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0, description: 'Lines identical to what is stored: nothing written.' }),
  failed: Type.Integer({ minimum: 0 }),
  errors: Type.Array(LineError, { description: 'The failed lines (the first 1,000), in line order.' })
}, {
  title: 'ImportSummary',
  examples: [{ lines: 3, created: 1, updated: 1, unchanged: 0, failed: 1, errors: [{ line: 3, status: 400, title: 'Bad Request', detail: 'must have required property \'title\'' }] }]
})

// One article per line, in the export format.
const NDJSON_EXAMPLE = [
  { externalId: 'wire-2024-05-02-0193', title: 'Allies meet in Brussels', status: 'published', publishedAt: '2024-05-02T09:30:00.000Z', topics: [{ name: 'NATO' }], quotes: [{ text: 'We will not look away.', speaker: { name: 'Maria Lopez' } }] },
  { title: 'Council approves housing plan', status: 'draft' }
].map((line) => JSON.stringify(line)).join('\n') + '\n'

const ExportQuery = Type.Object({
  status: CsvOf(STATUSES, 'Only articles with these statuses (default: all).')
}, { additionalProperties: false })

const bulkRoutes: FastifyPluginAsyncTypebox<{ maxLineBytes: number }> = async (fastify, { maxLineBytes }) => {
  // The upload is streamed line by line rather than buffered, so its size is not limited here.
  fastify.addContentTypeParser(NDJSON, (_request, payload, done) => { done(null, payload) })

  fastify.post('/bulk/articles', {
    preHandler: fastify.requireScope('content:write'),
    schema: {
      tags: ['Bulk'],
      operationId: 'bulkImportArticles',
      summary: 'Import articles from NDJSON',
      description: 'One article per line in the export format, with its topics, speakers and quotes. Upserts by `externalId` when given, else by `slug` (derived from the title when absent), so re-running an import is harmless. Bad lines are reported with their line number while good lines land; a line longer than NDJSON_MAX_LINE_BYTES (1 MB by default) is skipped and reported as a 413. Streamed: any size, flat memory. An upload without any non-empty line is a 400. With a key without `content:read-drafts`, a line about a stored story that key cannot read is a 404 for that line, and nothing of it is written.',
      security: [{ apiKey: [] }],
      consumes: [NDJSON],
      // Documents the upload; the stream itself is read line by line by the handler.
      body: Type.Unknown({ description: 'NDJSON: one article per line, in the format `exportArticles` writes.', examples: [NDJSON_EXAMPLE] }),
      response: { 200: ImportSummary, ...problemResponses(400, 401, 403, 415) }
    },
    // Other content types have parsers of their own, with the body limit: refuse them before
    // one reads the body, so a large JSON upload is told to send NDJSON, not that it is too large.
    preParsing: async (request, _reply, payload) => {
      const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
      if (type !== undefined && type !== '' && type !== NDJSON) throw httpProblem(415, `Send the articles as ${NDJSON}, one JSON object per line.`)
      return payload
    },
    // This route reads NDJSON only.
    preValidation: async (request) => {
      if (!(request.body instanceof Readable)) throw httpProblem(415, `Send the articles as ${NDJSON}, one JSON object per line.`)
    }
  }, async (request) => {
    const lines = ndjsonLines(request.body as Readable, maxLineBytes)
    const summary = await importArticleLines(fastify.pool, lines, {
      visibleOnly: !canReadDrafts(request),
      onProgress: (progress) => request.log.debug({ progress }, 'bulk import progress')
    })
    request.log.info({ lines: summary.lines, created: summary.created, updated: summary.updated, failed: summary.failed }, 'bulk import done')
    // Nothing to import is a client mistake (a wrong file, a cut upload), not a success.
    if (summary.lines === 0) throw httpProblem(400, 'The upload has no article lines: send one JSON object per line.')
    return summary
  })

  fastify.get('/export', {
    preHandler: fastify.requireScope('content:read-drafts'),
    schema: {
      tags: ['Bulk'],
      operationId: 'exportArticles',
      summary: 'Export all content as NDJSON',
      description: 'Every article, whatever its status (or only those with the statuses in `status=`), one per line in the format `bulkImportArticles` reads: importing the export into an empty database reproduces the content.',
      security: [{ apiKey: [] }],
      querystring: ExportQuery,
      produces: [NDJSON],
      response: {
        200: { description: 'NDJSON, one article per line.', content: { [NDJSON]: { schema: Type.Unsafe<Readable>(Type.String({ examples: [NDJSON_EXAMPLE] })) } } },
        ...problemResponses(400, 401, 403)
      }
    }
  }, async (request, reply) => {
    return reply.type(NDJSON).send(Readable.from(exportArticleLines(fastify.pool, csv<StatusName>(request.query.status))))
  })
}

export default bulkRoutes
