import { isDeepStrictEqual } from 'node:util'
import type { Database } from '../../db/client.js'
import { PROBLEM_DETAILS } from '../../lib/examples.js'
import { staleWrite } from '../../lib/http-cache.js'
import { httpProblem } from '../../lib/problem.js'
import { contentTransaction } from '../../lib/write-path.js'
import type { ArticleDto } from '../articles/schemas.js'
import { replaceAuthors } from '../authors/links.js'
import type { QuoteDto } from '../quotes/schemas.js'

// Restoring a revision writes its content back through the one write path: the article's
// text fields, its topic list, its author list (in byline order) and its quotes, as one transaction that bumps the version
// (so the triggers record a new revision equal to the old one in content). Where the story
// is and whether it is public (slug, status, publication time, external id) stay as they
// are: going back to Tuesday's wording must not unpublish a live story or move its URL.

/** The article properties a restore writes back. */
export const RESTORED_FIELDS = ['title', 'summary', 'body', 'section', 'byline', 'sourceUrl'] as const

const toDate = (value: string | null): Date | null => (value === null ? null : new Date(value))

function quoteColumns (quote: QuoteDto, articleId: string) {
  return {
    text: quote.text,
    speakerId: quote.speakerId,
    speakerRole: quote.speakerRole,
    speakerOrganization: quote.speakerOrganization,
    speakerDescription: quote.speakerDescription,
    articleId,
    position: quote.position,
    saidAt: toDate(quote.saidAt),
    context: quote.context
  }
}

/** Writes `snapshot`'s content over article `articleId` if it is still at `expectedVersion` (else 412). */
export async function restoreSnapshot (db: Database, articleId: string, expectedVersion: number, snapshot: ArticleDto): Promise<void> {
  await contentTransaction(db, async (tx) => {
    const { count } = await tx.article.updateMany({
      where: { id: articleId, version: expectedVersion },
      data: {
        title: snapshot.title,
        summary: snapshot.summary,
        body: snapshot.body,
        section: snapshot.section,
        byline: snapshot.byline,
        sourceUrl: snapshot.sourceUrl,
        version: { increment: 1 }
      }
    })
    if (count === 0) throw staleWrite()

    const topics = snapshot.topics ?? []
    const existingTopics = new Set((await tx.topic.findMany({ where: { id: { in: topics.map((topic) => topic.id) } }, select: { id: true } })).map((row) => row.id))
    const goneTopic = topics.find((topic) => !existingTopics.has(topic.id))
    if (goneTopic) throw httpProblem(409, PROBLEM_DETAILS.revisionTopicGone(goneTopic.slug))
    const currentTopics = (await tx.articleTopic.findMany({ where: { articleId }, select: { topicId: true } })).map((row) => row.topicId).sort()
    if (!isDeepStrictEqual(currentTopics, topics.map((topic) => topic.id).sort())) {
      await tx.articleTopic.deleteMany({ where: { articleId } })
      await tx.articleTopic.createMany({ data: topics.map((topic) => ({ articleId, topicId: topic.id })) })
    }

    // Revisions from before migration 020 did not record authors: those leave the list as it is.
    if (snapshot.authors !== undefined) {
      const authors = snapshot.authors
      const existingAuthors = new Set((await tx.author.findMany({ where: { id: { in: authors.map((author) => author.id) } }, select: { id: true } })).map((row) => row.id))
      const goneAuthor = authors.find((author) => !existingAuthors.has(author.id))
      if (goneAuthor) throw httpProblem(409, PROBLEM_DETAILS.revisionAuthorGone(goneAuthor.slug))
      await replaceAuthors(tx, articleId, authors.map((author) => author.id))
    }

    const quotes = snapshot.quotes ?? []
    const speakerIds = [...new Set(quotes.map((quote) => quote.speakerId).filter((id): id is string => id !== null))]
    const existingSpeakers = new Set((await tx.speaker.findMany({ where: { id: { in: speakerIds } }, select: { id: true } })).map((row) => row.id))
    const goneSpeaker = quotes.find((quote) => quote.speakerId !== null && !existingSpeakers.has(quote.speakerId))
    if (goneSpeaker) throw httpProblem(409, `Speaker "${goneSpeaker.speaker?.slug ?? goneSpeaker.speakerId}" was deleted since this revision; restore is not possible as it was.`)

    const keep = new Set(quotes.map((quote) => quote.id))
    await tx.quote.deleteMany({ where: { articleId, id: { notIn: [...keep] } } })
    const stored = new Map((await tx.quote.findMany({ where: { id: { in: [...keep] } } })).map((row) => [row.id, row]))
    for (const quote of quotes) {
      const columns = quoteColumns(quote, articleId)
      const current = stored.get(quote.id)
      if (!current) {
        // Deleted since: back under its old id, so links to it work again.
        await tx.quote.create({ data: { id: quote.id, ...columns } })
        continue
      }
      const same = (Object.keys(columns) as (keyof typeof columns)[]).every((key) => isDeepStrictEqual(current[key], columns[key]))
      if (!same) await tx.quote.update({ where: { id: quote.id }, data: { ...columns, version: { increment: 1 } } })
    }
  })
}
