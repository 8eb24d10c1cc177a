import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { orderBy, pageWhere, type Sort } from '../../lib/pagination.js'
import type { ArticleDto } from '../articles/schemas.js'
import type { RevisionDto, RevisionSummaryDto } from './schemas.js'

// Revisions are written by the database (migration 013) at the commit of every write to an
// article; this module only reads them.

export const REVISION_SORT: Sort = { key: '-number', column: 'number', type: 'number', nullable: false, direction: 'desc' }

const SUMMARY = { id: true, number: true, version: true, createdAt: true, actor: true, actorKeyId: true, changed: true } as const
type SummaryRow = Prisma.ArticleRevisionGetPayload<{ select: typeof SUMMARY }>

function toSummary (row: SummaryRow): RevisionSummaryDto {
  return { id: row.id, number: row.number, version: row.version, createdAt: row.createdAt.toISOString(), actor: row.actor, actorKeyId: row.actorKeyId, changed: row.changed }
}

export function createRevisionRepository (db: Database) {
  return {
    /** Newest first: `limit + 1` rows, for toPage. */
    async list (articleId: string, limit: number, cursor: string | undefined): Promise<RevisionSummaryDto[]> {
      const rows = await db.articleRevision.findMany({
        where: pageWhere({ articleId } as Prisma.ArticleRevisionWhereInput, REVISION_SORT, cursor),
        orderBy: orderBy(REVISION_SORT) as Prisma.ArticleRevisionOrderByWithRelationInput[],
        take: limit + 1,
        select: SUMMARY
      })
      return rows.map(toSummary)
    },

    async find (articleId: string, number: number): Promise<RevisionDto | null> {
      const row = await db.articleRevision.findUnique({ where: { articleId_number: { articleId, number } }, select: { ...SUMMARY, snapshot: true } })
      return row ? { ...toSummary(row), article: row.snapshot as unknown as ArticleDto } : null
    },

    async latest (articleId: string): Promise<RevisionDto | null> {
      const row = await db.articleRevision.findFirst({ where: { articleId }, orderBy: { number: 'desc' }, select: { ...SUMMARY, snapshot: true } })
      return row ? { ...toSummary(row), article: row.snapshot as unknown as ArticleDto } : null
    }
  }
}
