import { createHash } from 'node:crypto'
import { Compile } from 'typebox/compile'
import type { Database } from '../../db/client.js'
import type { TopicKind } from '../../ingest/types.js'
import { httpProblem } from '../../lib/problem.js'
import { firstFreeSlug, slugFor } from '../../lib/slugs.js'
import { toArticleDto } from '../articles/repository.js'
import { saveArticleGraph } from '../articles/save-graph.js'
import { ArticleCreate, type ArticleCreateDto, type ArticleDto } from '../articles/schemas.js'
import { findExistingSpeakers, findExistingTopics, loadParserHints, matchTopic } from './known-entities.js'

// Raw article text in, an article with its quotes, speakers and topics out: parsed by
// src/ingest, matched against what the database already holds, written by saveArticleGraph.
// The route, the CLI and the start-up seed all come through here.

export interface ImportInput {
  text: string
  sourceUrl?: string | null | undefined
  /** Default `draft`: an editor reviews an imported article before publishing it. */
  status?: ArticleCreateDto['status']
  /** Default: the date the page gives, or null. Never "now": an unknown date stays unknown. */
  publishedAt?: string | null | undefined
}

export interface PlannedSpeaker { slug: string, name: string, role: string | null, organization: string | null, exists: boolean }
export interface PlannedTopic { slug: string, name: string, kind: TopicKind | null, aliases: string[], exists: boolean }
export interface PlannedQuote { text: string, position: number, context: string | null, speaker: { slug: string, name: string } }

export interface ImportPlan {
  article: Required<Pick<ArticleCreateDto, 'slug' | 'title' | 'section' | 'byline' | 'summary' | 'body' | 'sourceUrl' | 'status' | 'publishedAt'>> & { externalId: string }
  quotes: PlannedQuote[]
  speakers: PlannedSpeaker[]
  topics: PlannedTopic[]
}

export interface StoredQuote {
  id: string, text: string, position: number, context: string | null, saidAt: string | null
  speaker: { id: string, slug: string, name: string, role: string | null, organization: string | null }
}
export interface ImportedArticle {
  article: ArticleDto
  quotes: StoredQuote[]
  topics: { id: string, slug: string, name: string, aliases: string[] }[]
}

export type ImportResult =
  | { outcome: 'preview', plan: ImportPlan }
  | { outcome: 'created' | 'existing', imported: ImportedArticle }

const validArticle = Compile(ArticleCreate)

/** Line endings, spacing and blank lines do not make a text a different article. */
export function normaliseText (text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ')
    .split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n')
}

/** The stable external id of an imported text: importing it again finds the same article. */
export function importExternalId (text: string): string {
  return `import:${createHash('sha256').update(normaliseText(text)).digest('hex').slice(0, 32)}`
}

/**
 * Imports one article's page text. With `dryRun`, or when nothing is stored yet, the plan
 * says what would be written; a text imported before answers with the stored article and
 * writes nothing (whatever the status or date asked for this time).
 */
export async function importArticleText (db: Database, input: ImportInput, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
  if (input.text.trim() === '') throw httpProblem(400, 'The text is empty.')
  const externalId = importExternalId(input.text)
  const existing = await db.article.findUnique({ where: { externalId }, select: { id: true } })
  if (existing) return { outcome: 'existing', imported: await loadImportedArticle(db, existing.id) }

  const plan = await planImport(db, input, externalId)
  if (options.dryRun) return { outcome: 'preview', plan }
  try {
    const article = await saveArticleGraph(db, toArticleCreate(plan))
    return { outcome: 'created', imported: await loadImportedArticle(db, article.id) }
  } catch (error) {
    // The same text imported concurrently: the other request won, and that is the answer.
    if ((error as { code?: string }).code !== 'P2002') throw error
    const winner = await db.article.findUnique({ where: { externalId }, select: { id: true } })
    if (!winner) throw error
    return { outcome: 'existing', imported: await loadImportedArticle(db, winner.id) }
  }
}

async function planImport (db: Database, input: ImportInput, externalId: string): Promise<ImportPlan> {
  // The parser brings compromise (about 40 MB and 0.6 s to load): loaded by the first import, not at start-up.
  const { parseArticle } = await import('../../ingest/parse-article.js')
  const parsed = parseArticle(input.text, await loadParserHints(db, input.text))
  if (parsed.title === '' || parsed.body.length === 0) {
    throw httpProblem(422, 'No article found in the text: it needs a headline followed by at least one paragraph of prose.')
  }

  const storedSpeakers = new Map((await findExistingSpeakers(db, parsed.speakers.map((s) => slugFor(s.name)))).map((row) => [row.slug, row]))
  const speakers: PlannedSpeaker[] = parsed.speakers.map((speaker) => {
    const slug = slugFor(speaker.name)
    const stored = storedSpeakers.get(slug)
    return stored ? { ...stored, exists: true } : { slug, ...speaker, exists: false }
  })
  const speakerByName = new Map(parsed.speakers.map((speaker, i) => [speaker.name, speakers[i]!]))

  const storedTopics = await findExistingTopics(db, parsed.topics)
  const topics = new Map<string, PlannedTopic>()
  for (const topic of parsed.topics) {
    const stored = matchTopic(topic, storedTopics)
    const planned = stored
      ? { slug: stored.slug, name: stored.name, kind: topic.kind, aliases: stored.aliases, exists: true }
      : { slug: slugFor(topic.name), name: topic.name, kind: topic.kind, aliases: topic.aliases, exists: false }
    if (!topics.has(planned.slug)) topics.set(planned.slug, planned)
  }

  const plan: ImportPlan = {
    article: {
      externalId,
      slug: await freeArticleSlug(db, slugFor(parsed.title)),
      title: parsed.title,
      section: parsed.section,
      byline: parsed.byline,
      summary: parsed.summary,
      body: parsed.body,
      sourceUrl: input.sourceUrl ?? null,
      status: input.status ?? 'draft',
      publishedAt: input.publishedAt === undefined ? parsed.publishedAt : input.publishedAt
    },
    // Unnamed sources (speakerName null) are not stored yet.
    quotes: parsed.quotes.flatMap((quote) => quote.speakerName === null ? [] : [{ ...quote, speakerName: quote.speakerName }]).map((quote) => {
      const speaker = speakerByName.get(quote.speakerName)!
      return { text: quote.text, position: quote.position, context: quote.context, speaker: { slug: speaker.slug, name: speaker.name } }
    }),
    speakers,
    topics: [...topics.values()]
  }
  const write = toArticleCreate(plan)
  if (!validArticle.Check(write)) {
    const detail = validArticle.Errors(write).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')
    throw httpProblem(422, `The parsed article cannot be stored: ${detail}`)
  }
  return plan
}

/** What saveArticleGraph writes: stored topics and speakers by slug, new ones by name. */
function toArticleCreate (plan: ImportPlan): ArticleCreateDto {
  const speakers = new Map(plan.speakers.map((speaker) => [speaker.slug, speaker]))
  // The slug is left to saveArticleGraph, which picks a free one inside its transaction.
  const { slug: _previewSlug, ...article } = plan.article
  return {
    ...article,
    topics: plan.topics.map((topic) => topic.exists ? { slug: topic.slug } : { name: topic.name, slug: topic.slug, aliases: topic.aliases }),
    quotes: plan.quotes.map((quote) => {
      const speaker = speakers.get(quote.speaker.slug)!
      return {
        text: quote.text,
        context: quote.context,
        speaker: speaker.exists ? { slug: speaker.slug } : { name: speaker.name, slug: speaker.slug, role: speaker.role, organization: speaker.organization }
      }
    })
  }
}

async function freeArticleSlug (db: Database, base: string): Promise<string> {
  return firstFreeSlug(base, async (candidates) => {
    const [articles, redirects] = await Promise.all([
      db.article.findMany({ where: { slug: { in: candidates } }, select: { slug: true } }),
      db.slugRedirect.findMany({ where: { resource: 'articles', slug: { in: candidates } }, select: { slug: true } })
    ])
    return new Set([...articles, ...redirects].map((row) => row.slug))
  })
}

/** The stored article with its quotes (in order, with speakers) and topics. */
export async function loadImportedArticle (db: Database, id: string): Promise<ImportedArticle> {
  const row = await db.article.findUniqueOrThrow({
    where: { id },
    include: {
      quotes: { orderBy: [{ position: 'asc' }, { id: 'asc' }], include: { speaker: true } },
      topics: { include: { topic: true } }
    }
  })
  return {
    article: toArticleDto(row),
    quotes: row.quotes.map((quote) => ({
      id: quote.id,
      text: quote.text,
      position: quote.position,
      context: quote.context,
      saidAt: quote.saidAt?.toISOString() ?? null,
      speaker: { id: quote.speaker.id, slug: quote.speaker.slug, name: quote.speaker.name, role: quote.speaker.role, organization: quote.speaker.organization }
    })),
    topics: row.topics.map(({ topic }) => ({ id: topic.id, slug: topic.slug, name: topic.name, aliases: topic.aliases }))
      .sort((a, b) => a.slug.localeCompare(b.slug))
  }
}
