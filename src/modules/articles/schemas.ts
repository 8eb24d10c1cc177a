import { Type, type Static } from 'typebox'
import { PageQuery, PageOf, sortPattern, type SortField } from '../../lib/pagination.js'
import { DateTime, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { QuoteInArticle } from '../quotes/schemas.js'
import { TopicLink } from '../topics/schemas.js'

export const STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const
export const Status = Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published'), Type.Literal('archived')], {
  description: 'Only `published` items (and `scheduled` ones whose time has come) are public.'
})


export const Article = Type.Object({
  id: Uuid,
  slug: Slug,
  externalId: Nullable(Type.String()),
  title: Type.String(),
  summary: Nullable(Type.String()),
  body: Type.Array(Type.String(), { description: 'Paragraphs, in order.' }),
  section: Nullable(Type.String()),
  byline: Nullable(Type.String()),
  sourceUrl: Nullable(Type.String({ format: 'uri' })),
  status: Status,
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer({ minimum: 1 })
}, {
  $id: 'Article',
  title: 'Article',
  examples: [{
    id: '0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70',
    slug: 'allies-meet-in-brussels',
    externalId: 'wire-2024-05-02-0193',
    title: 'Allies meet in Brussels',
    summary: 'Foreign ministers agree on a new aid package.',
    body: ['Foreign ministers met in Brussels on Thursday.', '"We will not look away," the chair said.'],
    section: 'world',
    byline: 'Jane Doe',
    sourceUrl: 'https://example.org/news/2024/05/02/allies-meet-in-brussels',
    status: 'published',
    publishedAt: '2024-05-02T09:30:00.000Z',
    createdAt: '2024-05-02T08:55:12.000Z',
    updatedAt: '2024-05-02T09:30:00.000Z',
    version: 3
  }]
})
export type ArticleDto = Static<typeof Article>

export const ARTICLE_SORTS: Record<string, SortField> = {
  publishedAt: { column: 'publishedAt', type: 'date', nullable: true },
  updatedAt: { column: 'updatedAt', type: 'date' },
  createdAt: { column: 'createdAt', type: 'date' },
  title: { column: 'title', type: 'string' }
}

export const ArticleListQuery = Type.Object({
  ...PageQuery,
  sort: Type.Optional(Type.String({ pattern: sortPattern(ARTICLE_SORTS), description: 'Sort field, `-` for descending. Default `-publishedAt`.' })),
  section: Type.Optional(Type.String({ maxLength: 200 }))
}, { additionalProperties: false })
export type ArticleListQueryDto = Static<typeof ArticleListQuery>

// Routes answer with a $ref so the OpenAPI document names one `Article` component,
// while TypeScript still sees the full type.
export const ArticleRef = Type.Unsafe<ArticleDto>(Type.Ref('Article'))
export const ArticlePage = PageOf(ArticleRef, 'Article')

export const ArticleCreate = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 500 }),
  slug: Type.Optional(Slug),
  externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  summary: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  body: Type.Optional(Type.Array(Type.String({ maxLength: 100_000 }), { maxItems: 1000 })),
  section: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  byline: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  sourceUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 2000 }))),
  status: Type.Optional(Status),
  publishedAt: Type.Optional(Nullable(DateTime)),
  topics: Type.Optional(Type.Array(TopicLink, { maxItems: 50 })),
  quotes: Type.Optional(Type.Array(QuoteInArticle, { maxItems: 500 }))
}, { additionalProperties: false, title: 'ArticleCreate' })
export type ArticleCreateDto = Static<typeof ArticleCreate>
