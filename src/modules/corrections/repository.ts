import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { httpProblem } from '../../lib/problem.js'
import { orderBy, pageWhere, type Sort } from '../../lib/pagination.js'
import { contentTransaction } from '../../lib/write-path.js'
import { lockStory, publicArticles } from '../articles/repository.js'
import { CORRECTION_SELECT, type CorrectionRow } from './dto.js'
import type { CorrectionCreateDto } from './schemas.js'

export const CORRECTION_SORT: Sort = { key: '-createdAt', column: 'createdAt', type: 'date', nullable: false, direction: 'desc' }

const WITH_ARTICLE = { ...CORRECTION_SELECT, article: { select: { id: true, slug: true, title: true, status: true, publishedAt: true } } } as const
export type CorrectionWithArticleRow = Prisma.CorrectionGetPayload<{ select: typeof WITH_ARTICLE }>

export function createCorrectionRepository (db: Database) {
  const visible = (visibleOnly: boolean): Prisma.CorrectionWhereInput => (visibleOnly ? { article: publicArticles() } : {})

  return {
    /** Newest first across all stories: `limit + 1` rows, for toPage. */
    async list (visibleOnly: boolean, limit: number, cursor: string | undefined): Promise<CorrectionWithArticleRow[]> {
      return db.correction.findMany({
        where: pageWhere(visible(visibleOnly), CORRECTION_SORT, cursor),
        orderBy: orderBy(CORRECTION_SORT) as Prisma.CorrectionOrderByWithRelationInput[],
        take: limit + 1,
        select: WITH_ARTICLE
      })
    },

    async find (id: string, visibleOnly: boolean): Promise<CorrectionWithArticleRow | null> {
      return db.correction.findFirst({ where: { id, ...visible(visibleOnly) }, select: WITH_ARTICLE })
    },

    /**
     * Adds a correction to an article through the write path (its trigger writes the article's
     * `updated` event). `supersedes` must be a correction of the same article not yet superseded.
     * With `visibleOnly` (a key that may not read drafts), null when the story is not public by the
     * time the transaction holds it (lockStory), and then nothing is written.
     */
    async create (articleId: string, input: CorrectionCreateDto, visibleOnly = false): Promise<CorrectionRow | null> {
      return contentTransaction(db, async (tx) => {
        if (visibleOnly && !await lockStory(tx, articleId, true)) return null
        if (input.supersedes !== undefined) {
          const earlier = await tx.correction.findUnique({ where: { id: input.supersedes }, select: { articleId: true, supersededBy: { select: { id: true } } } })
          if (!earlier || earlier.articleId !== articleId) throw httpProblem(422, `Correction "${input.supersedes}" is not a correction of this article.`)
          if (earlier.supersededBy) throw httpProblem(409, `Correction "${input.supersedes}" is already superseded by "${earlier.supersededBy.id}"; supersede that one instead.`)
        }
        return tx.correction.create({
          data: { articleId, kind: input.kind, text: input.text, supersedes: input.supersedes ?? null },
          select: CORRECTION_SELECT
        })
      })
    }
  }
}
