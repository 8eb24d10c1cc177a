import { Type, type Static } from 'typebox'
import { DateTime, Nullable, Slug, Uuid } from '../../lib/schema-types.js'

export const SEARCH_TYPES = ['articles', 'quotes'] as const

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'Web-search syntax: words, "quoted phrases", `-excluded` words and `or`. Speaker and topic names tolerate typos; topic aliases count.'
  }),
  type: Type.Optional(Type.Union([Type.Literal('articles'), Type.Literal('quotes')], { description: 'Only this kind of hit; both by default.' })),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'Opaque cursor from `nextCursor` of the previous page.' }))
}, { additionalProperties: false })
export type SearchQueryDto = Static<typeof SearchQuery>

const ArticleHit = Type.Object({
  type: Type.Literal('article'),
  id: Uuid,
  slug: Slug,
  title: Type.String(),
  section: Nullable(Type.String()),
  publishedAt: Nullable(DateTime),
  snippet: Type.String({ description: 'Matching passage; matched words are wrapped in <mark>…</mark>, everything else is HTML-escaped.' }),
  score: Type.Number({ description: 'Relevance: higher is better; comparable within one response only.' })
}, { title: 'ArticleHit' })

const QuoteHit = Type.Object({
  type: Type.Literal('quote'),
  id: Uuid,
  text: Type.String(),
  snippet: Type.String({ description: 'The quote with matched words wrapped in <mark>…</mark>, everything else HTML-escaped.' }),
  speaker: Type.Object({ slug: Slug, name: Type.String() }),
  article: Type.Object({ slug: Slug, title: Type.String() }),
  saidAt: Nullable(DateTime),
  score: Type.Number({ description: 'Relevance: higher is better; comparable within one response only.' })
}, { title: 'QuoteHit' })

export const SearchHit = Type.Union([ArticleHit, QuoteHit])
export type SearchHitDto = Static<typeof SearchHit>

export const SearchResults = Type.Object({
  data: Type.Array(SearchHit),
  nextCursor: Nullable(Type.String())
}, {
  title: 'SearchResults',
  examples: [{
    data: [
      { type: 'article', id: '0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70', slug: 'allies-meet-in-brussels', title: 'Allies meet in Brussels', section: 'world', publishedAt: '2024-05-02T09:30:00.000Z', snippet: 'Foreign ministers met in <mark>Brussels</mark> on Thursday.', score: 0.92 },
      { type: 'quote', id: '5d6c1f0e-2b3a-4c5d-8e9f-0a1b2c3d4e5f', text: 'We will not look away.', snippet: 'We will not <mark>look away</mark>.', speaker: { slug: 'maria-lopez', name: 'Maria Lopez' }, article: { slug: 'allies-meet-in-brussels', title: 'Allies meet in Brussels' }, saidAt: '2024-05-02T08:00:00.000Z', score: 0.61 }
    ],
    nextCursor: null
  }]
})
