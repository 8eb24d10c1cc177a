import type pg from 'pg'
import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { createNamedRepository, type NamedDelegate } from '../../lib/named-resource.js'
import { httpProblem } from '../../lib/problem.js'
import { publicQuotes } from '../quotes/repository.js'
import type { SpeakerCounts, SpeakerRow } from './dto.js'
import type { SpeakerCreateDto, SpeakerInclude, SpeakerRoleHeldDto, SpeakerUpdateDto } from './schemas.js'

/**
 * Adds what `include=` asks for, from the quotes the caller may see, one grouped query each
 * for the whole page: how many quotes each speaker has (Prisma's `_count` with a filter
 * aggregated the whole table), and the roles each was quoted in, with first and last dates.
 */
async function countsAndRoles<Row extends SpeakerRow> (db: Database, rows: Row[], include: ReadonlySet<SpeakerInclude>, visibleOnly: boolean): Promise<(Row & SpeakerCounts)[]> {
  const where = { speakerId: { in: rows.map((row) => row.id) }, ...(visibleOnly && publicQuotes()) }
  const [counts, roles] = await Promise.all([
    include.has('counts') ? quoteCounts(db, where) : undefined,
    include.has('roles') ? rolesHeld(db, where) : undefined
  ])
  return rows.map((row) => ({
    ...row,
    ...(counts && { _count: { quotes: counts.get(row.id) ?? 0 } }),
    ...(roles && { roles: roles.get(row.id) ?? [] })
  }))
}

async function quoteCounts (db: Database, where: Prisma.QuoteWhereInput): Promise<Map<string | null, number>> {
  const groups = await db.quote.groupBy({ by: ['speakerId'], where, _count: { _all: true } })
  return new Map(groups.map((group) => [group.speakerId, group._count._all]))
}

/** Each speaker's roles at the time of their quotes, most recently seen first; quotes with neither role nor organisation say nothing. */
async function rolesHeld (db: Database, where: Prisma.QuoteWhereInput): Promise<Map<string | null, SpeakerRoleHeldDto[]>> {
  const groups = await db.quote.groupBy({
    by: ['speakerId', 'speakerRole', 'speakerOrganization'],
    where: { AND: [where, { OR: [{ speakerRole: { not: null } }, { speakerOrganization: { not: null } }] }] },
    _min: { saidAt: true },
    _max: { saidAt: true },
    _count: { _all: true }
  })
  const bySpeaker = new Map<string | null, SpeakerRoleHeldDto[]>()
  const time = (date: Date | null): number => date?.getTime() ?? -Infinity
  groups.sort((a, b) => time(b._max.saidAt) - time(a._max.saidAt) || b._count._all - a._count._all)
  for (const group of groups) {
    const list = bySpeaker.get(group.speakerId) ?? []
    list.push({
      role: group.speakerRole,
      organization: group.speakerOrganization,
      firstSeen: group._min.saidAt?.toISOString() ?? null,
      lastSeen: group._max.saidAt?.toISOString() ?? null,
      quoteCount: group._count._all
    })
    bySpeaker.set(group.speakerId, list)
  }
  return bySpeaker
}

/** `db` for Prisma, `pool` (routed like it) for the visibility checks. */
export function createSpeakerRepository (db: Database, pool: pg.Pool) {
  return createNamedRepository<SpeakerRow & SpeakerCounts, SpeakerCreateDto, SpeakerUpdateDto>({
    resource: 'speaker',
    table: 'speakers',
    // Prisma's generic delegate methods fit NamedDelegate's plain signatures for these arguments.
    delegate: (client) => client.speaker as unknown as NamedDelegate<SpeakerRow & SpeakerCounts>,
    withIncludes: (rows, include, visibleOnly) => countsAndRoles(db, rows, include as ReadonlySet<SpeakerInclude>, visibleOnly),
    // A speaker who still has quotes (of any status) cannot go: their quotes would lose their author.
    // A key that may not read drafts is told how many it may read, not how many hidden stories hold.
    async refuseDelete (tx, id, visibleOnly) {
      const quotes = await tx.quote.count({ where: { speakerId: id } })
      if (quotes === 0) return
      const told = visibleOnly ? await tx.quote.count({ where: { speakerId: id, ...publicQuotes() } }) : quotes
      throw httpProblem(409, told > 0 ? `The speaker still has ${told} quote(s); delete or reassign them first.` : 'The speaker still has quotes; delete or reassign them first.')
    }
  }, db, pool, (input) => ({ name: input.name, kind: input.kind ?? 'person', role: input.role ?? null, organization: input.organization ?? null }))
}
