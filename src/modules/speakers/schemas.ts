import { Type, type Static } from 'typebox'
import { Nullable, Slug } from '../../lib/schema-types.js'

/** How a quote names its speaker: an existing one by slug, or by name (created when new). */
export const SpeakerLink = Type.Union([
  Type.Object({ slug: Slug }, { additionalProperties: false }),
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.Optional(Slug),
    role: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    organization: Type.Optional(Nullable(Type.String({ maxLength: 200 })))
  }, { additionalProperties: false })
], { description: 'An existing speaker by `slug`, or a speaker by `name`, created when no speaker has that slug.' })
export type SpeakerLinkDto = Static<typeof SpeakerLink>
