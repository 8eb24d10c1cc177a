import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import copyStreams from 'pg-copy-streams'
import { slugFor as makeSlug } from '../../src/lib/slugs.js'
import type { ArticleLine } from '../../src/modules/bulk/article-lines.js'

// The raw COPY reference: the same rows as the bulk import, prepared in memory first, then
// streamed with COPY FROM STDIN. Only the COPY itself is timed.

type Cell = string | number | null | string[]

function field (value: Cell): string {
  if (value === null) return '\\N'
  const text = Array.isArray(value) ? `{${value.map((item) => `"${item.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}` : String(value)
  return text.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
}

interface Tables { topics: Cell[][], speakers: Cell[][], articles: Cell[][], articleTopics: Cell[][], quotes: Cell[][] }

export function prepareRows (lines: Iterable<ArticleLine>): Tables {
  // slugify is slow next to everything else here, and the same few thousand names recur.
  const slugs = new Map<string, string>()
  const slugFor = (name: string): string => slugs.get(name) ?? slugs.set(name, makeSlug(name)).get(name)!
  const topicIds = new Map<string, string>()
  const speakerIds = new Map<string, string>()
  const tables: Tables = { topics: [], speakers: [], articles: [], articleTopics: [], quotes: [] }
  for (const line of lines) {
    const articleId = randomUUID()
    tables.articles.push([articleId, line.slug!, line.externalId ?? null, line.title, line.summary ?? null, line.body ?? [], line.section ?? null, line.byline ?? null, line.status ?? 'draft', line.publishedAt ?? null])
    for (const topic of line.topics ?? []) {
      const name = (topic as { name: string }).name
      const slug = slugFor(name)
      if (!topicIds.has(slug)) {
        topicIds.set(slug, randomUUID())
        tables.topics.push([topicIds.get(slug)!, slug, name])
      }
      tables.articleTopics.push([articleId, topicIds.get(slug)!])
    }
    ;(line.quotes ?? []).forEach((quote, position) => {
      const speaker = quote.speaker as { name: string, role: string, organization: string }
      const slug = slugFor(speaker.name)
      if (!speakerIds.has(slug)) {
        speakerIds.set(slug, randomUUID())
        tables.speakers.push([speakerIds.get(slug)!, slug, speaker.name, speaker.role, speaker.organization])
      }
      tables.quotes.push([randomUUID(), articleId, speakerIds.get(slug)!, quote.text, position, quote.saidAt ?? null])
    })
  }
  return tables
}

async function copy (client: pg.PoolClient, table: string, columns: string, rows: Cell[][]): Promise<void> {
  const stream = client.query(copyStreams.from(`COPY ${table} (${columns}) FROM STDIN`))
  async function * text () {
    for (const row of rows) yield row.map(field).join('\t') + '\n'
  }
  await pipeline(Readable.from(text()), stream)
}

/**
 * Copies all tables in dependency order; returns the elapsed milliseconds. `withoutTriggers`
 * (superuser only) skips the change-feed triggers: an archive loaded that way has no events.
 */
export async function copyLoad (url: string, tables: Tables, options: { withoutTriggers?: boolean } = {}): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  const began = Date.now()
  const client = await pool.connect()
  try {
    if (options.withoutTriggers) await client.query('SET session_replication_role = replica')
    await copy(client, 'topics', 'id, slug, name', tables.topics)
    await copy(client, 'speakers', 'id, slug, name, role, organization', tables.speakers)
    await copy(client, 'articles', 'id, slug, external_id, title, summary, body, section, byline, status, published_at', tables.articles)
    await copy(client, 'article_topics', 'article_id, topic_id', tables.articleTopics)
    await copy(client, 'quotes', 'id, article_id, speaker_id, text, position, said_at', tables.quotes)
  } finally {
    client.release()
  }
  const elapsed = Date.now() - began
  await pool.end()
  return elapsed
}
