import { Type, type Static } from 'typebox'
import { SPEAKER_CREATE_EXAMPLE, SPEAKER_EXAMPLE, SPEAKER_SUMMARY_EXAMPLE, SPEAKER_UPDATE_EXAMPLE, SPEAKER_WITH_ROLES_EXAMPLE, page } from '../../lib/examples.js'
import { CsvOf, FieldsParam, optionalProperties } from '../../lib/list-params.js'
import { PageOf, PageQuery, sortPattern, type SortField } from '../../lib/pagination.js'
import { DateTime, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { NamePrefix } from '../topics/schemas.js'

export const SPEAKER_KINDS = ['person', 'organization'] as const
export const SpeakerKind = Type.Enum(SPEAKER_KINDS, {
  type: 'string',
  description: '`organization` when an organisation itself is quoted ("the agency said").'
})

/** How a quote names its speaker: an existing one by slug, or by name (created when new). */
export const SpeakerLink = Type.Union([
  Type.Object({ slug: Slug }, { additionalProperties: false }),
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.Optional(Slug),
    kind: Type.Optional(SpeakerKind),
    role: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    organization: Type.Optional(Nullable(Type.String({ maxLength: 200 })))
  }, { additionalProperties: false })
], { description: 'An existing speaker by `slug`, or a speaker by `name`, created when no speaker has that slug.' })
export type SpeakerLinkDto = Static<typeof SpeakerLink>

/** A speaker as embedded in a quote (`include=speaker`). */
export const SpeakerSummary = Type.Object({
  id: Uuid, slug: Slug, name: Type.String(), kind: SpeakerKind, role: Nullable(Type.String()), organization: Nullable(Type.String())
}, { $id: 'SpeakerSummary', title: 'SpeakerSummary', examples: [SPEAKER_SUMMARY_EXAMPLE] })
export type SpeakerSummaryDto = Static<typeof SpeakerSummary>
export const SpeakerSummaryRef = Type.Unsafe<SpeakerSummaryDto>(Type.Ref('SpeakerSummary'))

const speakerProperties = {
  slug: Slug,
  name: Type.String(),
  kind: SpeakerKind,
  role: Nullable(Type.String({ description: 'The current role; each quote keeps the role of its time (see `roles`).' })),
  organization: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ minimum: 1 })
}
/** A role a speaker was quoted in, with when (from the quotes you may see). */
export const SpeakerRoleHeld = Type.Object({
  role: Nullable(Type.String()),
  organization: Nullable(Type.String()),
  firstSeen: Nullable(Type.String({ format: 'date-time', description: 'When the first quote in this role was said (null when no quote has a date).' })),
  lastSeen: Nullable(Type.String({ format: 'date-time', description: 'When the last quote in this role was said.' })),
  quoteCount: Type.Integer({ minimum: 1 })
}, { title: 'SpeakerRoleHeld' })
export type SpeakerRoleHeldDto = Static<typeof SpeakerRoleHeld>

const speakerEmbeds = {
  quoteCount: Type.Optional(Type.Integer({ minimum: 0, description: 'With `include=counts`: quotes by this speaker that you may see.' })),
  roles: Type.Optional(Type.Array(SpeakerRoleHeld, {
    description: 'Always on one speaker, with `include=roles` in lists: the roles and organisations the speaker was quoted in, most recent first, with when each was first and last seen.'
  }))
}
export const SPEAKER_FIELDS = Object.keys(speakerProperties)
export const SPEAKER_INCLUDES = ['counts', 'roles'] as const
export type SpeakerInclude = typeof SPEAKER_INCLUDES[number]

export const Speaker = Type.Object({ id: Uuid, ...speakerProperties, ...speakerEmbeds }, { $id: 'Speaker', title: 'Speaker', examples: [SPEAKER_EXAMPLE, SPEAKER_WITH_ROLES_EXAMPLE] })
export type SpeakerDto = Static<typeof Speaker>
export const SpeakerRef = Type.Unsafe<SpeakerDto>(Type.Ref('Speaker'))
export const SpeakerListItem = Type.Object({ id: Uuid, ...optionalProperties(speakerProperties), ...speakerEmbeds }, {
  $id: 'SpeakerListItem',
  title: 'SpeakerListItem',
  description: 'A speaker in a list: every property is present unless `fields=` leaves it out.',
  examples: [SPEAKER_EXAMPLE]
})
export const SpeakerPage = PageOf(Type.Unsafe<Partial<SpeakerDto> & { id: string }>(Type.Ref('SpeakerListItem')), 'Speaker',
  page(SPEAKER_EXAMPLE, 'name', SPEAKER_EXAMPLE.name))

export const SPEAKER_SORTS: Record<string, SortField> = {
  name: { column: 'name', type: 'string' },
  createdAt: { column: 'createdAt', type: 'date' }
}

export const SpeakerListQuery = Type.Object({
  ...PageQuery,
  sort: Type.Optional(Type.String({ pattern: sortPattern(SPEAKER_SORTS), description: 'Sort field, `-` for descending. Default `name`.' })),
  q: NamePrefix,
  fields: FieldsParam(SPEAKER_FIELDS),
  include: CsvOf(SPEAKER_INCLUDES, 'Add these to each speaker.')
}, { additionalProperties: false })
export type SpeakerListQueryDto = Static<typeof SpeakerListQuery>

export const SpeakerGetQuery = Type.Object({ include: CsvOf(SPEAKER_INCLUDES, 'Add these to the speaker.') }, { additionalProperties: false })

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Slug,
  kind: SpeakerKind,
  role: Nullable(Type.String({ maxLength: 200 })),
  organization: Nullable(Type.String({ maxLength: 200 }))
}
export const SpeakerCreate = Type.Object({
  name: writable.name,
  slug: Type.Optional(writable.slug),
  kind: Type.Optional(writable.kind),
  role: Type.Optional(writable.role),
  organization: Type.Optional(writable.organization)
}, {
  additionalProperties: false,
  title: 'SpeakerCreate',
  description: 'Without `slug`, one is made from the name (`-2`, `-3`... when taken).',
  examples: [SPEAKER_CREATE_EXAMPLE]
})
export type SpeakerCreateDto = Static<typeof SpeakerCreate>
export const SpeakerUpdate = Type.Object(optionalProperties(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'SpeakerUpdate',
  description: 'Only the properties sent change. A new `slug` keeps the old one as a redirect.',
  examples: [SPEAKER_UPDATE_EXAMPLE]
})
export type SpeakerUpdateDto = Static<typeof SpeakerUpdate>
