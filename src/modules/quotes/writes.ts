import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { staleWrite } from '../../lib/http-cache.js'
import { httpProblem, notFound } from '../../lib/problem.js'
import { byIdOrSlug } from '../../lib/schema-types.js'
import { contentTransaction, type ContentTx } from '../../lib/write-path.js'
import { lockStory, publicArticles } from '../articles/repository.js'
import { resolveAttribution, resolveTopics } from '../articles/save-graph.js'
import type { QuoteRow } from './dto.js'
import type { QuoteCreateDto, QuoteUpdateDto } from './schemas.js'

// Quotes written on their own (an article's first quotes usually come with it through
// saveArticleGraph); speakers and topics are linked the same way, by slug or by name.

const toDate = (value: string | null): Date | null => (value === null ? null : new Date(value))

/**
 * Adds a quote to its article. With `visibleOnly` (a key that may not read drafts) a story the
 * caller cannot read is as unknown as one that does not exist: the same 422, nothing written.
 */
export async function createQuote (db: Database, input: QuoteCreateDto, visibleOnly = false): Promise<QuoteRow> {
  return contentTransaction(db, async (tx) => {
    const unknown = (): Error => httpProblem(422, `Article "${input.article}" does not exist.`)
    const article = await tx.article.findFirst({ where: visibleOnly ? { AND: [byIdOrSlug(input.article), publicArticles()] } : byIdOrSlug(input.article), select: { id: true, publishedAt: true } })
    if (!article) throw unknown()
    const attribution = await resolveAttribution(tx, input, visibleOnly)
    const topicIds = await resolveTopics(tx, input.topics ?? [], visibleOnly)
    // Quotes added to one article at once queue here, so each sees the others' positions; the
    // lock checks again that the story is still there for this caller (unpublished meanwhile).
    if (!await lockStory(tx, article.id, visibleOnly, 'UPDATE')) throw unknown()
    const last = await tx.quote.findFirst({ where: { articleId: article.id }, orderBy: { position: 'desc' }, select: { position: true } })
    return tx.quote.create({
      data: {
        text: input.text,
        ...attribution,
        articleId: article.id,
        position: input.position ?? (last ? last.position + 1 : 0),
        saidAt: input.saidAt === undefined ? article.publishedAt : toDate(input.saidAt),
        context: input.context ?? null,
        topics: { create: topicIds.map((topicId) => ({ topicId })) }
      }
    })
  })
}

/**
 * A quote is public exactly when its story is: for a caller that may not read drafts the story
 * is locked and checked in the write's transaction (lockStory), and a story unpublished since the
 * quote was read is GET's 404.
 */
async function storyStillReadable (tx: ContentTx, quote: QuoteRow, visibleOnly: boolean): Promise<void> {
  if (visibleOnly && !await lockStory(tx, quote.articleId, true)) throw notFound(`Quote "${quote.id}"`)
}

/** Partial update at `expectedVersion` (else 412); `topics` replaces the topic list. */
export async function updateQuote (db: Database, current: QuoteRow, expectedVersion: number, patch: QuoteUpdateDto, visibleOnly = false): Promise<QuoteRow> {
  const { id } = current
  return contentTransaction(db, async (tx) => {
    await storyStillReadable(tx, current, visibleOnly)
    const { speaker, topics, saidAt, ...columns } = patch
    const data: Prisma.QuoteUncheckedUpdateManyInput = { ...columns, version: { increment: 1 } }
    // A new speaker brings their attribution; role, organisation and description sent with it win.
    if (speaker !== undefined) Object.assign(data, await resolveAttribution(tx, { ...patch, speaker }, visibleOnly))
    if (saidAt !== undefined) data.saidAt = toDate(saidAt)
    const { count } = await tx.quote.updateMany({ where: { id, version: expectedVersion }, data })
    if (count === 0) throw staleWrite()
    if (topics !== undefined) {
      const topicIds = await resolveTopics(tx, topics, visibleOnly)
      await tx.quoteTopic.deleteMany({ where: { quoteId: id } })
      await tx.quoteTopic.createMany({ data: topicIds.map((topicId) => ({ quoteId: id, topicId })) })
    }
    return tx.quote.findUniqueOrThrow({ where: { id } })
  })
}

export async function deleteQuote (db: Database, current: QuoteRow, expectedVersion: number, visibleOnly = false): Promise<void> {
  const { id } = current
  await contentTransaction(db, async (tx) => {
    await storyStillReadable(tx, current, visibleOnly)
    const { count } = await tx.quote.deleteMany({ where: { id, version: expectedVersion } })
    if (count === 0) throw staleWrite()
  })
}
