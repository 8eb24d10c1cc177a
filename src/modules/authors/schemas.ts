import { Type, type Static } from 'typebox'
import { AUTHOR_CREATE_EXAMPLE, AUTHOR_EXAMPLE, AUTHOR_SUMMARY_EXAMPLE, AUTHOR_UPDATE_EXAMPLE, page } from '../../lib/examples.js'
import { FieldsParam, optionalProperties } from '../../lib/list-params.js'
import { PageOf, PageQuery, sortPattern, type SortField } from '../../lib/pagination.js'
import { DateTime, HttpUrl, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { NamePrefix } from '../topics/schemas.js'

const Name = Type.String({ minLength: 1, maxLength: 200 })
const Role = Nullable(Type.String({ maxLength: 200, description: 'Their title, e.g. "Brussels correspondent".' }))

/** How an article names an author: an existing one by id or slug, or by name (created when new). */
export const AuthorLink = Type.Union([
  Type.Object({ id: Uuid }, { additionalProperties: false }),
  Type.Object({ slug: Slug }, { additionalProperties: false }),
  Type.Object({ name: Name, slug: Type.Optional(Slug), role: Type.Optional(Role) }, { additionalProperties: false })
], { description: 'An existing author by `id` or `slug`, or an author by `name`, created when no author has that slug.' })
export type AuthorLinkDto = Static<typeof AuthorLink>

/** An author as embedded in an article (`include=authors`), in byline order. */
export const AuthorSummary = Type.Object({ id: Uuid, slug: Slug, name: Type.String(), role: Nullable(Type.String()) }, {
  $id: 'AuthorSummary', title: 'AuthorSummary', examples: [AUTHOR_SUMMARY_EXAMPLE]
})
export type AuthorSummaryDto = Static<typeof AuthorSummary>
export const AuthorSummaryRef = Type.Unsafe<AuthorSummaryDto>(Type.Ref('AuthorSummary'))

const authorProperties = {
  slug: Slug,
  name: Type.String(),
  bio: Nullable(Type.String()),
  role: Nullable(Type.String({ description: 'Their title, e.g. "Brussels correspondent".' })),
  url: Nullable(Type.String({ format: 'uri', description: 'Their page.' })),
  avatarUrl: Nullable(Type.String({ format: 'uri', description: 'Their picture.' })),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ minimum: 1 })
}
export const AUTHOR_FIELDS = Object.keys(authorProperties)

export const Author = Type.Object({ id: Uuid, ...authorProperties }, { $id: 'Author', title: 'Author', examples: [AUTHOR_EXAMPLE] })
export type AuthorDto = Static<typeof Author>
export const AuthorRef = Type.Unsafe<AuthorDto>(Type.Ref('Author'))
export const AuthorListItem = Type.Object({ id: Uuid, ...optionalProperties(authorProperties) }, {
  $id: 'AuthorListItem',
  title: 'AuthorListItem',
  description: 'An author in a list: every property is present unless `fields=` leaves it out.',
  examples: [AUTHOR_EXAMPLE]
})
export const AuthorPage = PageOf(Type.Unsafe<Partial<AuthorDto> & { id: string }>(Type.Ref('AuthorListItem')), 'Author',
  page(AUTHOR_EXAMPLE, 'name', AUTHOR_EXAMPLE.name))

export const AUTHOR_SORTS: Record<string, SortField> = {
  name: { column: 'name', type: 'string' },
  createdAt: { column: 'createdAt', type: 'date' }
}

export const AuthorListQuery = Type.Object({
  ...PageQuery,
  sort: Type.Optional(Type.String({ pattern: sortPattern(AUTHOR_SORTS), description: 'Sort field, `-` for descending. Default `name`.' })),
  q: NamePrefix,
  fields: FieldsParam(AUTHOR_FIELDS)
}, { additionalProperties: false })

const writable = {
  name: Name,
  slug: Slug,
  bio: Nullable(Type.String({ maxLength: 5000 })),
  role: Role,
  url: Nullable(HttpUrl('Their page: an absolute http or https URL.')),
  avatarUrl: Nullable(HttpUrl('Their picture: an absolute http or https URL.'))
}
export const AuthorCreate = Type.Object({ ...optionalProperties(writable), name: writable.name }, {
  additionalProperties: false,
  title: 'AuthorCreate',
  description: 'Without `slug`, one is made from the name (`-2`, `-3`... when taken).',
  examples: [AUTHOR_CREATE_EXAMPLE]
})
export type AuthorCreateDto = Static<typeof AuthorCreate>
export const AuthorUpdate = Type.Object(optionalProperties(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'AuthorUpdate',
  description: 'Only the properties sent change. A new `slug` keeps the old one as a redirect.',
  examples: [AUTHOR_UPDATE_EXAMPLE]
})
export type AuthorUpdateDto = Static<typeof AuthorUpdate>
