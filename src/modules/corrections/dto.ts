import type { Prisma } from '../../generated/prisma/client.js'
import type { Shape } from '../../lib/sql.js'
import type { CorrectionDto } from './schemas.js'

// Imports nothing from the articles module: the article DTO embeds corrections through this file.

export type CorrectionRow = Pick<Prisma.CorrectionGetPayload<object>, 'id' | 'articleId' | 'kind' | 'text' | 'supersedes' | 'createdAt'> & {
  supersededBy: { id: string } | null
}

/** What Prisma selects for a CorrectionRow. */
export const CORRECTION_SELECT = {
  id: true, articleId: true, kind: true, text: true, supersedes: true, createdAt: true, supersededBy: { select: { id: true } }
} as const

/** A CorrectionRow from hand-written SQL on `corrections c`. */
export const CORRECTION_SQL: Shape = {
  columns: {
    id: 'c.id', articleId: 'c.article_id', kind: 'c.kind', text: 'c.text', supersedes: 'c.supersedes', createdAt: 'c.created_at',
    supersededBy: '(SELECT json_build_object(\'id\', later.id) FROM corrections later WHERE later.supersedes = c.id)'
  },
  times: ['createdAt']
}

export function toCorrectionDto (row: CorrectionRow): CorrectionDto {
  return {
    id: row.id,
    articleId: row.articleId,
    kind: row.kind as CorrectionDto['kind'],
    text: row.text,
    supersedes: row.supersedes,
    supersededBy: row.supersededBy?.id ?? null,
    createdAt: row.createdAt.toISOString()
  }
}
