import type { Prisma } from '../../generated/prisma/client.js'
import { jsonValue, type JsonShape } from '../../lib/json-text.js'
import type { Shape } from '../../lib/sql.js'
import type { TopicDto, TopicSummaryDto } from './schemas.js'

export const TOPIC_SUMMARY = { id: true, slug: true, name: true } as const
/** TOPIC_SUMMARY for hand-written SQL on `topics t`. */
export const TOPIC_SUMMARY_SQL: Shape = { columns: { id: 't.id', slug: 't.slug', name: 't.name' }, times: [] }
/** TopicSummary as JSON text (lib/json-text.ts), on `topics t`. */
export const TOPIC_SUMMARY_JSON: JsonShape = [['id', jsonValue.quoted('t.id')], ['slug', jsonValue.value('t.slug')], ['name', jsonValue.value('t.name')]]
export type TopicRow = Prisma.TopicGetPayload<object>
export type TopicCounts = { _count?: { articles: number, quotes: number } }

export function toTopicSummary (row: TopicSummaryDto): TopicSummaryDto {
  return { id: row.id, slug: row.slug, name: row.name }
}

export function toTopicDto (row: TopicRow & TopicCounts): TopicDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    aliases: row.aliases,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    ...(row._count && { articleCount: row._count.articles, quoteCount: row._count.quotes })
  }
}
