import type pg from 'pg'
import type { ArticleCreateDto } from '../articles/schemas.js'
import { toAuthorLink, type AuthorRow } from './batch-authors.js'

// The NDJSON line format shared by bulk import and export: an article with its topics,
// its authors in order, and its quotes with their speakers, all named by slug. Export writes exactly what import
// reads, so export → import into an empty database reproduces the content.
export type ArticleLine = ArticleCreateDto

interface ArticleRow {
  id: string, slug: string, external_id: string | null, title: string, summary: string | null, body: string[],
  section: string | null, byline: string | null, source_url: string | null, status: NonNullable<ArticleLine['status']>,
  published_at: Date | null
}
interface TopicRow { article_id: string, slug: string, name: string, description: string | null, aliases: string[] }
interface QuoteRow {
  id: string, article_id: string, text: string, said_at: Date | null, context: string | null,
  speaker_slug: string | null, speaker_name: string | null, speaker_kind: 'person' | 'organization' | null,
  speaker_role: string | null, speaker_organization: string | null,
  role_then: string | null, organization_then: string | null, description: string | null, topic_slugs: string[]
}

/** The lines for these articles, in the order of `ids`: four queries whatever their number. */
export async function loadArticleLines (client: pg.Pool | pg.PoolClient, ids: string[]): Promise<Map<string, ArticleLine>> {
  if (ids.length === 0) return new Map()
  // Sequential: a single pooled client cannot run queries side by side.
  const articles = await client.query<ArticleRow>({
      name: 'bulk-load-articles',
      text: 'SELECT id, slug, external_id, title, summary, body, section, byline, source_url, status, published_at FROM articles WHERE id = ANY($1::uuid[])',
      values: [ids]
    })
  const topics = await client.query<TopicRow>({
      name: 'bulk-load-article-topics',
      text: `SELECT at.article_id, t.slug, t.name, t.description, t.aliases
               FROM article_topics at JOIN topics t ON t.id = at.topic_id
              WHERE at.article_id = ANY($1::uuid[]) ORDER BY at.article_id, t.slug`,
      values: [ids]
    })
  const quotes = await client.query<QuoteRow>({
      name: 'bulk-load-quotes',
      text: `SELECT q.id, q.article_id, q.text, q.said_at, q.context,
                    s.slug AS speaker_slug, s.name AS speaker_name, s.kind AS speaker_kind, s.role AS speaker_role, s.organization AS speaker_organization,
                    q.speaker_role AS role_then, q.speaker_organization AS organization_then, q.speaker_description AS description,
                    coalesce(array(SELECT t.slug FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id WHERE qt.quote_id = q.id ORDER BY t.slug), '{}') AS topic_slugs
               FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
              WHERE q.article_id = ANY($1::uuid[]) ORDER BY q.article_id, q.position, q.id`,
      values: [ids]
    })
  const authors = await client.query<AuthorRow & { article_id: string }>({
      name: 'bulk-load-article-authors',
      text: `SELECT l.article_id, au.id, au.slug, au.name, au.role, au.bio, au.url, au.avatar_url
               FROM article_authors l JOIN authors au ON au.id = l.author_id
              WHERE l.article_id = ANY($1::uuid[]) ORDER BY l.article_id, l.position`,
      values: [ids]
    })
  const lines = new Map<string, ArticleLine>()
  for (const row of articles.rows) {
    lines.set(row.id, {
      slug: row.slug,
      externalId: row.external_id,
      title: row.title,
      summary: row.summary,
      body: row.body,
      section: row.section,
      byline: row.byline,
      sourceUrl: row.source_url,
      status: row.status,
      publishedAt: row.published_at?.toISOString() ?? null,
      topics: [],
      authors: [],
      quotes: []
    })
  }
  for (const author of authors.rows) lines.get(author.article_id)?.authors?.push(toAuthorLink(author))
  for (const topic of topics.rows) {
    lines.get(topic.article_id)?.topics?.push({ slug: topic.slug, name: topic.name, description: topic.description, aliases: topic.aliases })
  }
  for (const quote of quotes.rows) {
    lines.get(quote.article_id)?.quotes?.push({
      text: quote.text,
      // An unnamed source has no speaker; a speaker's role and organisation then are the quote's own.
      speaker: quote.speaker_slug === null
        ? null
        : { slug: quote.speaker_slug, name: quote.speaker_name!, kind: quote.speaker_kind!, role: quote.speaker_role, organization: quote.speaker_organization },
      speakerRole: quote.role_then,
      speakerOrganization: quote.organization_then,
      speakerDescription: quote.description,
      saidAt: quote.said_at?.toISOString() ?? null,
      context: quote.context,
      topics: quote.topic_slugs.map((slug) => ({ slug }))
    })
  }
  return new Map(ids.filter((id) => lines.has(id)).map((id) => [id, lines.get(id)!]))
}
