import type { Prisma } from '../../generated/prisma/client.js'
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
