import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bulkhead } from '../../lib/bulkhead.js'
import { httpProblem, overloaded, problemResponses } from '../../lib/problem.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { csv } from '../../lib/list-params.js'
import { createSearchFacets, type SearchFacet } from './facets.js'
import { createSearchRepository, markSnippet, sqlOn } from './repository.js'
import { SearchQuery, SearchResults, type SearchHitDto } from './schemas.js'

// Ranked results have no stable key to page on, so the cursor is an offset; deep pages of
// a search are not useful, and capping them bounds the work per request.
const MAX_OFFSET = 500

function decodeOffset (cursor: string | undefined): number {
  if (cursor === undefined) return 0
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, ''))
  if (!Number.isInteger(offset) || offset <= 0 || offset > MAX_OFFSET) throw httpProblem(400, 'The cursor is not one this API issued; start again without `cursor`.')
  return offset
}

export interface SearchOptions { concurrency: number, busyConcurrency: number, maxWaiting: number, timeoutMs: number }

/** Whether Postgres cancelled a statement for running past its statement_timeout (57014), as pg or Prisma's adapter reports it. */
function timedOut (error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { code, meta, cause } = current as { code?: unknown, meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } }, cause?: unknown }
    if (code === '57014' || meta?.driverAdapterError?.cause?.originalCode === '57014') return true
    current = cause
  }
  return false
}

const searchRoutes: FastifyPluginAsyncTypebox<SearchOptions> = async (fastify, opts) => {
  const search = createSearchRepository(sqlOn(fastify.searchPool))
  const searchFacets = createSearchFacets(sqlOn(fastify.searchPool))
  // A long-tail search can take a connection for tens of milliseconds; story, list and quote
  // reads take one. Searches run on connections of their own (`searchPool`, two per search: its
  // article and quote queries run at once), at most `concurrency` at a time, and wait in a
  // queue of their own, which the load shedder's count of requests in progress leaves out.
  // A search waits for its turn no longer than it may run: a storm of slow searches is refused fast.
  // While other reads are being served, fewer searches run (`busyConcurrency`): a story read
  // then finds a core free instead of queueing behind searches for CPU.
  const searches = bulkhead({
    concurrency: opts.concurrency, busyConcurrency: opts.busyConcurrency, othersBusy: () => fastify.readsInProgress() > 0,
    maxWaiting: opts.maxWaiting, maxWaitMs: opts.timeoutMs, what: 'searches'
  })

  fastify.get('/search', {
    config: { bulkhead: 'searches' },
    schema: {
      tags: ['Search'],
      operationId: 'search',
      summary: 'Search articles and quotes',
      description: 'Ranked full-text search: title above summary above body; on equal relevance the newer story first. Topic aliases count, and misspelt speaker or topic names are tried when the words find nothing. Each hit has a highlighted snippet. Public callers only find published content.',
      querystring: SearchQuery,
      response: { 200: SearchResults, ...problemResponses(400, 503) }
    }
  }, async (request, reply) => {
    const { q, type, limit } = request.query
    const facets = csv<SearchFacet>(request.query.facets)
    if (facets && type === 'quotes') throw httpProblem(400, 'Facets count the stories found: use them without `type=quotes`.')
    const offset = decodeOffset(request.query.cursor)
    const take = offset + limit + 1
    const visibleOnly = !canReadDrafts(request)
    const [articles, quotes, facetCounts] = await searches(reply, () => Promise.all([
      type === 'quotes' ? [] : search.articles(q, visibleOnly, take),
      type === 'articles' ? [] : search.quotes(q, visibleOnly, take),
      facets ? searchFacets(q, visibleOnly, facets) : undefined
    ])).catch((error: unknown) => {
      if (!timedOut(error)) throw error
      // The search's time budget bounds the CPU one search may take from everything else.
      reply.header('retry-after', '1')
      throw overloaded(`The search took longer than its ${opts.timeoutMs} ms budget (the server is busy, or the words match most of the archive); retry, or add words.`, 'search_timeout')
    })
    const hits: SearchHitDto[] = [
      ...articles.map((row) => ({
        type: 'article' as const, id: row.id, slug: row.slug, title: row.title, section: row.section,
        publishedAt: row.published_at?.toISOString() ?? null, snippet: markSnippet(row.snippet), score: row.score
      })),
      ...quotes.map((row) => ({
        type: 'quote' as const, id: row.id, text: row.text, snippet: markSnippet(row.snippet),
        speaker: row.speaker_slug === null || row.speaker_name === null ? null : { slug: row.speaker_slug, name: row.speaker_name },
        speakerDescription: row.speaker_description,
        article: { slug: row.article_slug, title: row.article_title },
        saidAt: row.said_at?.toISOString() ?? null, score: row.score
      }))
    ].sort((a, b) => b.score - a.score) // stable: equal scores keep each kind's own order
    const page = hits.slice(offset, offset + limit)
    const more = hits.length > offset + limit && offset + limit <= MAX_OFFSET
    return { data: page, nextCursor: more ? Buffer.from(`o:${offset + limit}`).toString('base64url') : null, ...(facetCounts && { facets: facetCounts }) }
  })
}

export default searchRoutes
