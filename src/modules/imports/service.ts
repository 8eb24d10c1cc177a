import { createHash } from 'node:crypto'
import type { Database } from '../../db/client.js'
import type { ParseOptions, ParsedArticle } from '../../ingest/types.js'
import { MAX_HTML_NESTING, nestsDeeperThan } from '../../ingest/html/nesting.js'
import { htmlStoryText, parsePage } from '../../ingest/parse-pool.js'
import { httpProblem } from '../../lib/problem.js'
import { publicArticles, toArticleDto } from '../articles/repository.js'
import { saveArticleGraph } from '../articles/save-graph.js'
import type { ArticleCreateDto, ArticleDto } from '../articles/schemas.js'
import { loadParserHints } from './known-entities.js'
import { planImport, toArticleCreate, type ImportPlan } from './plan.js'

export type { ImportPlan } from './plan.js'

// An article page (text or saved HTML) in, an article with its quotes, speakers and topics
// out: parsed by src/ingest, matched against what the database already holds (plan.ts),
// written by saveArticleGraph. The route, the CLI and the start-up seed all come through here.

export interface ImportInput {
  /** The page as plain text; or `html`, the saved page. Exactly one of the two. */
  text?: string | undefined
  html?: string | undefined
  /** Default: the page's canonical URL (HTML), else null. */
  sourceUrl?: string | null | undefined
  /** Default `draft`: an editor reviews an imported article before publishing it. */
  status?: ArticleCreateDto['status']
  /** Default: the date the page gives, or null. Never "now": an unknown date stays unknown. */
  publishedAt?: string | null | undefined
}

export interface StoredQuote {
  id: string, text: string, position: number, context: string | null, saidAt: string | null
  /** Null for an unnamed source. */
  speaker: { id: string, slug: string, name: string, kind: 'person' | 'organization', role: string | null, organization: string | null } | null
  speakerRole: string | null
  speakerOrganization: string | null
  speakerDescription: string | null
}
export interface ImportedArticle {
  article: ArticleDto
  quotes: StoredQuote[]
  topics: { id: string, slug: string, name: string, aliases: string[] }[]
}

export type ImportResult =
  | { outcome: 'preview', plan: ImportPlan }
  | { outcome: 'created' | 'existing', imported: ImportedArticle }

/** Line endings, spacing and blank lines do not make a text a different article. */
export function normaliseText (text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ')
    .split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n')
}

/** The stable external id of an imported text: importing it again finds the same article. */
export function importExternalId (text: string): string {
  return `import:${createHash('sha256').update(normaliseText(text)).digest('hex').slice(0, 32)}`
}

/** A page ready to parse: its text (for the id and the stored-entity hints) and the parser to run. */
interface Source { text: string, parse: (hints: ParseOptions) => Promise<ParsedArticle & { canonicalUrl?: string | null }> }

async function readSource (input: ImportInput, timeoutMs: number | undefined): Promise<Source> {
  if (input.html !== undefined) {
    const html = input.html
    if (html.trim() === '') throw httpProblem(400, 'The HTML is empty.')
    // Checked before the workers start: such a page would spend the whole parse budget first.
    if (nestsDeeperThan(html)) {
      throw httpProblem(422, `The page nests its elements more than ${MAX_HTML_NESTING} deep and was not imported. Send the story alone, or as text.`)
    }
    // The id is made of the story's text, so saving the same page again (other ads, other scripts) finds it.
    return { text: await htmlStoryText(html, timeoutMs), parse: (hints) => parsePage({ html }, hints, timeoutMs) }
  }
  const text = input.text ?? ''
  if (text.trim() === '') throw httpProblem(400, 'The text is empty.')
  return { text, parse: (hints) => parsePage({ text }, hints, timeoutMs) }
}

/**
 * Imports one article page, as text or HTML. With `dryRun`, or when nothing is stored yet,
 * the plan says what would be written; a page imported before answers with the stored
 * article and writes nothing (whatever the status or date asked for this time).
 */
export async function importArticle (db: Database, input: ImportInput, options: { dryRun?: boolean, parseTimeoutMs?: number, visibleOnly?: boolean } = {}): Promise<ImportResult> {
  const source = await readSource(input, options.parseTimeoutMs)
  const externalId = importExternalId(source.text)
  const visibleOnly = options.visibleOnly ?? false
  const existing = await db.article.findUnique({ where: { externalId }, select: { id: true } })
  if (existing) return { outcome: 'existing', imported: await loadImportedArticle(db, existing.id, visibleOnly) ?? hiddenStory() }

  const parsed = await source.parse(await loadParserHints(db, source.text, visibleOnly))
  const plan = await planImport(db, parsed, {
    externalId,
    sourceUrl: input.sourceUrl !== undefined ? input.sourceUrl : parsed.canonicalUrl ?? null,
    status: input.status ?? 'draft',
    publishedAt: input.publishedAt,
    visibleOnly
  })
  if (options.dryRun) return { outcome: 'preview', plan }
  try {
    const article = await saveArticleGraph(db, toArticleCreate(plan), visibleOnly)
    // Its creator reads what it just made, as POST /v1/articles answers it.
    return { outcome: 'created', imported: (await loadImportedArticle(db, article.id))! }
  } catch (error) {
    // The same page imported concurrently: the other request won, and that is the answer.
    if ((error as { code?: string }).code !== 'P2002') throw error
    const winner = await db.article.findUnique({ where: { externalId }, select: { id: true } })
    if (!winner) throw error
    return { outcome: 'existing', imported: await loadImportedArticle(db, winner.id, visibleOnly) ?? hiddenStory() }
  }
}

/**
 * A page imported before as a story the caller may not read (a key without `content:read-drafts`,
 * the story a draft): it cannot be imported again, and the answer says no more than that, nothing
 * of the story (id, slug, status), and nothing is written.
 */
function hiddenStory (): never {
  throw httpProblem(409, 'This page was imported before, as a story this API key may not read; nothing was written. An editor with `content:read-drafts` can find it.')
}

/**
 * The stored article with its quotes (in order, with speakers), topics and authors (in the article);
 * with `visibleOnly`, null unless the article is public (read in the same query).
 */
export async function loadImportedArticle (db: Database, id: string, visibleOnly = false): Promise<ImportedArticle | null> {
  const row = await db.article.findFirst({
    where: visibleOnly ? { AND: [{ id }, publicArticles()] } : { id },
    include: {
      quotes: { orderBy: [{ position: 'asc' }, { id: 'asc' }], include: { speaker: true } },
      topics: { include: { topic: true } },
      authors: { include: { author: true }, orderBy: { position: 'asc' } }
    }
  })
  if (!row) return null
  return {
    article: toArticleDto(row),
    quotes: row.quotes.map((quote) => ({
      id: quote.id,
      text: quote.text,
      position: quote.position,
      context: quote.context,
      saidAt: quote.saidAt?.toISOString() ?? null,
      speaker: quote.speaker && {
        id: quote.speaker.id, slug: quote.speaker.slug, name: quote.speaker.name, kind: quote.speaker.kind, role: quote.speaker.role, organization: quote.speaker.organization
      },
      speakerRole: quote.speakerRole,
      speakerOrganization: quote.speakerOrganization,
      speakerDescription: quote.speakerDescription
    })),
    topics: row.topics.map(({ topic }) => ({ id: topic.id, slug: topic.slug, name: topic.name, aliases: topic.aliases }))
      .sort((a, b) => a.slug.localeCompare(b.slug))
  }
}
