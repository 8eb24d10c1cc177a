import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { staleWrite } from '../../lib/http-cache.js'
import { httpProblem } from '../../lib/problem.js'
import { byIdOrSlug } from '../../lib/schema-types.js'
import { contentTransaction } from '../../lib/write-path.js'
import { resolveAttribution, resolveTopics } from '../articles/save-graph.js'
import type { QuoteRow } from './dto.js'
import type { QuoteCreateDto, QuoteUpdateDto } from './schemas.js'

// Quotes written on their own (an article's first quotes usually come with it through
// saveArticleGraph); speakers and topics are linked the same way, by slug or by name.

const toDate = (value: string | null): Date | null => (value === null ? null : new Date(value))

export async function createQuote (db: Database, input: QuoteCreateDto): Promise<QuoteRow> {
  return contentTransaction(db, async (tx) => {
    const article = await tx.article.findFirst({ where: byIdOrSlug(input.article), select: { id: true, publishedAt: true } })
    if (!article) throw httpProblem(422, `Article "${input.article}" does not exist.`)
    const attribution = await resolveAttribution(tx, input)
    const topicIds = await resolveTopics(tx, input.topics ?? [])
    // Quotes added to one article at once queue here, so each sees the others' positions.
    await tx.$queryRaw`SELECT 1 FROM articles WHERE id = ${article.id}::uuid FOR UPDATE`
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

/** Partial update at `expectedVersion` (else 412); `topics` replaces the topic list. */
export async function updateQuote (db: Database, id: string, expectedVersion: number, patch: QuoteUpdateDto): Promise<QuoteRow> {
  return contentTransaction(db, async (tx) => {
    const { speaker, topics, saidAt, ...columns } = patch
    const data: Prisma.QuoteUncheckedUpdateManyInput = { ...columns, version: { increment: 1 } }
    // A new speaker brings their attribution; role, organisation and description sent with it win.
    if (speaker !== undefined) Object.assign(data, await resolveAttribution(tx, { ...patch, speaker }))
    if (saidAt !== undefined) data.saidAt = toDate(saidAt)
    const { count } = await tx.quote.updateMany({ where: { id, version: expectedVersion }, data })
    if (count === 0) throw staleWrite()
    if (topics !== undefined) {
      const topicIds = await resolveTopics(tx, topics)
      await tx.quoteTopic.deleteMany({ where: { quoteId: id } })
      await tx.quoteTopic.createMany({ data: topicIds.map((topicId) => ({ quoteId: id, topicId })) })
    }
    return tx.quote.findUniqueOrThrow({ where: { id } })
  })
}

export async function deleteQuote (db: Database, id: string, expectedVersion: number): Promise<void> {
  await contentTransaction(db, async (tx) => {
    const { count } = await tx.quote.deleteMany({ where: { id, version: expectedVersion } })
    if (count === 0) throw staleWrite()
  })
}
