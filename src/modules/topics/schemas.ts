import { Type, type Static } from 'typebox'
import { Nullable, Slug } from '../../lib/schema-types.js'

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
