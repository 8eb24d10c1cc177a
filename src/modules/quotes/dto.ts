import type { Prisma } from '../../generated/prisma/client.js'
import { jsonValue, type JsonShape } from '../../lib/json-text.js'
import type { Shape } from '../../lib/sql.js'
import { toArticleSummary, type ArticleSummaryRow } from '../articles/dto.js'
import { SPEAKER_SUMMARY, toSpeakerSummary } from '../speakers/dto.js'
import type { SpeakerSummaryDto } from '../speakers/schemas.js'
import { TOPIC_SUMMARY, toTopicSummary } from '../topics/dto.js'
import type { TopicSummaryDto } from '../topics/schemas.js'
import type { QuoteDto, QuoteInclude } from './schemas.js'

export type QuoteRow = Prisma.QuoteGetPayload<object>
/** A quote row with whichever relations `include=` asked for. */
export type QuoteRowWith = QuoteRow & {
  speaker?: SpeakerSummaryDto | null
  article?: ArticleSummaryRow
  topics?: { topic: TopicSummaryDto }[]
}

/** A QuoteRow from hand-written SQL on `quotes q`. */
export const QUOTE_SQL: Shape = {
  columns: {
    id: 'q.id', text: 'q.text', speakerId: 'q.speaker_id', speakerRole: 'q.speaker_role', speakerOrganization: 'q.speaker_organization',
    speakerDescription: 'q.speaker_description', articleId: 'q.article_id', position: 'q.position', saidAt: 'q.said_at',
    context: 'q.context', textLength: 'q.text_length', createdAt: 'q.created_at', updatedAt: 'q.updated_at', version: 'q.version'
  },
  times: ['saidAt', 'createdAt', 'updatedAt']
}

/** A Quote (toQuoteDto) as JSON text (lib/json-text.ts), on `quotes q`, without its embedded relations. */
export const QUOTE_JSON: JsonShape = [
  ['id', jsonValue.quoted('q.id')], ['text', jsonValue.value('q.text')], ['length', jsonValue.number('coalesce(q.text_length, char_length(q.text))')],
  ['speakerId', jsonValue.nullableQuoted('q.speaker_id')], ['speakerRole', jsonValue.nullable('q.speaker_role')],
  ['speakerOrganization', jsonValue.nullable('q.speaker_organization')], ['speakerDescription', jsonValue.nullable('q.speaker_description')],
  ['articleId', jsonValue.quoted('q.article_id')], ['position', jsonValue.number('q.position')], ['saidAt', jsonValue.nullableTime('q.said_at')],
  ['context', jsonValue.nullable('q.context')], ['createdAt', jsonValue.time('q.created_at')], ['updatedAt', jsonValue.time('q.updated_at')],
  ['version', jsonValue.number('q.version')]
]
/** The cache tags of a quote row on `quotes q`, as cache-tags.ts's walk finds them in its DTO, each after a space: one definition for every hand-written quote read. */
export const QUOTE_TAGS_SQL = `' q:' || q.id || coalesce(' s:' || q.speaker_id, '') || ' ar:' || q.article_id`

// Prisma loads each included relation with one query per page (an IN over the page's
// ids), never one query per row.
export function quoteInclude (include: ReadonlySet<QuoteInclude>) {
  return {
    speaker: include.has('speaker') ? { select: SPEAKER_SUMMARY } : false,
    article: include.has('article') ? { select: { id: true, slug: true, title: true, status: true, publishedAt: true } } : false,
    topics: include.has('topics') ? { select: { topic: { select: TOPIC_SUMMARY } }, orderBy: { topic: { name: 'asc' as const } } } : false
  }
}

export function toQuoteDto (row: QuoteRowWith): QuoteDto {
  return {
    id: row.id,
    text: row.text,
    length: row.textLength ?? [...row.text].length,
    speakerId: row.speakerId,
    speakerRole: row.speakerRole,
    speakerOrganization: row.speakerOrganization,
    speakerDescription: row.speakerDescription,
    articleId: row.articleId,
    position: row.position,
    saidAt: row.saidAt?.toISOString() ?? null,
    context: row.context,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    ...(row.speaker !== undefined && { speaker: row.speaker && toSpeakerSummary(row.speaker) }),
    ...(row.article && { article: toArticleSummary(row.article) }),
    ...(row.topics && { topics: row.topics.map((link) => toTopicSummary(link.topic)) })
  }
}
