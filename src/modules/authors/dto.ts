import type { Prisma } from '../../generated/prisma/client.js'
import type { Shape } from '../../lib/sql.js'
import type { AuthorDto, AuthorSummaryDto } from './schemas.js'

export const AUTHOR_SUMMARY = { id: true, slug: true, name: true, role: true } as const
/** AUTHOR_SUMMARY for hand-written SQL on `authors au`. */
export const AUTHOR_SUMMARY_SQL: Shape = { columns: { id: 'au.id', slug: 'au.slug', name: 'au.name', role: 'au.role' }, times: [] }
export type AuthorRow = Prisma.AuthorGetPayload<object>

export function toAuthorSummary (row: AuthorSummaryDto): AuthorSummaryDto {
  return { id: row.id, slug: row.slug, name: row.name, role: row.role }
}

export function toAuthorDto (row: AuthorRow): AuthorDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    bio: row.bio,
    role: row.role,
    url: row.url,
    avatarUrl: row.avatarUrl,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version
  }
}
