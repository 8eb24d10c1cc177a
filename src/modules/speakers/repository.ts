import type pg from 'pg'
import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { staleWrite, type Versioned } from '../../lib/http-cache.js'
import { namePrefix } from '../../lib/lookups.js'
import { orderBy, pageWhere, type Sort } from '../../lib/pagination.js'
import { httpProblem } from '../../lib/problem.js'
import { claimSlug, dropOldSlugs, freeSlug, keepOldSlug } from '../../lib/slug-redirects.js'
import { slugFor } from '../../lib/slugs.js'
import { validatorsLookup } from '../../lib/validators.js'
import { contentTransaction } from '../../lib/write-path.js'
import { publicQuotes } from '../quotes/repository.js'
import type { SpeakerCounts, SpeakerRow } from './dto.js'
import type { SpeakerCreateDto, SpeakerInclude, SpeakerUpdateDto } from './schemas.js'

type Key = { id: string } | { slug: string }

/**
 * Adds how many of each speaker's quotes the caller may see: one grouped count restricted
 * to this page's speakers (Prisma's `_count` with a filter aggregated the whole table).
 */
async function withCounts<Row extends SpeakerRow> (db: Database, rows: Row[], include: ReadonlySet<SpeakerInclude>, visibleOnly: boolean): Promise<(Row & SpeakerCounts)[]> {
  if (!include.has('counts') || rows.length === 0) return rows
  const groups = await db.quote.groupBy({
    by: ['speakerId'],
    where: { speakerId: { in: rows.map((row) => row.id) }, ...(visibleOnly && publicQuotes()) },
    _count: { _all: true }
  })
  const counts = new Map(groups.map((group) => [group.speakerId, group._count._all]))
  return rows.map((row) => ({ ...row, _count: { quotes: counts.get(row.id) ?? 0 } }))
}

const speakerValidators = validatorsLookup('speakers')

/** `db` for Prisma, `pool` (routed like it) for the hand-written reads. */
export function createSpeakerRepository (db: Database, pool: pg.Pool) {
  return {
    async list (options: { q?: string | undefined, sort: Sort, limit: number, cursor?: string | undefined, count: boolean, include: ReadonlySet<SpeakerInclude>, visibleOnly: boolean }) {
      const where: Prisma.SpeakerWhereInput = options.q ? { name: namePrefix(options.q) } : {}
      const page: Prisma.SpeakerWhereInput = pageWhere(where, options.sort, options.cursor)
      const [rows, total] = await Promise.all([
        db.speaker.findMany({
          where: page,
          orderBy: orderBy(options.sort) as Prisma.SpeakerOrderByWithRelationInput[],
          take: options.limit + 1
        }),
        options.count ? db.speaker.count({ where }) : Promise.resolve(undefined)
      ])
      return { rows: await withCounts(db, rows, options.include, options.visibleOnly), total }
    },

    async find (key: Key, include: ReadonlySet<SpeakerInclude> = new Set(), visibleOnly = true): Promise<(SpeakerRow & SpeakerCounts) | null> {
      const row = await db.speaker.findFirst({ where: key })
      return row && (await withCounts(db, [row], include, visibleOnly))[0]!
    },

    /** Just what the speaker's ETag and Last-Modified are made of. */
    async findValidators (key: Key): Promise<Versioned | null> {
      return speakerValidators(pool, key)
    },

    async create (input: SpeakerCreateDto): Promise<SpeakerRow> {
      return contentTransaction(db, async (tx) => {
        if (input.slug !== undefined) await claimSlug(tx, 'speakers', input.slug)
        const slug = input.slug ?? await freeSlug(tx, 'speakers', slugFor(input.name))
        return tx.speaker.create({ data: { slug, name: input.name, role: input.role ?? null, organization: input.organization ?? null } })
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
