import { randomUUID } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type pg from 'pg'
import { slugConflict } from '../../lib/slug-redirects.js'
import { isReservedSlug, itemSlugFor, reservedSlugDetail, slugFor } from '../../lib/slugs.js'
import { publicArticlesCondition } from '../articles/repository.js'
import { loadArticleLines, type ArticleLine } from './article-lines.js'
import { authorKey, authorLinksOf, exportedAuthors, resolveBatchAuthors, writeBatchAuthors, type AuthorRow } from './batch-authors.js'
import { NOTHING_HIDDEN, hiddenLinks, settleMoved, unlinkable } from './batch-visibility.js'

// One batch of bulk lines in one transaction, in a fixed number of set-based statements
// (jsonb_to_recordset) rather than a round trip per row: this is what makes a bulk load
// run near the speed of COPY. Ids are made here so no statement has to map RETURNING
// rows back to their lines.

export interface BatchItem { line: number, data: ArticleLine }
export interface LineError { line: number, status: number, title: string, detail: string }
export interface BatchResult { created: number, updated: number, unchanged: number, errors: LineError[] }

interface TopicRow { id: string, slug: string, name: string, description: string | null, aliases: string[] }
interface SpeakerRow { id: string, slug: string, name: string, kind: 'person' | 'organization', role: string | null, organization: string | null }
type QuoteLine = NonNullable<ArticleLine['quotes']>[number]
type SpeakerLinkLine = NonNullable<QuoteLine['speaker']>
type Named<T> = Map<string, T>

const topicSlug = (link: { slug?: string, name?: string }): string => link.slug ?? itemSlugFor('topics', link.name!)
const speakerSlug = (link: { slug?: string, name?: string }): string => link.slug ?? itemSlugFor('speakers', link.name!)

type ExistingArticle = { id: string, slug: string, external_id: string | null, visible: boolean }

/**
 * Writes the lines. With `visibleOnly` (a key that may not read drafts) a line about a story the
 * key cannot read is a 404, as GET would answer, and nothing of that line is written (not even
 * the topics or speakers it names); the stories are locked as they are read, so one unpublished
 * meanwhile is seen as hidden. Nor does such a key link a topic, speaker or author only hidden
 * stories use (batch-visibility.ts): by slug it is unknown (422), by name a new one is made.
 */
export async function writeBatch (client: pg.PoolClient, lines: BatchItem[], visibleOnly = false): Promise<BatchResult> {
  const errors: LineError[] = []
  const fail = (item: BatchItem, status: number, detail: string): void => {
    errors.push({ line: item.line, status, title: status === 409 ? 'Conflict' : status === 404 ? 'Not Found' : 'Unprocessable Content', detail })
  }

  // 0. The stories the lines name, first: a line about a hidden one goes no further.
  const { rows: existing } = await client.query<ExistingArticle>({
    name: visibleOnly ? 'bulk-select-articles-visible' : 'bulk-select-articles',
    text: `SELECT id, slug, external_id, ${publicArticlesCondition('a')} AS visible FROM articles a
           WHERE slug = ANY($1::text[]) OR external_id = ANY($2::text[])${visibleOnly ? ' FOR UPDATE' : ''}`,
    values: [lines.map((item) => item.data.slug ?? slugFor(item.data.title)), lines.map((item) => item.data.externalId).filter((id): id is string => typeof id === 'string')]
  })
  const bySlug = new Map(existing.map((row) => [row.slug, row]))
  const byExternalId = new Map(existing.filter((row) => row.external_id).map((row) => [row.external_id!, row]))
  /** The stored story a line updates: by external id when it has one, else by slug. */
  const matchOf = (item: BatchItem): ExistingArticle | undefined =>
    item.data.externalId ? byExternalId.get(item.data.externalId) : bySlug.get(item.data.slug ?? slugFor(item.data.title))
  const items = lines.filter((item) => {
    if (!visibleOnly || matchOf(item)?.visible !== false) return true
    fail(item, 404, `Article "${item.data.slug ?? item.data.externalId ?? slugFor(item.data.title)}" was not found.`)
    return false
  })

  // 1. Topics and speakers: create the named ones that are new; all must exist afterwards.
  const topicLinks = items.flatMap((item) => [...(item.data.topics ?? []), ...(item.data.quotes ?? []).flatMap((q) => q.topics ?? [])])
  // A reserved slug given explicitly is never created (its line is refused below).
  const namedTopics = new Map(topicLinks.filter((link) => 'name' in link && !isReservedSlug('topics', topicSlug(link))).map((link) => [topicSlug(link), link as { name: string, description?: string | null, aliases?: string[] }]))
  // Unnamed sources (speaker null) link no speaker.
  const speakerLinks = items.flatMap((item) => (item.data.quotes ?? []).flatMap((q) => q.speaker ?? []))
  const namedSpeakers = new Map(speakerLinks.filter((link) => 'name' in link && !isReservedSlug('speakers', speakerSlug(link)))
    .map((link) => [speakerSlug(link), link as { name: string, kind?: string, role?: string | null, organization?: string | null }]))

  // For a key that may not read drafts: what it may not link, and where its by-name links to that go instead.
  const hiddenTopics = visibleOnly ? await hiddenLinks(client, 'topic', topicLinks.map(topicSlug), [...namedTopics.keys()]) : NOTHING_HIDDEN
  const hiddenSpeakers = visibleOnly ? await hiddenLinks(client, 'speaker', speakerLinks.map(speakerSlug), [...namedSpeakers.keys()]) : NOTHING_HIDDEN
  await client.query({
    name: 'bulk-insert-topics',
    text: `INSERT INTO topics (slug, name, description, aliases)
           SELECT slug, name, description, coalesce(aliases, '{}') FROM jsonb_to_recordset($1::jsonb) AS x(slug text, name text, description text, aliases text[])
           ON CONFLICT (slug) DO NOTHING`,
    values: [JSON.stringify([...namedTopics].map(([slug, t]) => ({ slug: hiddenTopics.moved.get(slug) ?? slug, name: t.name, description: t.description ?? null, aliases: t.aliases ?? [] })))]
  })
  await client.query({
    name: 'bulk-insert-speakers',
    text: `INSERT INTO speakers (slug, name, kind, role, organization)
           SELECT slug, name, kind, role, organization FROM jsonb_to_recordset($1::jsonb) AS x(slug text, name text, kind "SpeakerKind", role text, organization text)
           ON CONFLICT (slug) DO NOTHING`,
    values: [JSON.stringify([...namedSpeakers].map(([slug, s]) => ({ slug: hiddenSpeakers.moved.get(slug) ?? slug, name: s.name, kind: s.kind ?? 'person', role: s.role ?? null, organization: s.organization ?? null })))]
  })
  const topics: Named<TopicRow> = new Map((await client.query<TopicRow>({
    name: 'bulk-select-topics',
    text: 'SELECT id, slug, name, description, aliases FROM topics WHERE slug = ANY($1::text[])',
    values: [[...new Set([...topicLinks.map(topicSlug), ...hiddenTopics.moved.values()])]]
  })).rows.map((row) => [row.slug, row]))
  const speakers: Named<SpeakerRow> = new Map((await client.query<SpeakerRow>({
    name: 'bulk-select-speakers',
    text: 'SELECT id, slug, name, kind, role, organization FROM speakers WHERE slug = ANY($1::text[])',
    values: [[...new Set([...speakerLinks.map(speakerSlug), ...hiddenSpeakers.moved.values()])]]
  })).rows.map((row) => [row.slug, row]))
  await settleMoved(client, 'topic', topics, hiddenTopics)
  await settleMoved(client, 'speaker', speakers, hiddenSpeakers)
  const { authors, hiddenAuthors } = await resolveBatchAuthors(client, items.map((item) => item.data), visibleOnly)

  // 2. Which lines are new articles, which update one, which conflict.
  const derivedSlugs = items.map((item) => item.data.slug ?? slugFor(item.data.title))
  // Slug history: retired slugs still redirect to their article and are never given to another.
  const { rows: retired } = await client.query<{ slug: string, target_id: string }>({
    name: 'bulk-select-slug-redirects',
    text: "SELECT slug, target_id FROM slug_redirects WHERE resource = 'articles' AND slug = ANY($1::text[])",
    values: [derivedSlugs]
  })
  const formerHolder = new Map(retired.map((row) => [row.slug, row.target_id]))
  const current = await loadArticleLines(client, existing.map((row) => row.id))
  const byId = new Map(existing.map((row) => [row.id, row]))

  const writes: { id: string, isNew: boolean, slug: string, data: ArticleLine }[] = []
  let unchanged = 0
  items.forEach((item, index) => {
    const itemTopicSlugs = [...(item.data.topics ?? []), ...(item.data.quotes ?? []).flatMap((q) => q.topics ?? [])].map(topicSlug)
    const reservedTopic = itemTopicSlugs.find((slug) => isReservedSlug('topics', slug))
    if (reservedTopic) return fail(item, 409, reservedSlugDetail('topics', reservedTopic))
    const reservedSpeaker = (item.data.quotes ?? []).flatMap((q) => q.speaker ?? []).map(speakerSlug).find((slug) => isReservedSlug('speakers', slug))
    if (reservedSpeaker) return fail(item, 409, reservedSlugDetail('speakers', reservedSpeaker))
    const missingTopic = [...(item.data.topics ?? []), ...(item.data.quotes ?? []).flatMap((q) => q.topics ?? [])].find((link) => unlinkable(topicSlug(link), 'name' in link, topics, hiddenTopics))
    if (missingTopic) return fail(item, 422, `Topic "${topicSlug(missingTopic)}" does not exist; give its name to create it.`)
    const missingSpeaker = (item.data.quotes ?? []).flatMap((q) => q.speaker ?? []).find((link) => unlinkable(speakerSlug(link), 'name' in link, speakers, hiddenSpeakers))
    if (missingSpeaker) return fail(item, 422, `Speaker "${speakerSlug(missingSpeaker)}" does not exist; give their name to create them.`)
    const missingAuthor = authorLinksOf(item.data).find((link) => unlinkable(authorKey(link), 'name' in link, authors, hiddenAuthors))
    if (missingAuthor) return fail(item, 422, `Author "${authorKey(missingAuthor)}" does not exist; give their name to create them.`)

    const match = matchOf(item)
    // A slug is stable: an update that names none keeps the stored one.
    const slug = item.data.slug ?? (match ? byId.get(match.id)!.slug : derivedSlugs[index]!)
    const conflict = slugConflict('articles', slug, { currentId: bySlug.get(slug)?.id, formerId: formerHolder.get(slug) }, match?.id)
    if (conflict) return fail(item, 409, conflict)
    if (!match) {
      writes.push({ id: randomUUID(), isNew: true, slug, data: item.data })
      return
    }
    const resolved = resolveLine({ ...item.data, slug }, topics, speakers, authors, current.get(match.id)?.publishedAt ?? null)
    if (isDeepStrictEqual(resolved, current.get(match.id))) unchanged++
    else writes.push({ id: match.id, isNew: false, slug, data: item.data })
  })

  // 3. Articles, then their topic links and quotes (replaced wholesale on update), then their authors (when changed).
  const now = new Date().toISOString()
  const articleRecords = writes.map(({ id, slug, data }) => ({
    id, slug, external_id: data.externalId ?? null, title: data.title, summary: data.summary ?? null, body: data.body ?? [],
    section: data.section ?? null, byline: data.byline ?? null, source_url: data.sourceUrl ?? null, status: data.status ?? 'draft',
    published_at: data.publishedAt === undefined ? (data.status === 'published' ? now : null) : data.publishedAt
  }))
  const columns = `id uuid, slug text, external_id text, title text, summary text, body text[], section text, byline text, source_url text, status "ContentStatus", published_at timestamptz`
  await client.query({
    name: 'bulk-insert-articles',
    text: `INSERT INTO articles (id, slug, external_id, title, summary, body, section, byline, source_url, status, published_at)
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`,
    values: [JSON.stringify(articleRecords.filter((_, i) => writes[i]!.isNew))]
  })
  const updated = articleRecords.filter((_, i) => !writes[i]!.isNew)
  if (updated.length > 0) {
    await client.query({
      name: 'bulk-update-articles',
      text: `UPDATE articles a SET slug = x.slug, external_id = x.external_id, title = x.title, summary = x.summary, body = x.body,
                    section = x.section, byline = x.byline, source_url = x.source_url, status = x.status, published_at = x.published_at,
                    version = a.version + 1, updated_at = now()
               FROM jsonb_to_recordset($1::jsonb) AS x(${columns}) WHERE a.id = x.id`,
      values: [JSON.stringify(updated)]
    })
    // As PATCH does: a changed slug leaves the old one redirecting; taking back an old slug ends its redirect.
    const renamed = updated.filter((row) => byId.get(row.id)!.slug !== row.slug).map((row) => ({ id: row.id, old: byId.get(row.id)!.slug, slug: row.slug }))
    if (renamed.length > 0) {
      await client.query({
        name: 'bulk-keep-old-slugs',
        text: `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, old text, slug text)),
                    reclaimed AS (DELETE FROM slug_redirects r USING x WHERE r.resource = 'articles' AND r.slug = x.slug AND r.target_id = x.id)
               INSERT INTO slug_redirects (resource, slug, target_id) SELECT 'articles', old, id FROM x`,
        values: [JSON.stringify(renamed)]
      })
    }
    const ids = updated.map((row) => row.id)
    await client.query({ name: 'bulk-clear-article-topics', text: 'DELETE FROM article_topics WHERE article_id = ANY($1::uuid[])', values: [ids] })
    await client.query({ name: 'bulk-clear-quotes', text: 'DELETE FROM quotes WHERE article_id = ANY($1::uuid[])', values: [ids] })
  }

  const articleTopics = writes.flatMap(({ id, data }) =>
    [...new Set((data.topics ?? []).map((link) => topics.get(topicSlug(link))!.id))].map((topicId) => ({ article_id: id, topic_id: topicId })))
  const quotes: Record<string, unknown>[] = []
  const quoteTopics: Record<string, string>[] = []
  writes.forEach(({ id, data }, index) => {
    const publishedAt = articleRecords[index]!.published_at
    ;(data.quotes ?? []).forEach((quote, position) => {
      const quoteId = randomUUID()
      const attribution = attributionOf(quote, speakers)
      quotes.push({
        id: quoteId, article_id: id, speaker_id: attribution.speakerId, speaker_role: attribution.speakerRole,
        speaker_organization: attribution.speakerOrganization, speaker_description: attribution.speakerDescription, text: quote.text, position,
        said_at: quote.saidAt === undefined ? publishedAt : quote.saidAt, context: quote.context ?? null
      })
      for (const topicId of new Set((quote.topics ?? []).map((link) => topics.get(topicSlug(link))!.id))) quoteTopics.push({ quote_id: quoteId, topic_id: topicId })
    })
  })
  await client.query({
    name: 'bulk-insert-article-topics',
    text: 'INSERT INTO article_topics (article_id, topic_id) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(article_id uuid, topic_id uuid)',
    values: [JSON.stringify(articleTopics)]
  })
  await client.query({
    name: 'bulk-insert-quotes',
    text: `INSERT INTO quotes (id, article_id, speaker_id, speaker_role, speaker_organization, speaker_description, text, position, said_at, context)
           SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS x(id uuid, article_id uuid, speaker_id uuid, speaker_role text, speaker_organization text, speaker_description text, text text, position int, said_at timestamptz, context text)`,
    values: [JSON.stringify(quotes)]
  })
  await client.query({
    name: 'bulk-insert-quote-topics',
    text: 'INSERT INTO quote_topics (quote_id, topic_id) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(quote_id uuid, topic_id uuid)',
    values: [JSON.stringify(quoteTopics)]
  })
  await writeBatchAuthors(client, writes, authors, current)

  const created = writes.filter((write) => write.isNew).length
  return { created, updated: writes.length - created, unchanged, errors }
}

/** A line as export would write it once stored, to tell an unchanged re-import from an update. */
function resolveLine (data: ArticleLine, topics: Named<TopicRow>, speakers: Named<SpeakerRow>, authors: Map<string, AuthorRow>, storedPublishedAt: string | null): ArticleLine {
  const publishedAt = data.publishedAt === undefined ? storedPublishedAt : data.publishedAt && new Date(data.publishedAt).toISOString()
  const topicOf = (link: { slug?: string, name?: string }) => {
    const row = topics.get(topicSlug(link))!
    return { slug: row.slug, name: row.name, description: row.description, aliases: row.aliases }
  }
  return {
    slug: data.slug!,
    externalId: data.externalId ?? null,
    title: data.title,
    summary: data.summary ?? null,
    body: data.body ?? [],
    section: data.section ?? null,
    byline: data.byline ?? null,
    sourceUrl: data.sourceUrl ?? null,
    status: data.status ?? 'draft',
    publishedAt,
    topics: [...new Map((data.topics ?? []).map((link) => [topicSlug(link), topicOf(link)])).values()].sort((a, b) => a.slug.localeCompare(b.slug)),
    authors: exportedAuthors(data, authors),
    quotes: (data.quotes ?? []).map((quote) => {
      const speaker = quote.speaker && speakers.get(speakerSlug(quote.speaker))!
      const attribution = attributionOf(quote, speakers)
      return {
        text: quote.text,
        speaker: speaker && { slug: speaker.slug, name: speaker.name, kind: speaker.kind, role: speaker.role, organization: speaker.organization },
        speakerRole: attribution.speakerRole,
        speakerOrganization: attribution.speakerOrganization,
        speakerDescription: attribution.speakerDescription,
        saidAt: quote.saidAt === undefined ? publishedAt : quote.saidAt && new Date(quote.saidAt).toISOString(),
        context: quote.context ?? null,
        topics: [...new Set((quote.topics ?? []).map((link) => topics.get(topicSlug(link))!.slug))].sort().map((slug) => ({ slug }))
      }
    })
  }
}

/**
 * What a quote line stores about who said it, as saveArticleGraph does: the speaker's role
 * and organisation then (as sent, else as the link gives them, else the stored speaker's),
 * or an unnamed source's description and organisation.
 */
function attributionOf (quote: QuoteLine, speakers: Named<SpeakerRow>) {
  const description = quote.speakerDescription ?? null
  if (quote.speaker === null) {
    return { speakerId: null, speakerRole: quote.speakerRole ?? null, speakerOrganization: quote.speakerOrganization ?? null, speakerDescription: description }
  }
  const speaker = speakers.get(speakerSlug(quote.speaker))!
  const link: SpeakerLinkLine & { role?: string | null, organization?: string | null } = quote.speaker
  return {
    speakerId: speaker.id,
    speakerRole: quote.speakerRole !== undefined ? quote.speakerRole : link.role ?? speaker.role,
    speakerOrganization: quote.speakerOrganization !== undefined ? quote.speakerOrganization : link.organization ?? speaker.organization,
    speakerDescription: description
  }
}
