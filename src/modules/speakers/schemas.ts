import { Type, type Static } from 'typebox'
import { SPEAKER_CREATE_EXAMPLE, SPEAKER_EXAMPLE, SPEAKER_SUMMARY_EXAMPLE, SPEAKER_UPDATE_EXAMPLE, SPEAKER_WITH_ROLES_EXAMPLE } from '../../lib/examples.js'
import { CsvOf } from '../../lib/list-params.js'
import type { SortField } from '../../lib/pagination.js'
import { VERSIONED_PROPERTIES, itemSchemas, listQuery, writeSchemas } from '../../lib/resource-schemas.js'
import { Nullable, Slug, Uuid } from '../../lib/schema-types.js'
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
  ...VERSIONED_PROPERTIES
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
export const SPEAKER_INCLUDES = ['counts', 'roles'] as const
export type SpeakerInclude = typeof SPEAKER_INCLUDES[number]

const speakerSchemas = itemSchemas('Speaker', speakerProperties, SPEAKER_EXAMPLE, 'name', { embeds: speakerEmbeds, moreExamples: [SPEAKER_WITH_ROLES_EXAMPLE] })
export const { Item: Speaker, Ref: SpeakerRef, ListItem: SpeakerListItem, Page: SpeakerPage } = speakerSchemas
export type SpeakerDto = Static<typeof Speaker>

export const SPEAKER_SORTS: Record<string, SortField> = {
  name: { column: 'name', type: 'string' },
  createdAt: { column: 'createdAt', type: 'date' }
}

export const SpeakerListQuery = listQuery(SPEAKER_SORTS, 'name', speakerSchemas.FIELDS, { q: NamePrefix, include: CsvOf(SPEAKER_INCLUDES, 'Add these to each speaker.') })
export const SpeakerGetQuery = Type.Object({ include: CsvOf(SPEAKER_INCLUDES, 'Add these to the speaker.') }, { additionalProperties: false })

export const { Create: SpeakerCreate, Update: SpeakerUpdate } = writeSchemas('Speaker', {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Slug,
  kind: SpeakerKind,
  role: Nullable(Type.String({ maxLength: 200 })),
  organization: Nullable(Type.String({ maxLength: 200 }))
}, 'name', { create: SPEAKER_CREATE_EXAMPLE, update: SPEAKER_UPDATE_EXAMPLE })
export type SpeakerCreateDto = Static<typeof SpeakerCreate>
export type SpeakerUpdateDto = Static<typeof SpeakerUpdate>
