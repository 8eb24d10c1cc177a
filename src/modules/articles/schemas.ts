import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { ARTICLE_CREATE_EXAMPLE, ARTICLE_EXAMPLE, ARTICLE_SUMMARY_EXAMPLE, ARTICLE_UPDATE_EXAMPLE, ARTICLE_WITH_RELATIONS_EXAMPLE, page } from '../../lib/examples.js'
import { CsvOf, FieldsParam, SlugCsv, optionalProperties } from '../../lib/list-params.js'
import { PageQuery, PageOf, sortPattern, type SortField } from '../../lib/pagination.js'
import { DateTime, HttpUrl, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { CorrectionRef } from '../corrections/schemas.js'
import { QuoteInArticle, QuoteRef } from '../quotes/schemas.js'
import { TopicLink, TopicSummaryRef } from '../topics/schemas.js'
import { AuthorLink, AuthorSummaryRef } from '../authors/schemas.js'

export const STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const
export type StatusName = typeof STATUSES[number]
// An enum (not a union of literals) so a bad value is one validation error, not five.
export const Status = Type.Enum(STATUSES, {
  type: 'string',
  description: 'Only `published` items (and `scheduled` ones whose time has come) are public.'
})

const articleProperties = {
  slug: Slug,
  externalId: Nullable(Type.String()),
  title: Type.String(),
  summary: Nullable(Type.String()),
  body: Type.Array(Type.String(), { description: 'Paragraphs, in order.' }),
  section: Nullable(Type.String()),
  byline: Nullable(Type.String({ description: 'The byline as printed; the text that stays when there is no author record ("By Staff Reporter", "Reuters").' })),
  sourceUrl: Nullable(Type.String({ format: 'uri' })),
  status: Status,
  publishedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ minimum: 1 })
}
const articleEmbeds = {
  topics: Type.Optional(Type.Array(TopicSummaryRef, { description: 'With `include=topics`, by name.' })),
  quotes: Type.Optional(Type.Array(QuoteRef, { description: 'With `include=quotes`, in article order, each with its speaker.' })),
  corrections: Type.Optional(Type.Array(CorrectionRef, { description: 'With `include=corrections`, oldest first, superseded ones included.' })),
  authors: Type.Optional(Type.Array(AuthorSummaryRef, { description: 'With `include=authors`, in byline order.' }))
}
export const ARTICLE_FIELDS = Object.keys(articleProperties)
export const ARTICLE_INCLUDES = ['topics', 'quotes', 'corrections', 'authors'] as const
export type ArticleInclude = typeof ARTICLE_INCLUDES[number]

export const Article = Type.Object({ id: Uuid, ...articleProperties, ...articleEmbeds }, {
  $id: 'Article',
  title: 'Article',
  examples: [ARTICLE_EXAMPLE, ARTICLE_WITH_RELATIONS_EXAMPLE]
})
export type ArticleDto = Static<typeof Article>
// Routes answer with a $ref so the OpenAPI document names one `Article` component,
// while TypeScript still sees the full type.
export const ArticleRef = Type.Unsafe<ArticleDto>(Type.Ref('Article'))
export const ArticleListItem = Type.Object({ id: Uuid, ...optionalProperties(articleProperties), ...articleEmbeds }, {
  $id: 'ArticleListItem',
  title: 'ArticleListItem',
  description: 'An article in a list: every property is present unless `fields=` leaves it out.',
  examples: [ARTICLE_EXAMPLE]
})
export const ArticlePage = PageOf(Type.Unsafe<Partial<ArticleDto> & { id: string }>(Type.Ref('ArticleListItem')), 'Article',
  page(ARTICLE_EXAMPLE, '-publishedAt', ARTICLE_EXAMPLE.publishedAt))

/** An article as embedded in a quote (`include=article`). */
export const ArticleSummary = Type.Object({
  id: Uuid, slug: Slug, title: Type.String(), status: Status, publishedAt: Nullable(DateTime)
}, { $id: 'ArticleSummary', title: 'ArticleSummary', examples: [ARTICLE_SUMMARY_EXAMPLE] })
export type ArticleSummaryDto = Static<typeof ArticleSummary>

export const ARTICLE_SORTS: Record<string, SortField> = {
  publishedAt: { column: 'publishedAt', type: 'date', nullable: true },
  updatedAt: { column: 'updatedAt', type: 'date' },
  createdAt: { column: 'createdAt', type: 'date' },
  title: { column: 'title', type: 'string' }
}

const includeParam = CsvOf(ARTICLE_INCLUDES, 'Embed these relations.')
export const ArticleListQuery = Type.Object({
  ...PageQuery,
  sort: Type.Optional(Type.String({ pattern: sortPattern(ARTICLE_SORTS), description: 'Sort field, `-` for descending. Default `-publishedAt` (unknown dates last).' })),
  topic: SlugCsv('Only articles on any of these topics (slugs).'),
  allTopics: SlugCsv('Only articles on all of these topics (slugs).'),
  speaker: SlugCsv('Only articles quoting any of these speakers (slugs).'),
  author: SlugCsv('Only articles by any of these authors (ids or slugs).'),
  section: Type.Optional(Type.String({ maxLength: 200, description: 'Only articles in this section (exact).' })),
  status: CsvOf(STATUSES, 'Only articles with these statuses. Needs a key that may read drafts (`content:read-drafts`); without one the answer is 403.'),
  publishedAfter: Type.Optional(Type.String({ format: 'date-time', description: 'Published at or after this time.' })),
  publishedBefore: Type.Optional(Type.String({ format: 'date-time', description: 'Published before this time.' })),
  fields: FieldsParam(ARTICLE_FIELDS),
  include: includeParam
}, { additionalProperties: false })
export type ArticleListQueryDto = Static<typeof ArticleListQuery>
export const ArticleGetQuery = Type.Object({ include: includeParam }, { additionalProperties: false })

const writable = {
  title: Type.String({ minLength: 1, maxLength: 500 }),
  slug: Slug,
  externalId: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  summary: Nullable(Type.String({ maxLength: 5000 })),
  body: Type.Array(Type.String({ maxLength: 100_000 }), { maxItems: 1000 }),
  section: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  byline: Nullable(Type.String({ maxLength: 500 })),
  sourceUrl: Nullable(HttpUrl('Where the story was first published: an absolute http or https URL.')),
  status: Status,
  publishedAt: Nullable(DateTime),
  topics: Type.Array(TopicLink, { maxItems: 50 }),
  authors: Type.Array(AuthorLink, { maxItems: 20, description: 'In byline order. Bylines with no author record ("Reuters", "By Staff Reporter") go in `byline`.' })
}

export const ArticleCreate = Type.Object({
  ...optionalProperties(writable),
  title: writable.title,
  quotes: Type.Optional(Type.Array(QuoteInArticle, { maxItems: 500 }))
}, {
  additionalProperties: false,
  title: 'ArticleCreate',
  description: 'An article with its topics, speakers and quotes, written atomically. Without `slug`, one is made from the title ' +
    '(`-2`, `-3`... when taken); status defaults to `draft`; `published` without `publishedAt` means now.',
  examples: [ARTICLE_CREATE_EXAMPLE]
})

const compileArticleCreate = () => Compile(ArticleCreate) // eslint-disable-line @typescript-eslint/explicit-function-return-type
let articleCreateCheck: ReturnType<typeof compileArticleCreate> | undefined
/**
 * ArticleCreate compiled for checks outside Fastify's validation (bulk lines, import plans).
 * Compiled on first use: a server start, which never needs it before its first answer, saved ~10 ms.
 */
export function articleCreateValidator (): ReturnType<typeof compileArticleCreate> {
  articleCreateCheck ??= compileArticleCreate()
  return articleCreateCheck
}

export type ArticleCreateDto = Static<typeof ArticleCreate>

export const ArticleUpdate = Type.Object(optionalProperties(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'ArticleUpdate',
  description: 'Only the properties sent change; `topics` replaces the whole topic list, `authors` the author list. The slug never follows the title: ' +
    'a new `slug` must be sent, and the old one then answers 301. Publishing without `publishedAt` sets it to now when unknown.',
  examples: [ARTICLE_UPDATE_EXAMPLE]
})
export type ArticleUpdateDto = Static<typeof ArticleUpdate>
