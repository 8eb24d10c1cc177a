import type pg from 'pg'
import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { staleWrite, type Versioned } from '../../lib/http-cache.js'
import { namePrefix } from '../../lib/lookups.js'
import { orderBy, pageWhere, type Sort } from '../../lib/pagination.js'
import { httpProblem } from '../../lib/problem.js'
import { dropOldSlugs, insertSlugged, keepOldSlug } from '../../lib/slug-redirects.js'
import { itemSlugFor } from '../../lib/slugs.js'
import { validatorsLookup } from '../../lib/validators.js'
import { countNamed, keepPublic, publicNamed, publicPage } from '../../lib/visibility.js'
import { contentTransaction } from '../../lib/write-path.js'
import { publicQuotes } from '../quotes/repository.js'
import type { SpeakerCounts, SpeakerRow } from './dto.js'
import type { SpeakerCreateDto, SpeakerInclude, SpeakerRoleHeldDto, SpeakerUpdateDto } from './schemas.js'

type Key = { id: string } | { slug: string }

/**
 * Adds what `include=` asks for, from the quotes the caller may see, one grouped query each
 * for the whole page: how many quotes each speaker has (Prisma's `_count` with a filter
 * aggregated the whole table), and the roles each was quoted in, with first and last dates.
 */
async function withCounts<Row extends SpeakerRow> (db: Database, rows: Row[], include: ReadonlySet<SpeakerInclude>, visibleOnly: boolean): Promise<(Row & SpeakerCounts)[]> {
  if (include.size === 0 || rows.length === 0) return rows
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

const publicValidators = validatorsLookup('speakers', publicNamed('speaker', 'speakers'))
const anyValidators = validatorsLookup('speakers')

/** `db` for Prisma, `pool` (routed like it) for the hand-written reads. */
export function createSpeakerRepository (db: Database, pool: pg.Pool) {
  return {
    async list (options: { q?: string | undefined, sort: Sort, limit: number, cursor?: string | undefined, count: boolean, include: ReadonlySet<SpeakerInclude>, visibleOnly: boolean }) {
      const where: Prisma.SpeakerWhereInput = options.q ? { name: namePrefix(options.q) } : {}
      const fetch = (cursor: string | undefined) => db.speaker.findMany({
        where: pageWhere(where, options.sort, cursor),
        orderBy: orderBy(options.sort) as Prisma.SpeakerOrderByWithRelationInput[],
        take: options.limit + 1
      })
      const [first, total] = await Promise.all([
        fetch(options.cursor),
        options.count ? countNamed(pool, 'speaker', options.q, options.visibleOnly) : Promise.resolve(undefined)
      ])
      const rows = options.visibleOnly ? await publicPage(pool, 'speaker', first, options.limit, options.sort, fetch) : first
      return { rows: await withCounts(db, rows, options.include, options.visibleOnly), total }
    },

    async find (key: Key, include: ReadonlySet<SpeakerInclude> = new Set(), visibleOnly = true): Promise<(SpeakerRow & SpeakerCounts) | null> {
      const row = await db.speaker.findFirst({ where: key })
      if (!row || (visibleOnly && (await keepPublic(pool, 'speaker', [row])).length === 0)) return null
      return (await withCounts(db, [row], include, visibleOnly))[0]!
    },

    /** Just what the speaker's ETag and Last-Modified are made of. */
    async findValidators (key: Key, visibleOnly: boolean): Promise<Versioned | null> {
      return (visibleOnly ? publicValidators : anyValidators)(pool, key)
    },

    async create (input: SpeakerCreateDto): Promise<SpeakerRow> {
      return contentTransaction(db, async (tx) => {
        return insertSlugged(tx, 'speakers', input.slug, itemSlugFor('speakers', input.name), (slug) => tx.speaker.create({ data: { slug, name: input.name, kind: input.kind ?? 'person', role: input.role ?? null, organization: input.organization ?? null } }))
      })
    },

    /** Partial update at `expectedVersion` (else 412); a new slug keeps the old one as a redirect. */
    async update (current: SpeakerRow, expectedVersion: number, patch: SpeakerUpdateDto): Promise<SpeakerRow> {
      return contentTransaction(db, async (tx) => {
        if (patch.slug !== undefined && patch.slug !== current.slug) await keepOldSlug(tx, 'speakers', current.id, current.slug, patch.slug)
        const { count } = await tx.speaker.updateMany({ where: { id: current.id, version: expectedVersion }, data: { ...patch, version: { increment: 1 } } })
        if (count === 0) throw staleWrite()
        return tx.speaker.findUniqueOrThrow({ where: { id: current.id } })
      })
    },

    /** A speaker who still has quotes (of any status) cannot go: their quotes would lose their author. */
    async delete (id: string, expectedVersion: number): Promise<void> {
      await contentTransaction(db, async (tx) => {
        const quotes = await tx.quote.count({ where: { speakerId: id } })
        if (quotes > 0) throw httpProblem(409, `The speaker still has ${quotes} quote(s); delete or reassign them first.`)
        const { count } = await tx.speaker.deleteMany({ where: { id, version: expectedVersion } })
        if (count === 0) throw staleWrite()
        await dropOldSlugs(tx, 'speakers', id)
      })
    }
  }
}
