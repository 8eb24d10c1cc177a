import type pg from 'pg'
import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { staleWrite, type Versioned } from '../../lib/http-cache.js'
import { namePrefix } from '../../lib/lookups.js'
import { orderBy, pageWhere, type Sort } from '../../lib/pagination.js'
import { dropOldSlugs, insertSlugged, keepOldSlug } from '../../lib/slug-redirects.js'
import { itemSlugFor } from '../../lib/slugs.js'
import { validatorsLookup } from '../../lib/validators.js'
import { countNamed, keepPublic, publicNamed, publicPage } from '../../lib/visibility.js'
import { contentTransaction } from '../../lib/write-path.js'
import { publicArticles } from '../articles/repository.js'
import { publicQuotes } from '../quotes/repository.js'
import type { TopicCounts, TopicRow } from './dto.js'
import type { TopicCreateDto, TopicInclude, TopicUpdateDto } from './schemas.js'

type Key = { id: string } | { slug: string }

/**
 * Adds how many articles and quotes on each topic the caller may see: two grouped counts
 * restricted to this page's topics (Prisma's `_count` with a filter aggregated whole tables).
 */
async function withCounts<Row extends TopicRow> (db: Database, rows: Row[], include: ReadonlySet<TopicInclude>, visibleOnly: boolean): Promise<(Row & TopicCounts)[]> {
  if (!include.has('counts') || rows.length === 0) return rows
  const topicId = { in: rows.map((row) => row.id) }
  const [articles, quotes] = await Promise.all([
    db.articleTopic.groupBy({ by: ['topicId'], where: { topicId, ...(visibleOnly && { article: publicArticles() }) }, _count: { _all: true } }),
    db.quoteTopic.groupBy({ by: ['topicId'], where: { topicId, ...(visibleOnly && { quote: publicQuotes() }) }, _count: { _all: true } })
  ])
  const articleCounts = new Map(articles.map((group) => [group.topicId, group._count._all]))
  const quoteCounts = new Map(quotes.map((group) => [group.topicId, group._count._all]))
  return rows.map((row) => ({ ...row, _count: { articles: articleCounts.get(row.id) ?? 0, quotes: quoteCounts.get(row.id) ?? 0 } }))
}

const publicValidators = validatorsLookup('topics', publicNamed('topic', 'topics'))
const anyValidators = validatorsLookup('topics')

/** `db` for Prisma, `pool` (routed like it) for the hand-written reads. */
export function createTopicRepository (db: Database, pool: pg.Pool) {
  return {
    async list (options: { q?: string | undefined, sort: Sort, limit: number, cursor?: string | undefined, count: boolean, include: ReadonlySet<TopicInclude>, visibleOnly: boolean }) {
      const where: Prisma.TopicWhereInput = options.q ? { name: namePrefix(options.q) } : {}
      const fetch = (cursor: string | undefined) => db.topic.findMany({
        where: pageWhere(where, options.sort, cursor),
        orderBy: orderBy(options.sort) as Prisma.TopicOrderByWithRelationInput[],
        take: options.limit + 1
      })
      const [first, total] = await Promise.all([
        fetch(options.cursor),
        options.count ? countNamed(pool, 'topic', options.q, options.visibleOnly) : Promise.resolve(undefined)
      ])
      const rows = options.visibleOnly ? await publicPage(pool, 'topic', first, options.limit, options.sort, fetch) : first
      return { rows: await withCounts(db, rows, options.include, options.visibleOnly), total }
    },

    async find (key: Key, include: ReadonlySet<TopicInclude> = new Set(), visibleOnly = true): Promise<(TopicRow & TopicCounts) | null> {
      const row = await db.topic.findFirst({ where: key })
      if (!row || (visibleOnly && (await keepPublic(pool, 'topic', [row])).length === 0)) return null
      return (await withCounts(db, [row], include, visibleOnly))[0]!
    },

    /** Just what the topic's ETag and Last-Modified are made of. */
    async findValidators (key: Key, visibleOnly: boolean): Promise<Versioned | null> {
      return (visibleOnly ? publicValidators : anyValidators)(pool, key)
    },

    async create (input: TopicCreateDto): Promise<TopicRow> {
      return contentTransaction(db, async (tx) => {
        return insertSlugged(tx, 'topics', input.slug, itemSlugFor('topics', input.name), (slug) => tx.topic.create({ data: { slug, name: input.name, description: input.description ?? null, aliases: input.aliases ?? [] } }))
      })
    },

    /** Partial update at `expectedVersion` (else 412); a new slug keeps the old one as a redirect. */
    async update (current: TopicRow, expectedVersion: number, patch: TopicUpdateDto): Promise<TopicRow> {
      return contentTransaction(db, async (tx) => {
        if (patch.slug !== undefined && patch.slug !== current.slug) await keepOldSlug(tx, 'topics', current.id, current.slug, patch.slug)
        const { count } = await tx.topic.updateMany({ where: { id: current.id, version: expectedVersion }, data: { ...patch, version: { increment: 1 } } })
        if (count === 0) throw staleWrite()
        return tx.topic.findUniqueOrThrow({ where: { id: current.id } })
      })
    },

    /** Deleting a topic unlinks it from its articles and quotes (the links cascade). */
    async delete (id: string, expectedVersion: number): Promise<void> {
      await contentTransaction(db, async (tx) => {
        const { count } = await tx.topic.deleteMany({ where: { id, version: expectedVersion } })
        if (count === 0) throw staleWrite()
        await dropOldSlugs(tx, 'topics', id)
      })
    }
  }
}
