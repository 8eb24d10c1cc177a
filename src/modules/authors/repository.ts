import type pg from 'pg'
import type { Database } from '../../db/client.js'
import { createNamedRepository, type NamedDelegate } from '../../lib/named-resource.js'
import type { AuthorRow } from './dto.js'
import type { AuthorCreateDto, AuthorUpdateDto } from './schemas.js'

/** `db` for Prisma, `pool` (routed like it) for the visibility checks. */
export function createAuthorRepository (db: Database, pool: pg.Pool) {
  return createNamedRepository<AuthorRow, AuthorCreateDto, AuthorUpdateDto>({
    resource: 'author',
    table: 'authors',
    // Prisma's generic delegate methods fit NamedDelegate's plain signatures for these arguments.
    delegate: (client) => client.author as unknown as NamedDelegate<AuthorRow>
  }, db, pool, (input) => ({
    name: input.name, bio: input.bio ?? null, role: input.role ?? null, url: input.url ?? null, avatarUrl: input.avatarUrl ?? null
  }))
}
