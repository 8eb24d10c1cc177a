import type { Database } from '../../db/client.js'
import type { ParsedArticle, ParsedSpeaker, TopicKind } from '../../ingest/types.js'
import { httpProblem } from '../../lib/problem.js'
import { readableMessage } from '../../lib/validation-messages.js'
import { takenSlugs } from '../../lib/slug-redirects.js'
import { firstFreeSlug, itemSlugFor, slugFor } from '../../lib/slugs.js'
import { nameSlug } from '../../lib/visible-links.js'
import { sqlOfTransaction } from '../../lib/visibility.js'
import { articleCreateValidator, type ArticleCreateDto } from '../articles/schemas.js'
import { matchSpeaker, slugCandidates } from '../speakers/matching.js'
import { planAuthors, type PlannedAuthor } from './plan-authors.js'
import { findExistingTopics, findSpeakerCandidates, matchTopic, type SpeakerRow } from './known-entities.js'

// A parsed article matched against what the database holds: which speakers and topics are
// reused, which are new (and their slugs), and the write saveArticleGraph would make.

export interface PlannedSpeaker { slug: string, name: string, kind: 'person' | 'organization', role: string | null, organization: string | null, exists: boolean }
export interface PlannedTopic { slug: string, name: string, kind: TopicKind | null, aliases: string[], exists: boolean }
export interface PlannedQuote {
  text: string
  position: number
  context: string | null
  /** Null for an unnamed source. */
  speaker: { slug: string, name: string } | null
  /** The speaker's role and organisation in this story (else their stored ones); an unnamed source's organisation. */
  speakerRole: string | null
  speakerOrganization: string | null
  speakerDescription: string | null
}

export interface ImportPlan {
  article: Required<Pick<ArticleCreateDto, 'slug' | 'title' | 'section' | 'byline' | 'summary' | 'body' | 'sourceUrl' | 'status' | 'publishedAt'>> & { externalId: string }
  quotes: PlannedQuote[]
  speakers: PlannedSpeaker[]
  topics: PlannedTopic[]
  /** The people the byline names, in order. */
  authors: PlannedAuthor[]
}

export interface PlanOptions {
  externalId: string
  sourceUrl: string | null
  status: NonNullable<ArticleCreateDto['status']>
  /** undefined: the page's date. */
  publishedAt: string | null | undefined
  /** For a key that may not read drafts: reuse only what the public sees (known-entities.ts). */
  visibleOnly?: boolean
}

export async function planImport (db: Database, parsed: ParsedArticle, options: PlanOptions): Promise<ImportPlan> {
  if (parsed.title === '' || parsed.body.length === 0) {
    throw httpProblem(422, 'No article found: it needs a headline followed by at least one paragraph of prose.')
  }
  const visibleOnly = options.visibleOnly ?? false
  const speakers = await planSpeakers(db, parsed.speakers, visibleOnly)
  const plan: ImportPlan = {
    article: {
      externalId: options.externalId,
      slug: await freeArticleSlug(db, slugFor(parsed.title)),
      title: parsed.title,
      section: parsed.section,
      byline: parsed.byline,
      summary: parsed.summary,
      body: parsed.body,
      sourceUrl: options.sourceUrl,
      status: options.status,
      publishedAt: options.publishedAt === undefined ? parsed.publishedAt : options.publishedAt
    },
    quotes: parsed.quotes.map((quote) => {
      const base = { text: quote.text, position: quote.position, context: quote.context }
      const named = quote.speakerName === null ? undefined : speakers.byName.get(quote.speakerName)
      if (!named) {
        return { ...base, speaker: null, speakerRole: null, speakerOrganization: quote.organization, speakerDescription: quote.description }
      }
      const { parsed: mention, planned } = named
      // The role this story gives them is the role at the time; a story that gives none keeps the stored one.
      const then = mention.role !== null || mention.organization !== null ? mention : planned
      return { ...base, speaker: { slug: planned.slug, name: planned.name }, speakerRole: then.role, speakerOrganization: then.organization, speakerDescription: null }
    }),
    speakers: speakers.list,
    topics: await planTopics(db, parsed, visibleOnly),
    authors: await planAuthors(db, parsed.byline, visibleOnly)
  }
  const write = toArticleCreate(plan)
  if (!articleCreateValidator().Check(write)) {
    const detail = articleCreateValidator().Errors(write).slice(0, 5).map((e) => `${e.instancePath || '/'} ${readableMessage(e)}`).join('; ')
    throw httpProblem(422, `The parsed article cannot be stored: ${detail}`)
  }
  return plan
}

/** Each parsed speaker as a stored one (matchSpeaker's rule) or a new one with a free slug. */
async function planSpeakers (db: Database, parsed: ParsedSpeaker[], visibleOnly: boolean) {
  const stored: SpeakerRow[] = await findSpeakerCandidates(db, parsed.map((speaker) => speaker.name), visibleOnly)
  const list: PlannedSpeaker[] = []
  const byName = new Map<string, { parsed: ParsedSpeaker, planned: PlannedSpeaker }>()
  for (const speaker of parsed) {
    const match = matchSpeaker(speaker, stored)
    let planned: PlannedSpeaker
    if (match) {
      planned = list.find((other) => other.slug === match.slug) ?? { ...match, exists: true }
    } else {
      planned = { slug: await newSpeakerSlug(db, speaker, list), ...speaker, exists: false }
      // A second mention in this story of the same new person finds them here.
      stored.push({ ...planned })
    }
    if (!list.includes(planned)) list.push(planned)
    byName.set(speaker.name, { parsed: speaker, planned })
  }
  return { list, byName }
}

async function newSpeakerSlug (db: Database, speaker: ParsedSpeaker, planned: PlannedSpeaker[]): Promise<string> {
  const candidates = slugCandidates(speaker)
  const taken = await takenSlugs(db, 'speakers', candidates)
  for (const other of planned) taken.add(other.slug)
  return candidates.find((slug) => !taken.has(slug)) ??
    await firstFreeSlug(candidates[candidates.length - 1]!, async (slugs) => {
      const more = await takenSlugs(db, 'speakers', slugs)
      for (const other of planned) more.add(other.slug)
      return more
    })
}

async function planTopics (db: Database, parsed: ParsedArticle, visibleOnly: boolean): Promise<PlannedTopic[]> {
  const storedTopics = await findExistingTopics(db, parsed.topics, visibleOnly)
  const topics = new Map<string, PlannedTopic>()
  for (const topic of parsed.topics) {
    const stored = matchTopic(topic, storedTopics)
    const planned = stored
      ? { slug: stored.slug, name: stored.name, kind: topic.kind, aliases: stored.aliases, exists: true }
      : { slug: await nameSlug(sqlOfTransaction(db), 'topic', itemSlugFor('topics', topic.name), visibleOnly), name: topic.name, kind: topic.kind, aliases: topic.aliases, exists: false }
    if (!topics.has(planned.slug)) topics.set(planned.slug, planned)
  }
  return [...topics.values()]
}

/** What saveArticleGraph writes: stored topics, speakers and authors by slug, new ones by name; each quote with its attribution then. */
export function toArticleCreate (plan: ImportPlan): ArticleCreateDto {
  const speakers = new Map(plan.speakers.map((speaker) => [speaker.slug, speaker]))
  // The slug is left to saveArticleGraph, which picks a free one inside its transaction.
  const { slug: _previewSlug, ...article } = plan.article
  return {
    ...article,
    topics: plan.topics.map((topic) => topic.exists ? { slug: topic.slug } : { name: topic.name, slug: topic.slug, aliases: topic.aliases }),
    authors: plan.authors.map((author) => author.exists ? { slug: author.slug } : { name: author.name, slug: author.slug }),
    quotes: plan.quotes.map((quote) => {
      const speaker = quote.speaker && speakers.get(quote.speaker.slug)!
      return {
        text: quote.text,
        context: quote.context,
        speaker: speaker === null
          ? null
          : speaker.exists
            ? { slug: speaker.slug }
            : { name: speaker.name, slug: speaker.slug, kind: speaker.kind, role: speaker.role, organization: speaker.organization },
        speakerRole: quote.speakerRole,
        speakerOrganization: quote.speakerOrganization,
        speakerDescription: quote.speakerDescription
      }
    })
  }
}

async function freeArticleSlug (db: Database, base: string): Promise<string> {
  return firstFreeSlug(base, async (candidates) => takenSlugs(db, 'articles', candidates))
}
