import { Type, type Static, type TNumberOptions, type TSchema } from 'typebox'
import { FINITE } from './ajv-plugins.js'
import { SLUG_MAX_LENGTH } from './slugs.js'
import { UUID_ANY_CASE } from './uuid.js'

// Small schema builders shared by every resource.
// `type: [t, 'null']` rather than anyOf: Ajv (coerceTypes) would turn a null sent for an
// anyOf [string, null] into "" by coercing it to the first branch.
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [(schema as { type?: string }).type, 'null'] })
/**
 * An integer a caller sends (query string or body). Give it bounds. Ajv coerces `1e309` to
 * Infinity and then skips the bounds, so the `x-finite` keyword refuses what is not finite.
 */
export const Int = (options: TNumberOptions & { minimum: number, maximum: number }) => Type.Integer({ ...options, [FINITE]: true })
export const Uuid = Type.String({ format: 'uuid' })
// A UUID-shaped slug would never resolve: paths read a UUID as an id.
// (`not` rather than a lookahead: generated clients and fuzzers handle plain patterns.)
export const Slug = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  not: { format: 'uuid' },
  minLength: 1,
  maxLength: SLUG_MAX_LENGTH,
  description: 'Lowercase words joined by hyphens; not shaped like a UUID (a UUID in a path is read as an id).'
} as Parameters<typeof Type.String>[0])
/** A link partners will follow: an absolute http(s) URL only (no `javascript:`, `data:`...). */
export const HttpUrl = (description?: string) => Type.String({
  format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$', maxLength: 2000, description: description ?? 'An absolute http or https URL.'
})
export const DateTime = Type.String({ format: 'date-time' })
export const IdOrSlugParams = Type.Object({
  idOrSlug: Type.String({ minLength: 1, maxLength: SLUG_MAX_LENGTH, description: 'The id (UUID) or the slug.' })
}, { additionalProperties: false })

/** Prisma `where` for a path segment that may be an id or a slug. */
export function byIdOrSlug (idOrSlug: string): { id: string } | { slug: string } {
  return UUID_ANY_CASE.test(idOrSlug) ? { id: idOrSlug.toLowerCase() } : { slug: idOrSlug }
}
