import type { Database } from '../../db/client.js'
import { Prisma } from '../../generated/prisma/client.js'
import { idsOfSlugs, timeRange } from '../../lib/lookups.js'
import { orderBy, pageWhere, type Sort } from '../../lib/pagination.js'
import { articleInclude, type ArticleRow, type ArticleRowWith } from './dto.js'
import type { ArticleInclude, StatusName } from './schemas.js'

// Other modules (imports) map rows through the same DTO function.
export { toArticleDto } from './dto.js'

/**
 * What a public caller may see: published (an unknown publication date stays null, it is
 * never invented), or published/scheduled with a time that has come. No job flips the status.
 */
export function publicArticles (now = new Date()): Prisma.ArticleWhereInput {
  return {
    OR: [
      { status: 'published', publishedAt: null },
      { status: { in: ['published', 'scheduled'] }, publishedAt: { lte: now } }
    ]
  }
}

/** publicArticles() for hand-written SQL; `alias` names the articles table in the query. */
export function publicArticlesSql (alias: string): Prisma.Sql {
  const a = Prisma.raw(alias)
  return Prisma.sql`((${a}.status = 'published' AND (${a}.published_at IS NULL OR ${a}.published_at <= now()))
    OR (${a}.status IN ('published', 'scheduled') AND ${a}.published_at <= now()))`
}

export interface ArticleFilters {
  topics?: string[] | undefined
  allTopics?: string[] | undefined
  speakers?: string[] | undefined
  section?: string | undefined
  statuses?: StatusName[] | undefined
  publishedAfter?: string | undefined
  publishedBefore?: string | undefined
  /** A topic id, for /topics/{topic}/articles. */
  topicId?: string | undefined
}

export interface ListOptions {
  visibleOnly: boolean
  sort: Sort
  limit: number
  cursor?: string | undefined
  count: boolean
  fields?: string[] | undefined
  include: ReadonlySet<ArticleInclude>
}

export function createArticleRepository (db: Database) {
  /** The `where` for these filters, or null when a named topic or speaker does not exist. */
  async function whereFor (visibleOnly: boolean, filters: ArticleFilters): Promise<Prisma.ArticleWhereInput | null> {
    const and: Prisma.ArticleWhereInput[] = []
    if (visibleOnly) and.push(publicArticles())
    if (filters.section !== undefined) and.push({ section: filters.section })
    if (filters.statuses) and.push({ status: { in: filters.statuses } })
    const published = timeRange(filters.publishedAfter, filters.publishedBefore)
    if (published) and.push({ publishedAt: published })
    if (filters.topicId) and.push({ topics: { some: { topicId: filters.topicId } } })
    if (filters.topics) {
      const ids = await idsOfSlugs(db, 'topics', filters.topics)
      if (ids.length === 0) return null
      and.push({ topics: { some: { topicId: { in: ids } } } })
    }
    if (filters.allTopics) {
      const ids = await idsOfSlugs(db, 'topics', filters.allTopics)
      if (ids.length < filters.allTopics.length) return null
      for (const topicId of ids) and.push({ topics: { some: { topicId } } })
    }
    if (filters.speakers) {
      const ids = await idsOfSlugs(db, 'speakers', filters.speakers)
      if (ids.length === 0) return null
      and.push({ quotes: { some: { speakerId: { in: ids } } } })
    }
    return { AND: and }
  }

  return {
    async list (filters: ArticleFilters, options: ListOptions): Promise<{ rows: ArticleRowWith[], total: number | undefined }> {
      const where = await whereFor(options.visibleOnly, filters)
      if (!where) return { rows: [], total: options.count ? 0 : undefined }
      const page: Prisma.ArticleWhereInput = pageWhere(where, options.sort, options.cursor)
      const [rows, total] = await Promise.all([
        db.article.findMany({
          where: page,
          orderBy: orderBy(options.sort) as Prisma.ArticleOrderByWithRelationInput[],
          take: options.limit + 1,
          // The body is most of an article's bytes: skip it when `fields=` leaves it out.
          omit: { body: options.fields !== undefined && !options.fields.includes('body') },
          include: articleInclude(options.include)
        }),
        options.count ? db.article.count({ where }) : Promise.resolve(undefined)
      ])
      // Prisma cannot type an include chosen at run time; ArticleRowWith says what may be there.
      return { rows: rows as unknown as ArticleRowWith[], total }
    },

    async find (key: { id: string } | { slug: string }, visibleOnly: boolean, include: ReadonlySet<ArticleInclude> = new Set()): Promise<ArticleRowWith | null> {
      const row = await db.article.findFirst({ where: visibleOnly ? { AND: [key, publicArticles()] } : key, include: articleInclude(include) })
      return row as unknown as ArticleRowWith | null
    },

    /** For writes: any status, by id or current slug. */
    async findForWrite (key: { id: string } | { slug: string }): Promise<ArticleRow | null> {
      return db.article.findFirst({ where: key })
    }
  }
}
