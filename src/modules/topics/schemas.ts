import { Type, type Static } from 'typebox'
import { TOPIC_CREATE_EXAMPLE, TOPIC_EXAMPLE, TOPIC_SUMMARY_EXAMPLE, TOPIC_UPDATE_EXAMPLE, page } from '../../lib/examples.js'
import { CsvOf, FieldsParam, optionalProperties } from '../../lib/list-params.js'
import { PageOf, PageQuery, sortPattern, type SortField } from '../../lib/pagination.js'
import { DateTime, Nullable, Slug, Uuid } from '../../lib/schema-types.js'

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
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ minimum: 1 })
}
const topicEmbeds = {
  articleCount: Type.Optional(Type.Integer({ minimum: 0, description: 'With `include=counts`: articles on this topic that you may see.' })),
  quoteCount: Type.Optional(Type.Integer({ minimum: 0, description: 'With `include=counts`: quotes on this topic that you may see.' }))
}
export const TOPIC_FIELDS = Object.keys(topicProperties)
export const TOPIC_INCLUDES = ['counts'] as const
export type TopicInclude = typeof TOPIC_INCLUDES[number]

export const Topic = Type.Object({ id: Uuid, ...topicProperties, ...topicEmbeds }, { $id: 'Topic', title: 'Topic', examples: [TOPIC_EXAMPLE] })
export type TopicDto = Static<typeof Topic>
export const TopicRef = Type.Unsafe<TopicDto>(Type.Ref('Topic'))
export const TopicListItem = Type.Object({ id: Uuid, ...optionalProperties(topicProperties), ...topicEmbeds }, {
  $id: 'TopicListItem',
  title: 'TopicListItem',
  description: 'A topic in a list: every property is present unless `fields=` leaves it out.',
  examples: [TOPIC_EXAMPLE]
})
export const TopicPage = PageOf(Type.Unsafe<Partial<TopicDto> & { id: string }>(Type.Ref('TopicListItem')), 'Topic',
  page(TOPIC_EXAMPLE, 'name', TOPIC_EXAMPLE.name))

export const TOPIC_SORTS: Record<string, SortField> = {
  name: { column: 'name', type: 'string' },
  createdAt: { column: 'createdAt', type: 'date' }
}
export const NamePrefix = Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only names starting with this text, ignoring case.' }))

export const TopicListQuery = Type.Object({
  ...PageQuery,
  sort: Type.Optional(Type.String({ pattern: sortPattern(TOPIC_SORTS), description: 'Sort field, `-` for descending. Default `name`.' })),
  q: NamePrefix,
  fields: FieldsParam(TOPIC_FIELDS),
  include: CsvOf(TOPIC_INCLUDES, 'Add these to each topic.')
}, { additionalProperties: false })
export type TopicListQueryDto = Static<typeof TopicListQuery>

export const TopicGetQuery = Type.Object({ include: CsvOf(TOPIC_INCLUDES, 'Add these to the topic.') }, { additionalProperties: false })

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Slug,
  description: Nullable(Type.String({ maxLength: 2000 })),
  aliases: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })
}
export const TopicCreate = Type.Object({
  name: writable.name,
  slug: Type.Optional(writable.slug),
  description: Type.Optional(writable.description),
  aliases: Type.Optional(writable.aliases)
}, {
  additionalProperties: false,
  title: 'TopicCreate',
  description: 'Without `slug`, one is made from the name (`-2`, `-3`... when taken).',
  examples: [TOPIC_CREATE_EXAMPLE]
})
export type TopicCreateDto = Static<typeof TopicCreate>
export const TopicUpdate = Type.Object(optionalProperties(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'TopicUpdate',
  description: 'Only the properties sent change. A new `slug` keeps the old one as a redirect.',
  examples: [TOPIC_UPDATE_EXAMPLE]
})
export type TopicUpdateDto = Static<typeof TopicUpdate>
