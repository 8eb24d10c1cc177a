import { Type, type Static } from 'typebox'
import { TOPIC_CREATE_EXAMPLE, TOPIC_EXAMPLE, TOPIC_SUMMARY_EXAMPLE, TOPIC_UPDATE_EXAMPLE } from '../../lib/examples.js'
import { CsvOf } from '../../lib/list-params.js'
import type { SortField } from '../../lib/pagination.js'
import { VERSIONED_PROPERTIES, itemSchemas, listQuery, writeSchemas } from '../../lib/resource-schemas.js'
import { Nullable, Slug, Uuid } from '../../lib/schema-types.js'

/** How an article or quote names a topic: an existing one by slug, or by name (created when new). */
export const TopicLink = Type.Union([
  Type.Object({ slug: Slug }, { additionalProperties: false }),
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.Optional(Slug),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 }))
  }, { additionalProperties: false })
], { description: 'An existing topic by `slug`, or a topic by `name`, created when no topic has that slug.' })
export type TopicLinkDto = Static<typeof TopicLink>

/** A topic as embedded in an article or quote (`include=topics`). */
export const TopicSummary = Type.Object({ id: Uuid, slug: Slug, name: Type.String() }, { $id: 'TopicSummary', title: 'TopicSummary', examples: [TOPIC_SUMMARY_EXAMPLE] })
export type TopicSummaryDto = Static<typeof TopicSummary>
export const TopicSummaryRef = Type.Unsafe<TopicSummaryDto>(Type.Ref('TopicSummary'))

const topicProperties = {
  slug: Slug,
  name: Type.String(),
  description: Nullable(Type.String()),
  aliases: Type.Array(Type.String(), { description: 'Other names, e.g. "ISIS" for "Islamic State".' }),
  ...VERSIONED_PROPERTIES
}
const topicEmbeds = {
  articleCount: Type.Optional(Type.Integer({ minimum: 0, description: 'With `include=counts`: articles on this topic that you may see.' })),
  quoteCount: Type.Optional(Type.Integer({ minimum: 0, description: 'With `include=counts`: quotes on this topic that you may see.' }))
}
const TOPIC_INCLUDES = ['counts'] as const

const topicSchemas = itemSchemas('Topic', topicProperties, TOPIC_EXAMPLE, 'name', { embeds: topicEmbeds })
export const { Item: Topic, Ref: TopicRef, ListItem: TopicListItem, Page: TopicPage } = topicSchemas
export type TopicDto = Static<typeof Topic>

export const TOPIC_SORTS: Record<string, SortField> = {
  name: { column: 'name', type: 'string' },
  createdAt: { column: 'createdAt', type: 'date' }
}
export const NamePrefix = Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only names starting with this text, ignoring case.' }))

export const TopicListQuery = listQuery(TOPIC_SORTS, 'name', topicSchemas.FIELDS, { q: NamePrefix, include: CsvOf(TOPIC_INCLUDES, 'Add these to each topic.') })
export const TopicGetQuery = Type.Object({ include: CsvOf(TOPIC_INCLUDES, 'Add these to the topic.') }, { additionalProperties: false })

export const { Create: TopicCreate, Update: TopicUpdate } = writeSchemas('Topic', {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Slug,
  description: Nullable(Type.String({ maxLength: 2000 })),
  aliases: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })
}, 'name', { create: TOPIC_CREATE_EXAMPLE, update: TOPIC_UPDATE_EXAMPLE })
export type TopicCreateDto = Static<typeof TopicCreate>
export type TopicUpdateDto = Static<typeof TopicUpdate>
