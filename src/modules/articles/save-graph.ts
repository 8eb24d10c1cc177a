import type pg from 'pg'
import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { staleWrite } from '../../lib/http-cache.js'
import { httpProblem } from '../../lib/problem.js'
import { dropOldSlugs, insertSlugged, keepOldSlug } from '../../lib/slug-redirects.js'
import { isReservedSlug, itemSlugFor, reservedSlugDetail, slugFor } from '../../lib/slugs.js'
import { reviveTimes, selectList } from '../../lib/sql.js'
import { linkByName, mayLink } from '../../lib/visible-links.js'
import { sqlOfTransaction } from '../../lib/visibility.js'
import { ACTOR_FROM, contentStatement, contentTransaction, type ContentTx } from '../../lib/write-path.js'
import { keyLiveSql } from '../keys/api-keys.js'
import type { SpeakerLinkDto } from '../speakers/schemas.js'
import type { QuoteInArticleDto } from '../quotes/schemas.js'
import type { TopicLinkDto } from '../topics/schemas.js'
import { replaceAuthors, resolveAuthors } from '../authors/links.js'
import { ARTICLE_SQL, type ArticleRow } from './dto.js'
import { publicArticles, publicArticlesCondition } from './repository.js'
import type { ArticleCreateDto, ArticleUpdateDto } from './schemas.js'

type Tx = ContentTx

/**
 * Writes an article with its topics, speakers and quotes as one transaction: either all
 * of it lands or none of it does. Topics and speakers named by slug must exist; named by
 * `name` they are reused when their slug exists and created otherwise. With `visibleOnly` (a key
 * that may not read drafts) one only hidden stories use is not linked (src/lib/visible-links.ts).
 */
export async function saveArticleGraph (db: Database, input: ArticleCreateDto, visibleOnly = false) {
  return contentTransaction(db, async (tx) => {
    const topicIds = await resolveTopics(tx, input.topics ?? [], visibleOnly)
    const authorIds = await resolveAuthors(tx, input.authors ?? [], visibleOnly)
    const article = await insertSlugged(tx, 'articles', input.slug, slugFor(input.title), (slug) => tx.article.create({
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
        topics: { create: topicIds.map((topicId) => ({ topicId })) },
        authors: { create: authorIds.map((authorId, position) => ({ authorId, position })) }
      }
    }))
    let position = 0
    for (const quote of input.quotes ?? []) {
      const attribution = await resolveAttribution(tx, quote, visibleOnly)
      const quoteTopicIds = await resolveTopics(tx, quote.topics ?? [], visibleOnly)
      await tx.quote.create({
        data: {
          text: quote.text,
          ...attribution,
          articleId: article.id,
          position: position++,
          saidAt: quote.saidAt === undefined ? article.publishedAt : toDate(quote.saidAt),
          context: quote.context ?? null,
          topics: { create: quoteTopicIds.map((topicId) => ({ topicId })) }
        }
      })
    }
    return article
  })
}

/**
 * The row a write may change: still at `expectedVersion` and, for a caller that may not read
 * drafts (`visibleOnly`), still public. Checked by the UPDATE or DELETE itself, which Postgres
 * re-evaluates on the newest row version, so an unpublish committed meanwhile cannot slip in
 * between; no row matched is a staleWrite, and versionedWrite's fresh read then answers GET's 404.
 */
function atVersion (id: string, expectedVersion: number, visibleOnly: boolean): Prisma.ArticleWhereInput {
  return visibleOnly ? { AND: [{ id, version: expectedVersion }, publicArticles()] } : { id, version: expectedVersion }
}

/**
 * Applies a partial update in one transaction: the version must still be `expectedVersion`
 * (else 412, nothing written); `topics` replaces the topic list, `authors` the author list; a new slug keeps the old one.
 */
export async function updateArticleGraph (db: Database, current: ArticleRow, expectedVersion: number, patch: ArticleUpdateDto, visibleOnly = false) {
  return contentTransaction(db, async (tx) => {
    const { topics, authors, slug, publishedAt, ...columns } = patch
    const data: Prisma.ArticleUpdateManyMutationInput = { ...columns, version: { increment: 1 } }
    if (slug !== undefined && slug !== current.slug) {
      await keepOldSlug(tx, 'articles', current.id, current.slug, slug)
      data.slug = slug
    }
    if (publishedAt !== undefined) data.publishedAt = toDate(publishedAt)
    else if (patch.status === 'published' && current.status !== 'published' && current.publishedAt === null) data.publishedAt = new Date()
    const { count } = await tx.article.updateMany({ where: atVersion(current.id, expectedVersion, visibleOnly), data })
    if (count === 0) throw staleWrite()
    if (topics !== undefined) {
      const topicIds = await resolveTopics(tx, topics, visibleOnly)
      await tx.articleTopic.deleteMany({ where: { articleId: current.id } })
      await tx.articleTopic.createMany({ data: topicIds.map((topicId) => ({ articleId: current.id, topicId })) })
    }
    if (authors !== undefined) await replaceAuthors(tx, current.id, await resolveAuthors(tx, authors, visibleOnly))
    return tx.article.findUniqueOrThrow({ where: { id: current.id } })
  })
}

// The columns an edit may change with one statement: no slug history, topic links or
// publication rule to keep, so no transaction of several statements is needed.
export const PLAIN_COLUMNS = { title: 'title', summary: 'summary', body: 'body', section: 'section', byline: 'byline', sourceUrl: 'source_url' } as const
type PlainPatch = Pick<ArticleUpdateDto, keyof typeof PLAIN_COLUMNS>

/** Whether the patch changes only plain columns (the editors' everyday save), which updatePlainColumns writes. */
export function isPlainPatch (patch: ArticleUpdateDto): patch is PlainPatch {
  return Object.keys(patch).every((key) => key in PLAIN_COLUMNS)
}

/**
 * updateArticleGraph for a plain patch, in one round trip: one UPDATE that is its own
 * transaction (src/lib/write-path.ts contentStatement), the same events and answer. The story
 * is found by `key` in the same statement, at `expectedVersion` when one is given (If-Match);
 * null when no row matched, and then nothing was written and no commit registered (migration 023).
 * With `liveKeyId` the statement writes only while that API key is live (not revoked).
 */
export async function updatePlainColumns (pool: pg.Pool, key: { id: string } | { slug: string }, expectedVersion: number | undefined, patch: PlainPatch,
  liveKeyId?: string, visibleOnly = false): Promise<ArticleRow | null> {
  const values: unknown[] = ['id' in key ? key.id : key.slug, new Date()]
  const where = ['id' in key ? 'a.id = $3' : 'a.slug = $3']
  if (expectedVersion !== undefined) {
    values.push(expectedVersion)
    where.push(`a.version = $${values.length + 2}`)
  }
  if (liveKeyId !== undefined) {
    values.push(liveKeyId)
    where.push(keyLiveSql(`$${values.length + 2}`))
  }
  // A key that may not read drafts finds (and writes) only what GET shows it, in this same statement.
  if (visibleOnly) where.push(publicArticlesCondition('a'))
  const sets = Object.entries(patch).filter(([, value]) => value !== undefined).map(([key, value]) => {
    values.push(value)
    return `${PLAIN_COLUMNS[key as keyof PlainPatch]} = $${values.length + 2}${key === 'body' ? '::text[]' : ''}`
  })
  const rows = await contentStatement(pool, `UPDATE articles a SET ${[...sets, 'version = a.version + 1', 'updated_at = $4'].join(', ')}
    FROM ${ACTOR_FROM} WHERE ${where.join(' AND ')} RETURNING ${selectList(ARTICLE_SQL)}`, values)
  return rows[0] ? reviveTimes<ArticleRow>(ARTICLE_SQL, rows[0]) : null
}

/** Deletes an article (its quotes go with it) if it is still at `expectedVersion` (and public, with `visibleOnly`). */
export async function deleteArticle (db: Database, id: string, expectedVersion: number, visibleOnly = false): Promise<void> {
  await contentTransaction(db, async (tx) => {
    const { count } = await tx.article.deleteMany({ where: atVersion(id, expectedVersion, visibleOnly) })
    if (count === 0) throw staleWrite()
    await dropOldSlugs(tx, 'articles', id)
  })
}

function toDate (value: string | null): Date | null {
  return value === null ? null : new Date(value)
}

/** Publishing without a time means "now"; other statuses have no time until one is given. */
function defaultPublishedAt (status: ArticleCreateDto['status']): Date | null {
  return status === 'published' ? new Date() : null
}

// "Create unless it exists" as one statement: editors saving stories that name the same new
// topic or speaker at once both succeed (an upsert would let the second fail on the unique slug).
// Creation times are the clock's, as Prisma's would be, so items made together still sort by creation.
// With `visibleOnly` an item only hidden stories use is as unknown as one that does not exist (visible-links.ts).
export async function resolveTopics (tx: Tx, links: TopicLinkDto[], visibleOnly = false): Promise<string[]> {
  const ids = new Set<string>()
  for (const link of links) {
    if (!('name' in link)) {
      const topic = await tx.topic.findUnique({ where: { slug: link.slug }, select: { id: true } })
      if (!await mayLink(sqlOfTransaction(tx), 'topic', topic?.id, visibleOnly)) throw httpProblem(422, `Topic "${link.slug}" does not exist; give its name to create it.`)
      ids.add(topic!.id)
      continue
    }
    const base = link.slug ?? itemSlugFor('topics', link.name)
    if (isReservedSlug('topics', base)) throw httpProblem(409, reservedSlugDetail('topics', base))
    ids.add(await linkByName(sqlOfTransaction(tx), 'topic', base, visibleOnly, async (slug) => {
      await tx.$executeRaw`INSERT INTO topics (slug, name, description, aliases, created_at, updated_at)
        VALUES (${slug}, ${link.name}, ${link.description ?? null}, ${link.aliases ?? []}::text[], clock_timestamp(), clock_timestamp())
        ON CONFLICT (slug) DO NOTHING`
      return (await tx.topic.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id
    }))
  }
  return [...ids]
}

interface ResolvedSpeaker { id: string, role: string | null, organization: string | null }

/**
 * The speaker a link names: an existing one by slug, or by name (created when no speaker has that
 * slug); with `visibleOnly`, never one only hidden stories quote (visible-links.ts).
 */
export async function resolveSpeaker (tx: Tx, link: SpeakerLinkDto, visibleOnly = false): Promise<ResolvedSpeaker> {
  const select = { id: true, role: true, organization: true }
  if (!('name' in link)) {
    const speaker = await tx.speaker.findUnique({ where: { slug: link.slug }, select })
    if (!await mayLink(sqlOfTransaction(tx), 'speaker', speaker?.id, visibleOnly)) throw httpProblem(422, `Speaker "${link.slug}" does not exist; give their name to create them.`)
    return speaker!
  }
  const base = link.slug ?? itemSlugFor('speakers', link.name)
  if (isReservedSlug('speakers', base)) throw httpProblem(409, reservedSlugDetail('speakers', base))
  const id = await linkByName(sqlOfTransaction(tx), 'speaker', base, visibleOnly, async (slug) => {
    await tx.$executeRaw`INSERT INTO speakers (slug, name, kind, role, organization, created_at, updated_at)
      VALUES (${slug}, ${link.name}, ${link.kind ?? 'person'}::"SpeakerKind", ${link.role ?? null}, ${link.organization ?? null}, clock_timestamp(), clock_timestamp())
      ON CONFLICT (slug) DO NOTHING`
    return (await tx.speaker.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id
  })
  return tx.speaker.findUniqueOrThrow({ where: { id }, select })
}

export interface QuoteAttribution { speakerId: string | null, speakerRole: string | null, speakerOrganization: string | null, speakerDescription: string | null }
type AttributionInput = Pick<QuoteInArticleDto, 'speakerRole' | 'speakerOrganization' | 'speakerDescription'> & { speaker: SpeakerLinkDto | null }

/**
 * Who said a quote, as stored with it: the speaker with their role and organisation at the
 * time (as sent; else as the link gives them; else the speaker's current ones), or an
 * unnamed source (no speaker) with its description and organisation.
 */
export async function resolveAttribution (tx: Tx, quote: AttributionInput, visibleOnly = false): Promise<QuoteAttribution> {
  const description = quote.speakerDescription ?? null
  if (quote.speaker === null) {
    return { speakerId: null, speakerRole: quote.speakerRole ?? null, speakerOrganization: quote.speakerOrganization ?? null, speakerDescription: description }
  }
  const speaker = await resolveSpeaker(tx, quote.speaker, visibleOnly)
  const link: { role?: string | null, organization?: string | null } = 'name' in quote.speaker ? quote.speaker : {}
  return {
    speakerId: speaker.id,
    speakerRole: quote.speakerRole !== undefined ? quote.speakerRole : link.role ?? speaker.role,
    speakerOrganization: quote.speakerOrganization !== undefined ? quote.speakerOrganization : link.organization ?? speaker.organization,
    speakerDescription: description
  }
}
