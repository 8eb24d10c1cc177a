import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { httpProblem } from '../../lib/problem.js'
import { firstFreeSlug, slugFor } from '../../lib/slugs.js'
import type { SpeakerLinkDto } from '../speakers/schemas.js'
import type { TopicLinkDto } from '../topics/schemas.js'
import type { ArticleCreateDto } from './schemas.js'

type Tx = Prisma.TransactionClient

/**
 * Writes an article with its topics, speakers and quotes as one transaction: either all
 * of it lands or none of it does. Topics and speakers named by slug must exist; named by
 * `name` they are reused when their slug exists and created otherwise.
 */
export async function saveArticleGraph (db: Database, input: ArticleCreateDto) {
  return db.$transaction(async (tx) => {
    const slug = input.slug ?? await freeArticleSlug(tx, slugFor(input.title))
    const topicIds = await resolveTopics(tx, input.topics ?? [])
    const article = await tx.article.create({
      data: {
        slug,
        externalId: input.externalId ?? null,
        title: input.title,
        summary: input.summary ?? null,
        body: input.body ?? [],
        section: input.section ?? null,
        byline: input.byline ?? null,
        sourceUrl: input.sourceUrl ?? null,
        status: input.status ?? 'draft',
        publishedAt: input.publishedAt === undefined ? defaultPublishedAt(input.status) : toDate(input.publishedAt),
        topics: { create: topicIds.map((topicId) => ({ topicId })) }
      }
    })
    let position = 0
    for (const quote of input.quotes ?? []) {
      const speakerId = await resolveSpeaker(tx, quote.speaker)
      const quoteTopicIds = await resolveTopics(tx, quote.topics ?? [])
      await tx.quote.create({
        data: {
          text: quote.text,
          speakerId,
          articleId: article.id,
          position: position++,
          saidAt: quote.saidAt === undefined ? article.publishedAt : toDate(quote.saidAt),
          context: quote.context ?? null,
          topics: { create: quoteTopicIds.map((topicId) => ({ topicId })) }
        }
      })
    }
    return article
  }, { timeout: 30_000 })
}

function toDate (value: string | null): Date | null {
  return value === null ? null : new Date(value)
}

/** Publishing without a time means "now"; other statuses have no time until one is given. */
function defaultPublishedAt (status: ArticleCreateDto['status']): Date | null {
  return status === 'published' ? new Date() : null
}

async function freeArticleSlug (tx: Tx, base: string): Promise<string> {
  return firstFreeSlug(base, async (candidates) => {
    const [articles, redirects] = await Promise.all([
      tx.article.findMany({ where: { slug: { in: candidates } }, select: { slug: true } }),
      tx.slugRedirect.findMany({ where: { resource: 'articles', slug: { in: candidates } }, select: { slug: true } })
    ])
    return new Set([...articles, ...redirects].map((row) => row.slug))
  })
}

async function resolveTopics (tx: Tx, links: TopicLinkDto[]): Promise<string[]> {
  const ids = new Set<string>()
  for (const link of links) {
    if (!('name' in link)) {
      const topic = await tx.topic.findUnique({ where: { slug: link.slug }, select: { id: true } })
      if (!topic) throw httpProblem(422, `Topic "${link.slug}" does not exist; give its name to create it.`)
      ids.add(topic.id)
      continue
    }
    const slug = link.slug ?? slugFor(link.name)
    const topic = await tx.topic.upsert({
      where: { slug },
      create: { slug, name: link.name, description: link.description ?? null, aliases: link.aliases ?? [] },
      update: {},
      select: { id: true }
    })
    ids.add(topic.id)
  }
  return [...ids]
}

async function resolveSpeaker (tx: Tx, link: SpeakerLinkDto): Promise<string> {
  if (!('name' in link)) {
    const speaker = await tx.speaker.findUnique({ where: { slug: link.slug }, select: { id: true } })
    if (!speaker) throw httpProblem(422, `Speaker "${link.slug}" does not exist; give their name to create them.`)
    return speaker.id
  }
  const slug = link.slug ?? slugFor(link.name)
  const speaker = await tx.speaker.upsert({
    where: { slug },
    create: { slug, name: link.name, role: link.role ?? null, organization: link.organization ?? null },
    update: {},
    select: { id: true }
  })
  return speaker.id
}
