import type { Database } from '../../db/client.js'
import { Prisma } from '../../generated/prisma/client.js'
import { afterCursor, decodeCursor, orderBy, type Sort } from '../../lib/pagination.js'
import { byIdOrSlug } from '../../lib/schema-types.js'
import type { ArticleDto } from './schemas.js'

type ArticleRow = Prisma.ArticleGetPayload<object>

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

export function toArticleDto (row: ArticleRow): ArticleDto {
  return {
    id: row.id,
    slug: row.slug,
    externalId: row.externalId,
    title: row.title,
    summary: row.summary,
    body: row.body,
    section: row.section,
    byline: row.byline,
    sourceUrl: row.sourceUrl,
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version
  }
}


export function createArticleRepository (db: Database) {
  return {
    async list (options: { visibleOnly: boolean, sort: Sort, limit: number, cursor?: string | undefined, section?: string | undefined, count: boolean }) {
      const filters: Prisma.ArticleWhereInput[] = []
      if (options.visibleOnly) filters.push(publicArticles())
      if (options.section !== undefined) filters.push({ section: options.section })
      const where: Prisma.ArticleWhereInput = { AND: filters }
      const page: Prisma.ArticleWhereInput = options.cursor
        ? { AND: [where, afterCursor(options.sort, decodeCursor(options.cursor, options.sort))] }
        : where
      const [rows, total] = await Promise.all([
        db.article.findMany({ where: page, orderBy: orderBy(options.sort) as Prisma.ArticleOrderByWithRelationInput[], take: options.limit + 1 }),
        options.count ? db.article.count({ where }) : Promise.resolve(undefined)
      ])
      return { rows, total }
    },

    async findByIdOrSlug (idOrSlug: string, visibleOnly: boolean): Promise<ArticleRow | null> {
      const key: Prisma.ArticleWhereInput = byIdOrSlug(idOrSlug)
      return db.article.findFirst({ where: visibleOnly ? { AND: [key, publicArticles()] } : key })
    }
  }
}
