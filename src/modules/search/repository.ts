import type { Database } from '../../db/client.js'
import { Prisma } from '../../generated/prisma/client.js'
import { publicArticlesSql } from '../articles/repository.js'

// Ranked full-text search. Articles carry a weighted tsvector (title A, summary B, body C);
// quotes a plain one. Two things stretch the query beyond the words typed:
// - names: a term close to a speaker's or topic's name (pg_trgm word similarity, so
//   "Stoltenber" finds "Jens Stoltenberg") adds that name as an alternative phrase;
// - aliases: a term naming a topic alias ("Daesh") adds the topic, so stories tagged with
//   it, or naming it by any of its names, match.
// Ranking is done over the matches only; snippets (ts_headline, the costly part) only for
// the page being returned.

const MARK_START = '\u0002'
const MARK_END = '\u0003'
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`

interface Entities { speakerIds: string[], topicIds: string[], names: string[] }

export interface ArticleHitRow { id: string, slug: string, title: string, section: string | null, published_at: Date | null, snippet: string, score: number }
export interface QuoteHitRow { id: string, text: string, snippet: string, speaker_slug: string, speaker_name: string, article_slug: string, article_title: string, said_at: Date | null, score: number }

/** Terms worth matching against names: the whole query and each word of four letters or more. */
function nameTerms (q: string): string[] {
  const words = q.replace(/["()]/g, ' ').split(/\s+/).filter((word) => word.length >= 4 && !word.startsWith('-') && word.toLowerCase() !== 'or')
  return [...new Set([q.trim(), ...words])].slice(0, 8)
}

export function createSearchRepository (db: Database) {
  async function matchEntities (q: string): Promise<Entities> {
    const terms = nameTerms(q)
    const rows = await db.$queryRaw<{ kind: 'speaker' | 'topic', id: string, name: string, aliases: string[] }[]>`
      SELECT 'speaker' AS kind, s.id, s.name, '{}'::text[] AS aliases
        FROM speakers s, unnest(${terms}::text[]) AS term
       WHERE term <% s.name
      UNION
      SELECT 'topic' AS kind, t.id, t.name, t.aliases
        FROM topics t, unnest(${terms}::text[]) AS term
       WHERE term <% t.name
          OR EXISTS (SELECT 1 FROM unnest(t.aliases) AS alias WHERE lower(alias) = lower(term))
       LIMIT 20`
    return {
      speakerIds: rows.filter((row) => row.kind === 'speaker').map((row) => row.id),
      topicIds: rows.filter((row) => row.kind === 'topic').map((row) => row.id),
      // A person is often named by surname alone after the first mention.
      names: [...new Set(rows.flatMap((row) => row.kind === 'speaker' ? [row.name, row.name.split(/\s+/).at(-1)!] : [row.name, ...row.aliases]))]
    }
  }

  /** The typed query, OR each matched name as a phrase. */
  function tsquery (q: string, entities: Entities): Prisma.Sql {
    const typed = Prisma.sql`websearch_to_tsquery('english', ${q})`
    const alternatives = entities.names.map((name) => Prisma.sql`phraseto_tsquery('english', ${name})`)
    return Prisma.join([typed, ...alternatives], ' || ', '(', ')')
  }

  // Candidates come from index lookups only (GIN on the tsvector, the topic and speaker
  // indexes); only they are ranked, and only the returned page gets a headline.
  async function articles (q: string, entities: Entities, visibleOnly: boolean, take: number): Promise<ArticleHitRow[]> {
    const query = tsquery(q, entities)
    const visible = visibleOnly ? publicArticlesSql('a') : Prisma.sql`TRUE`
    const related = [
      ...(entities.topicIds.length > 0 ? [Prisma.sql`UNION ALL SELECT article_id, true FROM article_topics WHERE topic_id = ANY(${entities.topicIds}::uuid[])`] : []),
      ...(entities.speakerIds.length > 0 ? [Prisma.sql`UNION ALL SELECT article_id, true FROM quotes WHERE speaker_id = ANY(${entities.speakerIds}::uuid[])`] : [])
    ]
    // Recent stories weigh up to twice as much, fading over about a month; stories tagged
    // with a matched topic or quoting a matched speaker get a small bonus.
    return db.$queryRaw<ArticleHitRow[]>`
      WITH candidates AS (
        SELECT id, bool_or(related) AS related FROM (
          SELECT id, false AS related FROM articles WHERE search_vector @@ ${query}
          ${related.length > 0 ? Prisma.join(related, ' ') : Prisma.empty}
        ) matches GROUP BY id
      ),
      ranked AS (
        SELECT a.id,
               (ts_rank(a.search_vector, ${query}) + CASE WHEN c.related THEN 0.05 ELSE 0 END)
               * (1 + 1 / (1 + extract(epoch FROM now() - coalesce(a.published_at, a.created_at)) / 2592000.0)) AS score
          FROM candidates c JOIN articles a ON a.id = c.id
         WHERE ${visible}
         ORDER BY score DESC, a.id
         LIMIT ${take}
      )
      SELECT a.id, a.slug, a.title, a.section, a.published_at, r.score::float8 AS score,
             ts_headline('english', concat_ws(' ', a.title, a.summary, array_to_string(a.body, ' ')), ${query}, ${HEADLINE_OPTIONS}) AS snippet
        FROM ranked r JOIN articles a ON a.id = r.id
       ORDER BY r.score DESC, r.id`
  }

  async function quotes (q: string, entities: Entities, visibleOnly: boolean, take: number): Promise<QuoteHitRow[]> {
    const query = tsquery(q, entities)
    const visible = visibleOnly ? publicArticlesSql('a') : Prisma.sql`TRUE`
    const bySpeaker = entities.speakerIds.length > 0
      ? Prisma.sql`UNION SELECT id FROM quotes WHERE speaker_id = ANY(${entities.speakerIds}::uuid[])`
      : Prisma.empty
    const speakerBonus = entities.speakerIds.length > 0 ? Prisma.sql`CASE WHEN qt.speaker_id = ANY(${entities.speakerIds}::uuid[]) THEN 0.05 ELSE 0 END` : Prisma.sql`0`
    return db.$queryRaw<QuoteHitRow[]>`
      WITH candidates AS (
        SELECT id FROM quotes WHERE search_vector @@ ${query} ${bySpeaker}
      ),
      ranked AS (
        SELECT qt.id, ts_rank(qt.search_vector, ${query}) + ${speakerBonus} AS score
          FROM candidates c JOIN quotes qt ON qt.id = c.id JOIN articles a ON a.id = qt.article_id
         WHERE ${visible}
         ORDER BY score DESC, qt.id
         LIMIT ${take}
      )
      SELECT qt.id, qt.text, qt.said_at, r.score::float8 AS score,
             s.slug AS speaker_slug, s.name AS speaker_name, a.slug AS article_slug, a.title AS article_title,
             ts_headline('english', qt.text, ${query}, ${'HighlightAll=true, ' + HEADLINE_OPTIONS}) AS snippet
        FROM ranked r JOIN quotes qt ON qt.id = r.id JOIN speakers s ON s.id = qt.speaker_id JOIN articles a ON a.id = qt.article_id
       ORDER BY r.score DESC, r.id`
  }

  return { matchEntities, articles, quotes }
}

/** Escapes HTML, then turns the headline markers into <mark> tags. */
export function markSnippet (headline: string): string {
  return headline
    .replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
    .replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>')
}
