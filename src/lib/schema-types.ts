import { Type, type TSchema } from 'typebox'

// Small schema builders shared by every resource.
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
export const Uuid = Type.String({ format: 'uuid' })
export const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', minLength: 1, maxLength: 200, description: 'Lowercase words joined by hyphens.' })
export const DateTime = Type.String({ format: 'date-time' })
export const IdOrSlugParams = Type.Object({
  idOrSlug: Type.String({ minLength: 1, maxLength: 200, description: 'The id (UUID) or the slug.' })
}, { additionalProperties: false })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Prisma `where` for a path segment that may be an id or a slug. */
export function byIdOrSlug (idOrSlug: string): { id: string } | { slug: string } {
  return UUID.test(idOrSlug) ? { id: idOrSlug.toLowerCase() } : { slug: idOrSlug }
}
