import { Type, type Static } from 'typebox'
import { ARTICLE_EXAMPLE, SPEAKER_SUMMARY_EXAMPLE, TOPIC_SUMMARY_EXAMPLE } from '../../lib/examples.js'
import { DateTime, Int, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { TRENDING_WINDOWS } from './repository.js'

export const RelatedQuery = Type.Object({
  limit: Int({ minimum: 1, maximum: 20, default: 5, description: 'How many stories.' })
}, { additionalProperties: false })

const RelatedArticle = Type.Object({
  id: Uuid,
  slug: Slug,
  title: Type.String(),
  summary: Nullable(Type.String()),
  section: Nullable(Type.String()),
  publishedAt: Nullable(DateTime),
  score: Type.Number({ description: '(1 × shared topics + 1.5 × shared speakers + 3 × title similarity) × 0.5^(days apart / 30); higher is closer.' }),
  sharedTopics: Type.Integer({ minimum: 0, description: 'Topics this story shares with the one asked about.' }),
  sharedSpeakers: Type.Integer({ minimum: 0, description: 'Speakers quoted in both stories.' }),
  titleSimilarity: Type.Number({ minimum: 0, maximum: 1, description: 'Trigram similarity of the two titles (pg_trgm), 0 below 0.3.' })
}, { title: 'RelatedArticle' })
export type RelatedArticleDto = Static<typeof RelatedArticle>

export const RelatedArticles = Type.Object({
  data: Type.Array(RelatedArticle)
}, {
  title: 'RelatedArticles',
  examples: [{
    data: [{
      id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      slug: 'defence-ministers-agree-to-review-the-afghanistan-mission',
      title: 'Defence ministers agree to review the Afghanistan mission',
      summary: 'Allies will look at what the mission achieved before deciding on training programmes.',
      section: ARTICLE_EXAMPLE.section,
      publishedAt: '2021-10-22T16:30:00.000Z',
      score: 4.31,
      sharedTopics: 2,
      sharedSpeakers: 1,
      titleSimilarity: 0.36
    }]
  }]
})

const windows = Object.keys(TRENDING_WINDOWS) as Array<keyof typeof TRENDING_WINDOWS>
export const TrendingQuery = Type.Object({
  window: Type.Optional(Type.Enum(windows, { default: '24h', description: 'The period that is compared with the 28 days before it.' })),
  limit: Int({ minimum: 1, maximum: 50, default: 10, description: 'How many to return.' })
}, { additionalProperties: false })

const trendProperties = {
  windowCount: Type.Integer({ minimum: 0, description: 'Published stories in the window (for a speaker: stories quoting them).' }),
  baselineCount: Type.Integer({ minimum: 0, description: 'The same count over the 28 days before the window.' }),
  expected: Type.Number({ minimum: 0, description: 'What the baseline predicts for a period as long as the window.' }),
  score: Type.Number({ description: '(windowCount + 2) / (expected + 2): how far above its own usual rate; 1 is usual.' })
}

const TrendingItem = (title: string) => Type.Object({ id: Uuid, slug: Slug, name: Type.String(), ...trendProperties }, { title })

const trendingPage = (item: ReturnType<typeof TrendingItem>, title: string, example: { id: string, slug: string, name: string }) => Type.Object({
  window: Type.Enum(windows),
  windowStart: DateTime,
  baselineStart: DateTime,
  data: Type.Array(item)
}, {
  title,
  examples: [{
    window: '24h',
    windowStart: '2021-10-20T14:05:00.000Z',
    baselineStart: '2021-09-22T14:05:00.000Z',
    data: [{ ...example, windowCount: 4, baselineCount: 9, expected: 0.32, score: 2.59 }]
  }]
})

export const TrendingTopics = trendingPage(TrendingItem('TrendingTopic'), 'TrendingTopics',
  { id: TOPIC_SUMMARY_EXAMPLE.id, slug: TOPIC_SUMMARY_EXAMPLE.slug, name: TOPIC_SUMMARY_EXAMPLE.name })
export const TrendingSpeakers = trendingPage(TrendingItem('TrendingSpeaker'), 'TrendingSpeakers',
  { id: SPEAKER_SUMMARY_EXAMPLE.id, slug: SPEAKER_SUMMARY_EXAMPLE.slug, name: SPEAKER_SUMMARY_EXAMPLE.name })
export type TrendingPageDto = Static<typeof TrendingTopics>
