import { Type, type Static } from 'typebox'
import { AUTHOR_CREATE_EXAMPLE, AUTHOR_EXAMPLE, AUTHOR_SUMMARY_EXAMPLE, AUTHOR_UPDATE_EXAMPLE } from '../../lib/examples.js'
import type { SortField } from '../../lib/pagination.js'
import { VERSIONED_PROPERTIES, itemSchemas, listQuery, writeSchemas } from '../../lib/resource-schemas.js'
import { HttpUrl, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { NamePrefix } from '../topics/schemas.js'

const Name = Type.String({ minLength: 1, maxLength: 200 })
const Bio = Nullable(Type.String({ maxLength: 5000 }))
const Role = Nullable(Type.String({ maxLength: 200, description: 'Their title, e.g. "Brussels correspondent".' }))

/** How an article names an author: an existing one by id or slug, or by name (created when new). */
export const AuthorLink = Type.Union([
  Type.Object({ id: Uuid }, { additionalProperties: false }),
  Type.Object({ slug: Slug }, { additionalProperties: false }),
  Type.Object({
    name: Name,
    slug: Type.Optional(Slug),
    role: Type.Optional(Role),
    bio: Type.Optional(Bio),
    url: Type.Optional(Nullable(HttpUrl('Their page: an absolute http or https URL.'))),
    avatarUrl: Type.Optional(Nullable(HttpUrl('Their picture: an absolute http or https URL.')))
  }, { additionalProperties: false })
], { description: 'An existing author by `id` or `slug`, or an author by `name`, created when no author has that slug (an existing one is linked, unchanged).' })
export type AuthorLinkDto = Static<typeof AuthorLink>

/** An author as embedded in an article (`include=authors`), in byline order. */
const summaryProperties = { slug: Slug, name: Type.String(), role: Nullable(Type.String({ description: 'Their title, e.g. "Brussels correspondent".' })) }
export const AuthorSummary = Type.Object({ id: Uuid, ...summaryProperties }, {
  $id: 'AuthorSummary', title: 'AuthorSummary', examples: [AUTHOR_SUMMARY_EXAMPLE]
})
export type AuthorSummaryDto = Static<typeof AuthorSummary>
export const AuthorSummaryRef = Type.Unsafe<AuthorSummaryDto>(Type.Ref('AuthorSummary'))

const authorProperties = {
  ...summaryProperties,
  bio: Nullable(Type.String()),
  url: Nullable(Type.String({ format: 'uri', description: 'Their page.' })),
  avatarUrl: Nullable(Type.String({ format: 'uri', description: 'Their picture.' })),
  ...VERSIONED_PROPERTIES
}
const authorSchemas = itemSchemas('Author', authorProperties, AUTHOR_EXAMPLE, 'name')
export const { Item: Author, Ref: AuthorRef, ListItem: AuthorListItem, Page: AuthorPage } = authorSchemas
export type AuthorDto = Static<typeof Author>

export const AUTHOR_SORTS: Record<string, SortField> = {
  name: { column: 'name', type: 'string' },
  createdAt: { column: 'createdAt', type: 'date' }
}
export const AuthorListQuery = listQuery(AUTHOR_SORTS, 'name', authorSchemas.FIELDS, { q: NamePrefix })

export const { Create: AuthorCreate, Update: AuthorUpdate } = writeSchemas('Author', {
  name: Name,
  slug: Slug,
  bio: Bio,
  role: Role,
  url: Nullable(HttpUrl('Their page: an absolute http or https URL.')),
  avatarUrl: Nullable(HttpUrl('Their picture: an absolute http or https URL.'))
}, 'name', { create: AUTHOR_CREATE_EXAMPLE, update: AUTHOR_UPDATE_EXAMPLE })
export type AuthorCreateDto = Static<typeof AuthorCreate>
export type AuthorUpdateDto = Static<typeof AuthorUpdate>
