import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/problem.js'
import { IdOrSlugParams } from '../../lib/schema-types.js'
import { MovedResponse, findOrRedirect } from '../../lib/slug-redirects.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { createArticleRepository } from '../articles/repository.js'
import { TRENDING_BASELINE_DAYS, createDiscoveryRepository, type TrendingWindow } from './repository.js'
import { RelatedArticles, RelatedQuery, TrendingQuery, TrendingSpeakers, TrendingTopics } from './schemas.js'

// What to read next, and what is rising: related stories and trending topics and speakers.
// Related answers are tagged like lists and search (an edit anywhere can change them) and are
// invalidated by tag. Trending also moves with the clock, as stories leave the window, so its
// answers live at most TRENDING_MAX_AGE_S in the response cache and in shared caches.

const TRENDING_MAX_AGE_S = 60
const WINDOW_MS: Record<TrendingWindow, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000 }

const discoveryRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const articles = createArticleRepository(fastify.db, fastify.readPool)
  const discovery = createDiscoveryRepository(fastify.readPool)

  fastify.get('/articles/:idOrSlug/related', {
    schema: {
      tags: ['Articles'],
      operationId: 'listRelatedArticles',
      summary: 'Stories related to an article',
      description: 'Published stories scored by shared topics, shared speakers and title similarity (pg_trgm), ' +
        'decaying with the time between the two stories (half-life 30 days); never the story itself, never a draft, even for a key ' +
        'that may read drafts. 404 when the article is not visible to you.',
      params: IdOrSlugParams,
      querystring: RelatedQuery,
      response: { 200: RelatedArticles, ...MovedResponse, ...problemResponses(400, 404) }
    }
  }, async (request, reply) => {
    const article = await findOrRedirect(request, reply, 'articles', request.params.idOrSlug, 'Article',
      (key) => articles.find(key, !canReadDrafts(request)))
    if (!article) return reply
    const rows = await discovery.related(article.id, request.query.limit)
    return {
      data: rows.map((row) => ({
        id: row.id, slug: row.slug, title: row.title, summary: row.summary, section: row.section,
        publishedAt: row.published_at?.toISOString() ?? null, score: row.score,
        sharedTopics: row.shared_topics, sharedSpeakers: row.shared_speakers, titleSimilarity: row.title_similarity
      }))
    }
  })

  for (const entity of ['topic', 'speaker'] as const) {
    fastify.get(`/${entity}s/trending`, {
      config: { responseCacheTtlMs: TRENDING_MAX_AGE_S * 1000 },
      schema: {
        tags: [entity === 'topic' ? 'Topics' : 'Speakers'],
        operationId: entity === 'topic' ? 'listTrendingTopics' : 'listTrendingSpeakers',
        summary: entity === 'topic' ? 'Trending topics' : 'Trending speakers',
        description: `${entity === 'topic' ? 'Topics' : 'Speakers'} ranked by how far their published stories in the window ` +
          `(last 24 hours or 7 days) exceed what their own rate over the ${TRENDING_BASELINE_DAYS} days before predicts: ` +
          '(window count + 2) / (expected + 2), so a small topic with a spike beats a big one at its usual volume. ' +
          `Public stories only. Cached for ${TRENDING_MAX_AGE_S} s, since the window moves with the clock.`,
        querystring: TrendingQuery,
        response: { 200: entity === 'topic' ? TrendingTopics : TrendingSpeakers, ...problemResponses(400) }
      }
    }, async (request, reply) => {
      const window = (request.query.window ?? '24h') as TrendingWindow
      const rows = await discovery.trending(entity, window, request.query.limit)
      const windowStart = Date.now() - WINDOW_MS[window]
      void reply.header('cache-control', `public, max-age=0, s-maxage=${TRENDING_MAX_AGE_S}, stale-while-revalidate=${TRENDING_MAX_AGE_S}`)
      return {
        window,
        windowStart: new Date(windowStart).toISOString(),
        baselineStart: new Date(windowStart - TRENDING_BASELINE_DAYS * 86_400_000).toISOString(),
        data: rows.map((row) => ({
          id: row.id, slug: row.slug, name: row.name, windowCount: row.window_count, baselineCount: row.baseline_count,
          expected: row.expected, score: row.score
        }))
      }
    })
  }
}

export default discoveryRoutes
