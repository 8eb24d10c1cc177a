import type { Prisma } from '../../generated/prisma/client.js'
import { jsonValue, type JsonShape } from '../../lib/json-text.js'
import type { Shape } from '../../lib/sql.js'
import { CORRECTION_SELECT, toCorrectionDto, type CorrectionRow } from '../corrections/dto.js'
import { toQuoteDto, type QuoteRowWith } from '../quotes/dto.js'
import { SPEAKER_SUMMARY } from '../speakers/dto.js'
import { TOPIC_SUMMARY, toTopicSummary } from '../topics/dto.js'
import { AUTHOR_SUMMARY, toAuthorSummary } from '../authors/dto.js'
import type { AuthorSummaryDto } from '../authors/schemas.js'
import type { TopicSummaryDto } from '../topics/schemas.js'
import type { ArticleDto, ArticleInclude, ArticleSummaryDto } from './schemas.js'

export type ArticleRow = Prisma.ArticleGetPayload<object>
export type ArticleSummaryRow = Pick<ArticleRow, 'id' | 'slug' | 'title' | 'status' | 'publishedAt'>
/** An article row with whichever relations `include=` asked for; `body` may be left out by `fields=`. */
export type ArticleRowWith = Omit<ArticleRow, 'body'> & {
  body?: string[]
  topics?: { topic: TopicSummaryDto }[]
  quotes?: QuoteRowWith[]
  corrections?: CorrectionRow[]
  authors?: { author: AuthorSummaryDto }[]
}

/** An ArticleRow from hand-written SQL on `articles a`. */
export const ARTICLE_SQL: Shape = {
  // The body comes as JSON: JSON.parse reads it many times faster than pg's text[] parser.
  columns: {
    id: 'a.id', slug: 'a.slug', externalId: 'a.external_id', title: 'a.title', summary: 'a.summary', body: 'to_json(a.body)', section: 'a.section',
    byline: 'a.byline', sourceUrl: 'a.source_url', status: 'a.status', publishedAt: 'a.published_at', createdAt: 'a.created_at',
    updatedAt: 'a.updated_at', version: 'a.version'
  },
  times: ['publishedAt', 'createdAt', 'updatedAt']
}

/** An Article (toArticleDto) as JSON text (lib/json-text.ts), on `articles a`, without its embedded relations. */
export const ARTICLE_JSON: JsonShape = [
  ['id', jsonValue.quoted('a.id')], ['slug', jsonValue.value('a.slug')], ['externalId', jsonValue.nullable('a.external_id')],
  ['title', jsonValue.value('a.title')], ['summary', jsonValue.nullable('a.summary')], ['body', `coalesce(${jsonValue.value('a.body')}, '[]')`],
  ['section', jsonValue.nullable('a.section')], ['byline', jsonValue.nullable('a.byline')], ['sourceUrl', jsonValue.nullable('a.source_url')],
  ['status', jsonValue.quoted('a.status')], ['publishedAt', jsonValue.nullableTime('a.published_at')], ['createdAt', jsonValue.time('a.created_at')],
  ['updatedAt', jsonValue.time('a.updated_at')], ['version', jsonValue.number('a.version')]
]

// One query per included relation per page (Prisma batches each level with IN).
export function articleInclude (include: ReadonlySet<ArticleInclude>) {
  return {
    topics: include.has('topics') ? { select: { topic: { select: TOPIC_SUMMARY } }, orderBy: { topic: { name: 'asc' as const } } } : false,
    quotes: include.has('quotes')
      ? { include: { speaker: { select: SPEAKER_SUMMARY } }, orderBy: [{ position: 'asc' as const }, { id: 'asc' as const }] }
      : false,
    corrections: include.has('corrections') ? { select: CORRECTION_SELECT, orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }] } : false,
    authors: include.has('authors') ? { select: { author: { select: AUTHOR_SUMMARY } }, orderBy: { position: 'asc' as const } } : false
  }
}

export function toArticleDto (row: ArticleRowWith): ArticleDto {
  return {
    id: row.id,
    slug: row.slug,
    externalId: row.externalId,
    title: row.title,
    summary: row.summary,
    body: row.body ?? [],
    section: row.section,
    byline: row.byline,
    sourceUrl: row.sourceUrl,
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    ...(row.topics && { topics: row.topics.map((link) => toTopicSummary(link.topic)) }),
    ...(row.quotes && { quotes: row.quotes.map(toQuoteDto) }),
    ...(row.corrections && { corrections: row.corrections.map(toCorrectionDto) }),
    ...(row.authors && { authors: row.authors.map((link) => toAuthorSummary(link.author)) })
  }
}

export function toArticleSummary (row: ArticleSummaryRow): ArticleSummaryDto {
  return { id: row.id, slug: row.slug, title: row.title, status: row.status, publishedAt: row.publishedAt?.toISOString() ?? null }
}
