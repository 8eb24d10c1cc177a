import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { versionedWrite } from '../../lib/http-cache.js'
import { toPage } from '../../lib/pagination.js'
import { httpProblem, notFound, problemResponses } from '../../lib/problem.js'
import { IdOrSlugParams, byIdOrSlug } from '../../lib/schema-types.js'
import { MovedResponse, findOrRedirect } from '../../lib/slug-redirects.js'
import { createArticleRepository } from '../articles/repository.js'
import { diffSnapshots } from './diff.js'
import { REVISION_SORT, createRevisionRepository } from './repository.js'
import { restoreSnapshot } from './restore.js'
import { RevisionDiff, RevisionDiffQuery, RevisionListQuery, RevisionPage, RevisionParams, type RevisionDto } from './schemas.js'
import { Type } from 'typebox'

const tags = ['Revisions']
const keyed = [{ apiKey: [] }]
const RevisionRef = Type.Unsafe<RevisionDto>(Type.Ref('Revision'))
const draftsNote = 'Needs a key that may read drafts (`content:read-drafts`): a revision may hold anything the story ever said.'

const revisionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.removeContentTypeParser('text/plain')
  const articles = createArticleRepository(fastify.db, fastify.readPool)
  const revisions = createRevisionRepository(fastify.db)
  const readDrafts = fastify.requireScope('content:read-drafts')

  /** A revision of the article, or a 404 naming it. */
  async function revisionOf (articleId: string, idOrSlug: string, number: number): Promise<RevisionDto> {
    const revision = await revisions.find(articleId, number)
    if (!revision) throw notFound(`Revision ${number} of article "${idOrSlug}"`)
    return revision
  }

  fastify.get('/articles/:idOrSlug/revisions', {
    schema: {
      tags,
      operationId: 'listArticleRevisions',
      summary: 'List the revisions of an article',
      description: 'Newest first. Every committed write to the article (its fields, its topics, its authors, its quotes; through the API, ' +
        'bulk import, the importer or SQL) made one, numbered 1, 2, 3... An old slug answers 301. ' + draftsNote,
      security: keyed,
      params: IdOrSlugParams,
      querystring: RevisionListQuery,
      response: { 200: RevisionPage, ...MovedResponse, ...problemResponses(400, 401, 403, 404) }
    },
    preValidation: readDrafts
  }, async (request, reply) => {
    const article = await findOrRedirect(request, reply, 'articles', request.params.idOrSlug, 'Article', (key) => articles.find(key, false))
    if (!article) return reply
    const rows = await revisions.list(article.id, request.query.limit, request.query.cursor)
    const page = toPage(request, reply, rows, request.query.limit, REVISION_SORT, (row) => row.number)
    return { data: page.rows, nextCursor: page.nextCursor }
  })

  fastify.get('/articles/:idOrSlug/revisions/:revision', {
    schema: {
      tags,
      operationId: 'getArticleRevision',
      summary: 'Get one revision of an article',
      description: 'The article as it was after that write, with its topics, authors and quotes, as `include=topics,authors,quotes` showed it then. ' + draftsNote,
      security: keyed,
      params: RevisionParams,
      response: { 200: RevisionRef, ...MovedResponse, ...problemResponses(400, 401, 403, 404) }
    },
    preValidation: readDrafts
  }, async (request, reply) => {
    const { idOrSlug, revision } = request.params
    const article = await findOrRedirect(request, reply, 'articles', idOrSlug, 'Article', (key) => articles.find(key, false))
    if (!article) return reply
    return revisionOf(article.id, idOrSlug, revision)
  })

  fastify.get('/articles/:idOrSlug/revisions/:revision/diff', {
    schema: {
      tags,
      operationId: 'diffArticleRevisions',
      summary: 'Compare two revisions of an article',
      description: 'Field by field, from this revision to `to` (default: the latest). `title`, `summary` and `body` come word by word; ' +
        '`topics`, `authors` and `quotes` as the items added and removed (for authors, whether they were `reordered`; for quotes, those changed). ' + draftsNote,
      security: keyed,
      params: RevisionParams,
      querystring: RevisionDiffQuery,
      response: { 200: RevisionDiff, ...MovedResponse, ...problemResponses(400, 401, 403, 404) }
    },
    preValidation: readDrafts
  }, async (request, reply) => {
    const { idOrSlug, revision } = request.params
    const article = await findOrRedirect(request, reply, 'articles', idOrSlug, 'Article', (key) => articles.find(key, false))
    if (!article) return reply
    const from = await revisionOf(article.id, idOrSlug, revision)
    const to = request.query.to === undefined ? await revisions.latest(article.id) : await revisionOf(article.id, idOrSlug, request.query.to)
    if (!to) throw notFound(`A revision of article "${idOrSlug}"`)
    return {
      from: { number: from.number, version: from.version },
      to: { number: to.number, version: to.version },
      changes: diffSnapshots(from.article, to.article)
    }
  })

  fastify.post('/articles/:idOrSlug/revisions/:revision/restore', {
    schema: {
      tags,
      operationId: 'restoreArticleRevision',
      summary: 'Restore an old revision',
      description: 'Writes the revision\'s content back as a new version (version + 1) and answers 201 with the new revision, ' +
        '`Location` naming it. Restored: `title`, `summary`, `body`, `section`, `byline`, `sourceUrl`, the topic list and the quotes ' +
        '(each back as it was, a deleted one under its old id). The slug, status, publication time and external id stay as they are, ' +
        'so a restore never unpublishes a story or moves its URL. Corrections are never undone. Honours `If-Match` like PATCH (412 when stale). ' +
        '409 when a topic, author or speaker of the revision has been deleted since. Needs `content:write` and `content:read-drafts`.',
      security: keyed,
      params: RevisionParams,
      response: { 201: RevisionRef, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415) }
    },
    preValidation: [fastify.requireScope('content:write'), readDrafts]
  }, async (request, reply) => {
    const { idOrSlug, revision } = request.params
    const load = async () => {
      const row = await articles.findForWrite(byIdOrSlug(idOrSlug))
      if (!row) throw notFound(`Article "${idOrSlug}"`)
      return row
    }
    const current = await versionedWrite(request, load, async (current, expected) => {
      await restoreSnapshot(fastify.db, current.id, expected, (await revisionOf(current.id, idOrSlug, revision)).article)
      return current
    })
    // The revision was written at commit (migration 013).
    const made = await revisions.latest(current.id)
    if (!made) throw httpProblem(500, 'The restored revision was not recorded.')
    return reply.code(201).header('location', `/v1/articles/${current.id}/revisions/${made.number}`).send(made)
  })
}

export default revisionRoutes
