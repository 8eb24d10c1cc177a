import { Type, type Static } from 'typebox'
import { ARTICLE_EXAMPLE, QUOTE_EXAMPLE } from '../../lib/examples.js'
import { DateTime, Int, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { FacetsParam, SEARCH_FACETS_EXAMPLE, SearchFacets } from './facets.js'

export const SEARCH_TYPES = ['articles', 'quotes'] as const

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'Web-search syntax: words, "quoted phrases", `-excluded` words and `or`. Speaker and topic names tolerate typos; topic aliases count.'
  }),
  type: Type.Optional(Type.Union([Type.Literal('articles'), Type.Literal('quotes')], { description: 'Only this kind of hit; both by default.' })),
  limit: Int({ minimum: 1, maximum: 50, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'Opaque cursor from `nextCursor` of the previous page.' })),
  facets: FacetsParam
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
  speaker: Type.Union([Type.Object({ slug: Slug, name: Type.String() }), Type.Null()], { description: 'Null for an unnamed source.' }),
  speakerDescription: Nullable(Type.String({ description: 'An unnamed source as the story describes them ("a spokesperson for the airline").' })),
  article: Type.Object({ slug: Slug, title: Type.String() }),
  saidAt: Nullable(DateTime),
  score: Type.Number({ description: 'Relevance: higher is better; comparable within one response only.' })
}, { title: 'QuoteHit' })

export const SearchHit = Type.Union([ArticleHit, QuoteHit])
export type SearchHitDto = Static<typeof SearchHit>

export const SearchResults = Type.Object({
  data: Type.Array(SearchHit),
  nextCursor: Nullable(Type.String()),
  facets: Type.Optional(SearchFacets)
}, {
  title: 'SearchResults',
  examples: [{
    data: [
      {
        type: 'article', id: ARTICLE_EXAMPLE.id, slug: ARTICLE_EXAMPLE.slug, title: ARTICLE_EXAMPLE.title, section: ARTICLE_EXAMPLE.section,
        publishedAt: ARTICLE_EXAMPLE.publishedAt, snippet: 'allies will discuss <mark>Afghanistan</mark> during Friday\'s defence ministers meeting', score: 0.92
      },
      {
        type: 'quote', id: QUOTE_EXAMPLE.id, text: QUOTE_EXAMPLE.text, snippet: 'Our <mark>mission</mark> was not in vain.',
        speaker: { slug: 'jens-stoltenberg', name: 'Jens Stoltenberg' }, speakerDescription: null, article: { slug: ARTICLE_EXAMPLE.slug, title: ARTICLE_EXAMPLE.title },
        saidAt: QUOTE_EXAMPLE.saidAt, score: 0.61
      }
    ],
    nextCursor: null,
    facets: SEARCH_FACETS_EXAMPLE
  }]
})
