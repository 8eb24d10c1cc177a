import { Type, type Static } from 'typebox'
import { CHANGE_EVENT_EXAMPLE, CHANGE_PAGE_EXAMPLE } from '../../lib/examples.js'
import { CsvOf } from '../../lib/list-params.js'
import { DateTime, Int, Nullable, Uuid } from '../../lib/schema-types.js'

export const CHANGE_KINDS = ['created', 'updated', 'published', 'unpublished', 'deleted'] as const
export const CHANGE_RESOURCES = ['article', 'quote', 'topic', 'speaker', 'author'] as const
export type ChangeKind = typeof CHANGE_KINDS[number]
export type ChangeResource = typeof CHANGE_RESOURCES[number]

const POSITION = '^[0-9]{1,19}\\.[0-9]{1,19}$'
/** Where a reader stands in the feed: after the event with this id ("<commit>.<event>"). */
export const ChangePosition = Type.String({ pattern: POSITION, maxLength: 40 })
export const FEED_START = '0.0'

export const ChangesQuery = Type.Object({
  after: Type.Optional(Type.String({
    pattern: `${POSITION}|^now$`,
    maxLength: 40,
    description: 'Return the events after this position: the `nextCursor` of the previous page, or an event\'s `position`. `now` starts at the present (nothing of the past). Without it the feed starts at the beginning.'
  })),
  limit: Int({ minimum: 1, maximum: 1000, default: 100, description: 'Events per page.' }),
  resource: CsvOf(CHANGE_RESOURCES, 'Only events about these resources.')
}, { additionalProperties: false })
export type ChangesQueryDto = Static<typeof ChangesQuery>

const ChangeKind = Type.Enum(CHANGE_KINDS)
const ChangeResource = Type.Enum(CHANGE_RESOURCES)

export const ChangeEvent = Type.Object({
  position: Type.String({ pattern: POSITION, description: 'Where the event stands in the feed (commit order): `after=<position>` resumes after it; the stream\'s message `id`.' }),
  kind: ChangeKind,
  resource: ChangeResource,
  resourceId: Uuid,
  slug: Nullable(Type.String({ description: 'The slug at the time (articles, topics, speakers); null for quotes.' })),
  version: Nullable(Type.Integer({ minimum: 1, description: 'The version the change made; null when deleted.' })),
  occurredAt: Type.String({ format: 'date-time', description: 'When the change was committed.' }),
  tombstone: Type.Boolean({ description: 'True when the resource is no longer visible to you (unpublished or deleted): drop your copy.' }),
  changed: Type.Array(Type.String(), { description: 'For updates: the properties that changed (`topics` when the topic list did).' }),
  articleId: Nullable(Uuid),
  speakerId: Nullable(Uuid),
  section: Nullable(Type.String({ description: 'Articles and quotes: the story\'s section when the change committed.' })),
  topicIds: Type.Array(Uuid, { description: 'Articles and quotes: the story\'s topics when the change committed.' }),
  actor: Type.Optional(Type.String({ description: 'With a key that may read drafts: how the change came in (`api`, `cli`, `scheduler`, `seed`, `sql`, ...).' })),
  actorKeyId: Type.Optional(Nullable(Uuid)),
  publicBefore: Type.Optional(Type.Boolean()),
  publicAfter: Type.Optional(Type.Boolean())
}, {
  $id: 'ChangeEvent',
  title: 'ChangeEvent',
  description: 'One change to an article, quote, topic or speaker, in commit order.',
  examples: [CHANGE_EVENT_EXAMPLE]
})
export type ChangeEventDto = Static<typeof ChangeEvent>

export const ChangePage = Type.Object({
  data: Type.Array(Type.Unsafe<ChangeEventDto>(Type.Ref('ChangeEvent'))),
  nextCursor: Type.String({ pattern: POSITION, description: 'Pass as `after` to get what happened next. Never null: a feed has no last page; fewer than `limit` events means you are up to date.' })
}, { title: 'ChangePage', examples: [CHANGE_PAGE_EXAMPLE] })
