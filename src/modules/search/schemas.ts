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
}, { title: 'SearchResults' })
