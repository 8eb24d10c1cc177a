import type { Database } from '../../db/client.js'
import { Prisma } from '../../generated/prisma/client.js'
import { publicArticlesSql } from '../articles/repository.js'

// Ranked full-text search. Articles carry a weighted tsvector (title A, summary B, body C);
// quotes a plain one. Articles rank by plain ts_rank of the words typed, in two stages (see
// rankArticles), so a page holds the stories the textbook ranked query would (exactly, up to
// 200 matches); ties go to the newer story. Two things
// widen what is found without reordering ordinary queries:
// - aliases: a word naming a topic by one of its aliases ("Daesh") adds the topic's names as
//   alternative phrases, and stories tagged with the topic are found;
// - close names: when the words find no story, a term close to a speaker's or topic's name
//   (pg_trgm word similarity, so "Stoltenber" finds "Jens Stoltenberg") is tried instead.
// Quotes rarely name their speaker, so quote search always looks for close speaker names.
// Whatever widened the search, the query's operators hold for every hit: no story with an
// `-excluded` word, none without a required "phrase" (requiredOperators).
// Only the page returned gets snippets (ts_headline, the costly part).

const MARK_START = '\u0002'
const MARK_END = '\u0003'
/** Matches ranked by the full vector in stage two (at least the rows the page needs). */
const CANDIDATES = 200
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`

/** Names to look for besides the words typed, and the stories or quotes they point at. */
export interface Expansion { names: string[], topicIds: string[], speakerIds: string[] }

export interface ArticleHitRow { id: string, slug: string, title: string, section: string | null, published_at: Date | null, snippet: string, score: number }
export interface QuoteHitRow { id: string, text: string, snippet: string, speaker_slug: string | null, speaker_name: string | null, speaker_description: string | null, article_slug: string, article_title: string, said_at: Date | null, score: number }

/** Terms worth matching against names: the whole query and each word of four letters or more. */
function nameTerms (q: string): string[] {
  const words = q.replace(/["()]/g, ' ').split(/\s+/).filter((word) => word.length >= 4 && !word.startsWith('-') && word.toLowerCase() !== 'or')
  return [...new Set([q.trim(), ...words])].slice(0, 8)
}

/**
 * The operators of a web-search query that every hit must meet, however it was found (by the
 * words, a topic alias or a close name): its `-excluded` words and phrases, and its "quoted
 * phrases" unless `or` makes them alternatives. As web-search text, or null when there are none.
 */
export function requiredOperators (q: string): string | null {
  const tokens = q.match(/-?"[^"]*"?|\S+/g) ?? []
  const hasOr = tokens.some((token) => token.toLowerCase() === 'or')
  const required = tokens.filter((token) => (token.startsWith('-') && token.length > 1) || (!hasOr && token.startsWith('"')))
  return required.length > 0 ? required.join(' ') : null
}

/** SQL: `vector` meets the query's required operators (always true without any). */
function meetsOperators (vector: Prisma.Sql, q: string): Prisma.Sql {
  const required = requiredOperators(q)
  if (required === null) return Prisma.sql`TRUE`
  // An operator of stop words only is an empty tsquery, which nothing matches: ignore it.
  return Prisma.sql`(numnode(websearch_to_tsquery('english', ${required})) = 0 OR ${vector} @@ websearch_to_tsquery('english', ${required}))`
}

/** The names that widen a search beyond its words: topic aliases and close names (the ranking and the facets share them). */
export function createNameExpansions (db: Database) {
  /** Topics one of whose aliases is the query or one of its words, exactly (any case). */
  async function aliasTopics (q: string): Promise<Expansion> {
    const terms = [...new Set([q.trim(), ...q.replace(/["()]/g, ' ').split(/\s+/)].map((term) => term.toLowerCase()).filter((term) => term.length > 1))]
    const rows = await db.$queryRaw<{ id: string, name: string, aliases: string[] }[]>`
      SELECT t.id, t.name, t.aliases FROM topics t
       WHERE EXISTS (SELECT 1 FROM unnest(t.aliases) AS alias WHERE lower(alias) = ANY(${terms}::text[]))
       LIMIT 10`
    return { names: [...new Set(rows.flatMap((row) => [row.name, ...row.aliases]))], topicIds: rows.map((row) => row.id), speakerIds: [] }
  }

  /** Speakers (and, with `topics`, topics) whose name is close to the query or one of its words. */
  async function closeNames (q: string, topics: boolean): Promise<Expansion> {
    const terms = nameTerms(q)
    const rows = await db.$queryRaw<{ kind: 'speaker' | 'topic', id: string, name: string, aliases: string[] }[]>`
      SELECT 'speaker' AS kind, s.id, s.name, '{}'::text[] AS aliases
        FROM speakers s, unnest(${terms}::text[]) AS term
       WHERE term <% s.name
      UNION
      SELECT 'topic' AS kind, t.id, t.name, t.aliases
        FROM topics t, unnest(${terms}::text[]) AS term
       WHERE ${topics} AND term <% t.name
       LIMIT 20`
    return {
      // A person is often named by surname alone after the first mention.
      names: [...new Set(rows.flatMap((row) => row.kind === 'speaker' ? [row.name, row.name.split(/\s+/).at(-1)!] : [row.name, ...row.aliases]))],
      topicIds: rows.filter((row) => row.kind === 'topic').map((row) => row.id),
      speakerIds: rows.filter((row) => row.kind === 'speaker').map((row) => row.id)
    }
  }

  return { aliasTopics, closeNames }
}

export function createSearchRepository (db: Database) {
  const { aliasTopics, closeNames } = createNameExpansions(db)

  /** The typed query, OR each extra name as a phrase. */
  function tsquery (q: string, extra: Expansion): Prisma.Sql {
    const typed = Prisma.sql`websearch_to_tsquery('english', ${q})`
    const alternatives = extra.names.map((name) => Prisma.sql`phraseto_tsquery('english', ${name})`)
    return Prisma.join([typed, ...alternatives], ' || ', '(', ')')
  }

  // Two-stage ranking. Matches come from index lookups only (GIN on the full tsvector; the
  // topic and speaker indexes for an expansion's stories). Stage one orders every match by
  // ts_rank of the small head vector (title A, summary B, stored in the row) and keeps the
  // best CANDIDATES; stage two ranks those by ts_rank of the full vector, TOASTed and ~2 kB,
  // so a common word costs a few hundred detoasts instead of one per match. With fewer matches
  // than that the order is exactly the naive query's; beyond, title and summary hits outrank
  // body-only ones in ts_rank anyway (weights 1.0 and 0.4 against 0.2), and the bench checks
  // the top 10 against the naive query's (bench/search-longtail.ts). Only the page gets headlines.
  async function rankArticles (q: string, extra: Expansion, visibleOnly: boolean, take: number): Promise<ArticleHitRow[]> {
    const query = tsquery(q, extra)
    const visible = visibleOnly ? publicArticlesSql('a') : Prisma.sql`TRUE`
    const related = [
      ...(extra.topicIds.length > 0 ? [Prisma.sql`SELECT article_id FROM article_topics WHERE topic_id = ANY(${extra.topicIds}::uuid[])`] : []),
      ...(extra.speakerIds.length > 0 ? [Prisma.sql`SELECT article_id FROM quotes WHERE speaker_id = ANY(${extra.speakerIds}::uuid[])`] : [])
    ]
    const required = requiredOperators(q)
    // Without related stories the operators join the match itself, so the GIN index applies
    // them (`q && ''` is q when they are stop words only); as a filter they cost a detoast per match.
    const matches = related.length > 0
      ? Prisma.sql`(a.search_vector @@ ${query} OR a.id = ANY(ARRAY(${Prisma.join(related, ' UNION ')}))) AND ${meetsOperators(Prisma.sql`a.search_vector`, q)}`
      : required === null
        ? Prisma.sql`a.search_vector @@ ${query}`
        : Prisma.sql`a.search_vector @@ (${query} && websearch_to_tsquery('english', ${required}))`
    const limit = Math.max(CANDIDATES, take)
    const byHead = Prisma.sql`ORDER BY ts_rank(a.search_head, ${query}) DESC, a.published_at DESC NULLS LAST, a.id LIMIT ${limit}`
    // One word typed (one lexeme): a story with it in its title or summary always outranks one
    // with it in the body only, so when enough stories have it there, stage one reads those
    // alone, through the head vector's own GIN index (a common word is in far fewer heads than
    // bodies). The check is on the parsed query, so Postgres skips the branch it does not need.
    const candidates = extra.names.length === 0 && related.length === 0
      ? Prisma.sql`
      head_first AS (
        SELECT a.id FROM articles a
         WHERE numnode(${query}) = 1 AND a.search_head @@ ${query} AND ${matches} AND ${visible}
         ${byHead}
      ),
      enough AS (SELECT count(*) >= ${limit} AS yes FROM head_first),
      candidates AS (
        SELECT id FROM head_first WHERE (SELECT yes FROM enough)
        UNION ALL
        (SELECT a.id FROM articles a WHERE NOT (SELECT yes FROM enough) AND ${matches} AND ${visible} ${byHead})
      ),`
      : Prisma.sql`
      candidates AS (SELECT a.id FROM articles a WHERE ${matches} AND ${visible} ${byHead}),`
    return db.$queryRaw<ArticleHitRow[]>`
      WITH ${candidates}
      ranked AS (
        SELECT a.id, a.published_at, ts_rank(a.search_vector, ${query}) AS score
          FROM candidates c JOIN articles a ON a.id = c.id
         ORDER BY score DESC, a.published_at DESC NULLS LAST, a.id
         LIMIT ${take}
      )
      SELECT a.id, a.slug, a.title, a.section, a.published_at, r.score::float8 AS score,
             ts_headline('english', concat_ws(' ', a.title, a.summary, array_to_string(a.body, ' ')), ${query}, ${HEADLINE_OPTIONS}) AS snippet
        FROM ranked r JOIN articles a ON a.id = r.id
       ORDER BY r.score DESC, r.published_at DESC NULLS LAST, r.id`
  }

  async function articles (q: string, visibleOnly: boolean, take: number): Promise<ArticleHitRow[]> {
    const hits = await rankArticles(q, await aliasTopics(q), visibleOnly, take)
    if (hits.length > 0) return hits
    const close = await closeNames(q, true)
    return close.names.length > 0 ? rankArticles(q, close, visibleOnly, take) : hits
  }

  async function quotes (q: string, visibleOnly: boolean, take: number): Promise<QuoteHitRow[]> {
    const [aliases, close] = await Promise.all([aliasTopics(q), closeNames(q, false)])
    const query = tsquery(q, aliases)
    const visible = visibleOnly ? publicArticlesSql('a') : Prisma.sql`TRUE`
    const bySpeaker = close.speakerIds.length > 0
      ? Prisma.sql`UNION SELECT id FROM quotes WHERE speaker_id = ANY(${close.speakerIds}::uuid[])`
      : Prisma.empty
    const speakerBonus = close.speakerIds.length > 0 ? Prisma.sql`CASE WHEN qt.speaker_id = ANY(${close.speakerIds}::uuid[]) THEN 0.05 ELSE 0 END` : Prisma.sql`0`
    return db.$queryRaw<QuoteHitRow[]>`
      WITH candidates AS (
        SELECT id FROM quotes WHERE search_vector @@ ${query} ${bySpeaker}
      ),
      ranked AS (
        SELECT qt.id, ts_rank(qt.search_vector, ${query}) + ${speakerBonus} AS score, qt.said_at
          FROM candidates c JOIN quotes qt ON qt.id = c.id JOIN articles a ON a.id = qt.article_id
         WHERE ${meetsOperators(Prisma.sql`qt.search_vector`, q)} AND ${visible}
         ORDER BY score DESC, qt.said_at DESC NULLS LAST, qt.id
         LIMIT ${take}
      )
      SELECT qt.id, qt.text, qt.said_at, r.score::float8 AS score,
             s.slug AS speaker_slug, s.name AS speaker_name, qt.speaker_description, a.slug AS article_slug, a.title AS article_title,
             ts_headline('english', qt.text, ${query}, ${'HighlightAll=true, ' + HEADLINE_OPTIONS}) AS snippet
        FROM ranked r JOIN quotes qt ON qt.id = r.id LEFT JOIN speakers s ON s.id = qt.speaker_id JOIN articles a ON a.id = qt.article_id
       ORDER BY r.score DESC, r.said_at DESC NULLS LAST, r.id`
  }

  return { articles, quotes }
}

/** Escapes HTML, then turns the headline markers into <mark> tags. */
export function markSnippet (headline: string): string {
  return headline
    .replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
    .replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>')
}
