import type pg from 'pg'
import { Prisma } from '../../generated/prisma/client.js'
import { prepared } from '../../lib/sql.js'
import { publicArticlesSql } from '../articles/repository.js'

// Ranked full-text search. Articles carry a weighted tsvector (title A, summary B, body C);
// quotes a plain one. Articles rank by plain ts_rank of the words typed, in two stages (see
// rankArticles), so a page holds the stories the textbook ranked query would (exactly, up to
// 150 matches); ties go to the newer story. Two things
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
/**
 * Matches ranked by the full vector in stage two (at least the rows the page needs). 150 keep
 * 9.94 of the naive top 10 on the bench's sample (200: 9.975, 100: 9.86, worst query 5) for
 * about 6% less database CPU per search than 200 (bench/RESULTS.md, session 9).
 */
const CANDIDATES = 150
/**
 * Newest stories a flat-score query (`market -debt`) tests one by one (a detoast each) before
 * it reads all its matches from the GIN index instead: a word in a few percent of stories has
 * a page of matches among them, and a rarer one is cheaper through the index.
 */
const RECENT_WALK = 1000
/** Between a snippet's fragments, and between the title, summary and paragraphs it is cut from. */
const PART_DELIMITER = ' … '
const PART_SQL = Prisma.raw(`'${PART_DELIMITER}'`)
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter="${PART_DELIMITER}"`

/** Runs a statement composed with Prisma.sql; its rows. */
export type RunSql = <Row>(sql: Prisma.Sql) => Promise<Row[]>

/**
 * Statements on plain pg, prepared once per connection (named after their text, which is one
 * of a few shapes): Prisma's raw-query path cost a search more CPU than its simpler statements.
 */
export function sqlOn (pool: pg.Pool): RunSql {
  return async <Row>(sql: Prisma.Sql): Promise<Row[]> => (await pool.query(prepared(sql.text, sql.values))).rows as Row[]
}

/** Names to look for besides the words typed, and the stories or quotes they point at. */
export interface Expansion { names: string[], topicIds: string[], speakerIds: string[] }
const NO_EXPANSION: Expansion = { names: [], topicIds: [], speakerIds: [] }

export interface ArticleHitRow { id: string, slug: string, title: string, section: string | null, published_at: Date | null, snippet: string, score: number }
export interface QuoteHitRow { id: string, text: string, snippet: string, speaker_slug: string | null, speaker_name: string | null, speaker_description: string | null, article_slug: string, article_title: string, said_at: Date | null, score: number }

/**
 * ILIKE patterns for the paragraphs that may show a word looked for: each word typed (not an
 * `-excluded` one) or named by an expansion, cut to a stem-like prefix so its other forms
 * match too (`navies` finds "navy", `ruling` "rules"); `%` and `_` typed are literal.
 */
export function paragraphPatterns (q: string, extra: Expansion): string[] {
  const words = [q, ...extra.names].join(' ').replace(/["()]/g, ' ').split(/\s+/)
    .filter((word) => word.length > 0 && !word.startsWith('-') && word.toLowerCase() !== 'or')
  const prefixes = words.map((word) => {
    const lower = word.toLowerCase()
    const cut = lower.replace(/(ies|ied|ing|es|ed|s|y|e)$/, '')
    return cut.length >= 3 ? cut : lower
  })
  return [...new Set(prefixes)].map((prefix) => `%${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
}

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

/**
 * SQL: the tsquery of the query's required operators; NULL without any, or when they are stop
 * words only (an empty tsquery, which nothing matches: ignored).
 */
export function operatorsQuery (q: string): Prisma.Sql {
  const required = requiredOperators(q)
  if (required === null) return Prisma.sql`NULL::tsquery`
  return Prisma.sql`(SELECT CASE WHEN numnode(o) = 0 THEN NULL ELSE o END FROM websearch_to_tsquery('english', ${required}) AS o)`
}

/** SQL: topic `alias` has the query or one of its words as an alias, exactly (any case). */
function hasAliasIn (q: string, alias: string): Prisma.Sql {
  const terms = [...new Set([q.trim(), ...q.replace(/["()]/g, ' ').split(/\s+/)].map((term) => term.toLowerCase()).filter((term) => term.length > 1))]
  return Prisma.sql`EXISTS (SELECT 1 FROM unnest(${Prisma.raw(alias)}.aliases) AS alias WHERE lower(alias) = ANY(${terms}::text[]))`
}

/** The names that widen a search beyond its words: topic aliases and close names (the ranking and the facets share them). */
export function createNameExpansions (run: RunSql) {
  /** Topics one of whose aliases is the query or one of its words, exactly (any case). */
  async function aliasTopics (q: string): Promise<Expansion> {
    const rows = await run<{ id: string, name: string, aliases: string[] }>(Prisma.sql`
      SELECT t.id, t.name, t.aliases FROM topics t WHERE ${hasAliasIn(q, 't')} LIMIT 10`)
    return { names: [...new Set(rows.flatMap((row) => [row.name, ...row.aliases]))], topicIds: rows.map((row) => row.id), speakerIds: [] }
  }

  /** Speakers (and, with `topics`, topics) whose name is close to the query or one of its words. */
  async function closeNames (q: string, topics: boolean): Promise<Expansion> {
    const terms = nameTerms(q)
    const rows = await run<{ kind: 'speaker' | 'topic', id: string, name: string, aliases: string[] }>(Prisma.sql`
      SELECT 'speaker' AS kind, s.id, s.name, '{}'::text[] AS aliases
        FROM speakers s, unnest(${terms}::text[]) AS term
       WHERE term <% s.name
      UNION
      SELECT 'topic' AS kind, t.id, t.name, t.aliases
        FROM topics t, unnest(${terms}::text[]) AS term
       WHERE ${topics} AND term <% t.name
       LIMIT 20`)
    return {
      // A person is often named by surname alone after the first mention.
      names: [...new Set(rows.flatMap((row) => row.kind === 'speaker' ? [row.name, row.name.split(/\s+/).at(-1)!] : [row.name, ...row.aliases]))],
      topicIds: rows.filter((row) => row.kind === 'topic').map((row) => row.id),
      speakerIds: rows.filter((row) => row.kind === 'speaker').map((row) => row.id)
    }
  }

  return { aliasTopics, closeNames }
}

export function createSearchRepository (run: RunSql) {
  const { aliasTopics, closeNames } = createNameExpansions(run)

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
  async function rankArticles (q: string, extra: Expansion, visibleOnly: boolean, take: number, options: { unlessAliased?: boolean } = {}): Promise<ArticleHitRow[]> {
    // The parsed queries are computed once per statement (one-row CTE, read through InitPlans), not
    // per row: the search lane runs generic plans, where a parameter's tsquery is no constant.
    const query = Prisma.sql`(SELECT query FROM parsed)`
    const operators = Prisma.sql`(SELECT operators FROM parsed)`
    const visible = visibleOnly ? publicArticlesSql('a') : Prisma.sql`TRUE`
    const related = [
      ...(extra.topicIds.length > 0 ? [Prisma.sql`SELECT article_id FROM article_topics WHERE topic_id = ANY(${extra.topicIds}::uuid[])`] : []),
      ...(extra.speakerIds.length > 0 ? [Prisma.sql`SELECT article_id FROM quotes WHERE speaker_id = ANY(${extra.speakerIds}::uuid[])`] : [])
    ]
    const required = requiredOperators(q)
    // The operators every hit meets; NULL without any, or when they are stop words only (an
    // empty tsquery, which nothing matches: ignored).
    const parsed = Prisma.sql`parsed AS MATERIALIZED (
      SELECT ${tsquery(q, extra)} AS query,
             ${operatorsQuery(q)} AS operators
    ),`
    // Without related stories the operators join the match itself, so the GIN index applies
    // them; as a filter they cost a detoast per match.
    const matching = Prisma.sql`(SELECT coalesce(query && operators, query) FROM parsed)`
    const matches = related.length > 0
      ? Prisma.sql`(a.search_vector @@ ${query} OR a.id = ANY(ARRAY(${Prisma.join(related, ' UNION ')}))) AND (${operators} IS NULL OR a.search_vector @@ ${operators})`
      : required === null
        ? Prisma.sql`a.search_vector @@ ${query}`
        : Prisma.sql`a.search_vector @@ ${matching}`
    const limit = Math.max(CANDIDATES, take)
    const byHead = Prisma.sql`ORDER BY ts_rank(a.search_head, ${query}) DESC, a.published_at DESC NULLS LAST, a.id LIMIT ${limit}`
    // With `unlessAliased` the statement finds nothing when a topic alias would widen the query
    // (the caller then asks again with the aliases): most queries name no alias, and are
    // answered in one round trip. Postgres checks that once, before reading any story.
    const plain = options.unlessAliased === true
      ? Prisma.sql`plain AS (SELECT NOT EXISTS (SELECT 1 FROM topics t WHERE ${hasAliasIn(q, 't')}) AS yes),`
      : Prisma.sql`plain AS (SELECT TRUE AS yes),`
    // One word typed (one lexeme): ts_rank puts a story with it in its title above every story
    // without (weight A against at most B), and one with it in its title or summary above one
    // with it in the body only. So when enough stories have it in their titles, stage one reads
    // those alone (migration 021's title vector and its index); else, when enough have it in title or summary,
    // those (the head vector's GIN index); either way the candidates are the same as from all
    // matches, from far fewer rows (a common word is in a few thousand titles, several times as
    // many heads and most bodies). The checks are on the parsed query, so Postgres skips the
    // branches it does not need. A one-lexeme query's operators add nothing to it, and a title
    // or head that has the word is part of a full vector that has it: asking `matches` too
    // would detoast every row's full vector.
    const oneWord = Prisma.sql`(SELECT yes FROM plain) AND numnode(${query}) = 1`
    // One word and exclusions (`market -debt`): ts_rank of an AND of one word present and others
    // absent is the same for every match (1e-20: it scores pairs of words present), so the
    // naive order is the newest first, and stage one needs neither ranks nor more rows than the
    // page. (querytree drops the exclusions; it is T when nothing is left to look up.)
    const oneWordBut = Prisma.sql`((SELECT yes FROM plain) AND numnode(${query}) > 1 AND querytree(${query}) <> 'T' AND numnode(querytree(${query})::tsquery) = 1)`
    const candidates = extra.names.length === 0 && related.length === 0
      ? Prisma.sql`
      title_first AS (
        SELECT a.id FROM articles a
         WHERE ${oneWord} AND a.search_title @@ ${query} AND ${visible}
         ${byHead}
      ),
      titles_enough AS (SELECT count(*) >= ${limit} AS yes FROM title_first),
      head_first AS (
        SELECT a.id FROM articles a
         WHERE ${oneWord} AND NOT (SELECT yes FROM titles_enough) AND a.search_head @@ ${query} AND ${visible}
         ${byHead}
      ),
      heads_enough AS (SELECT count(*) >= ${limit} AS yes FROM head_first),
      recent_first AS (
        SELECT r.id FROM (
          SELECT a.id, a.published_at, a.search_vector FROM articles a
           WHERE ${oneWordBut} AND ${visible}
           ORDER BY a.published_at DESC NULLS LAST, a.id LIMIT ${RECENT_WALK}
        ) r
         WHERE r.search_vector @@ ${matching}
         LIMIT ${take}
      ),
      recent_enough AS (SELECT count(*) >= ${take} AS yes FROM recent_first),
      candidates AS (
        SELECT id FROM title_first WHERE (SELECT yes FROM titles_enough)
        UNION ALL
        SELECT id FROM head_first WHERE (SELECT yes FROM heads_enough)
        UNION ALL
        SELECT id FROM recent_first WHERE (SELECT yes FROM recent_enough)
        UNION ALL
        (SELECT a.id FROM articles a
          WHERE ${oneWordBut} AND NOT (SELECT yes FROM recent_enough) AND ${matches} AND ${visible}
          ORDER BY a.published_at DESC NULLS LAST, a.id LIMIT ${take})
        UNION ALL
        (SELECT a.id FROM articles a
          WHERE (SELECT yes FROM plain) AND NOT (SELECT yes FROM titles_enough) AND NOT (SELECT yes FROM heads_enough) AND NOT ${oneWordBut}
            AND ${matches} AND ${visible}
          ${byHead})
      ),`
      : Prisma.sql`
      candidates AS (SELECT a.id FROM articles a WHERE (SELECT yes FROM plain) AND ${matches} AND ${visible} ${byHead}),`
    // The snippet's passage: title and summary alone when they meet the query (a sixth of the
    // text to parse; the commonest case, as they rank first), else with the paragraphs that
    // show one of the words (any form: a prefix of each, `paragraphPatterns`), or the whole
    // story when none does. ts_headline parses all it is given, the costly part of a page.
    // Title, summary and paragraphs are joined with the fragment delimiter: a headline has no
    // full stop, and "Harbour cranes idle Dockworkers walked out" read as one sentence.
    const paragraphs = Prisma.sql`coalesce((SELECT string_agg(p, ${PART_SQL}) FROM unnest(a.body) AS p WHERE p ILIKE ANY(${paragraphPatterns(q, extra)}::text[])), array_to_string(a.body, ${PART_SQL}))`
    const passage = Prisma.sql`CASE WHEN a.search_head @@ ${query} THEN concat_ws(${PART_SQL}, a.title, nullif(a.summary, ''))
                                    ELSE concat_ws(${PART_SQL}, a.title, nullif(a.summary, ''), nullif(${paragraphs}, '')) END`
    return run<ArticleHitRow>(Prisma.sql`
      WITH ${parsed} ${plain} ${candidates}
      ranked AS (
        SELECT a.id, a.published_at, ts_rank(a.search_vector, ${query}) AS score
          FROM candidates c JOIN articles a ON a.id = c.id
         ORDER BY score DESC, a.published_at DESC NULLS LAST, a.id
         LIMIT ${take}
      )
      SELECT a.id, a.slug, a.title, a.section, a.published_at, r.score::float8 AS score,
             ts_headline('english', ${passage}, ${query}, ${HEADLINE_OPTIONS}) AS snippet
        FROM ranked r JOIN articles a ON a.id = r.id
       ORDER BY r.score DESC, r.published_at DESC NULLS LAST, r.id`)
  }

  async function articles (q: string, visibleOnly: boolean, take: number): Promise<ArticleHitRow[]> {
    const hits = await rankArticles(q, NO_EXPANSION, visibleOnly, take, { unlessAliased: true })
    if (hits.length > 0) return hits
    // Nothing found: either an alias widens the query, or nothing matches its words.
    const aliases = await aliasTopics(q)
    const widened = aliases.names.length > 0 ? await rankArticles(q, aliases, visibleOnly, take) : []
    if (widened.length > 0) return widened
    const close = await closeNames(q, true)
    return close.names.length > 0 ? rankArticles(q, close, visibleOnly, take) : widened
  }

  async function quotes (q: string, visibleOnly: boolean, take: number): Promise<QuoteHitRow[]> {
    const [aliases, close] = await Promise.all([aliasTopics(q), closeNames(q, false)])
    const query = Prisma.sql`(SELECT query FROM parsed)`
    const operators = Prisma.sql`(SELECT operators FROM parsed)`
    const visible = visibleOnly ? publicArticlesSql('a') : Prisma.sql`TRUE`
    const bySpeaker = close.speakerIds.length > 0
      ? Prisma.sql`UNION SELECT id FROM quotes WHERE speaker_id = ANY(${close.speakerIds}::uuid[])`
      : Prisma.empty
    const speakerBonus = close.speakerIds.length > 0 ? Prisma.sql`CASE WHEN qt.speaker_id = ANY(${close.speakerIds}::uuid[]) THEN 0.05 ELSE 0 END` : Prisma.sql`0`
    return run<QuoteHitRow>(Prisma.sql`
      WITH parsed AS MATERIALIZED (SELECT ${tsquery(q, aliases)} AS query, ${operatorsQuery(q)} AS operators),
      candidates AS (
        SELECT id FROM quotes WHERE search_vector @@ ${query} ${bySpeaker}
      ),
      ranked AS (
        SELECT qt.id, ts_rank(qt.search_vector, ${query}) + ${speakerBonus} AS score, qt.said_at
          FROM candidates c JOIN quotes qt ON qt.id = c.id JOIN articles a ON a.id = qt.article_id
         WHERE (${operators} IS NULL OR qt.search_vector @@ ${operators}) AND ${visible}
         ORDER BY score DESC, qt.said_at DESC NULLS LAST, qt.id
         LIMIT ${take}
      )
      SELECT qt.id, qt.text, qt.said_at, r.score::float8 AS score,
             s.slug AS speaker_slug, s.name AS speaker_name, qt.speaker_description, a.slug AS article_slug, a.title AS article_title,
             ts_headline('english', qt.text, ${query}, ${'HighlightAll=true, ' + HEADLINE_OPTIONS}) AS snippet
        FROM ranked r JOIN quotes qt ON qt.id = r.id LEFT JOIN speakers s ON s.id = qt.speaker_id JOIN articles a ON a.id = qt.article_id
       ORDER BY r.score DESC, r.said_at DESC NULLS LAST, r.id`)
  }

  return { articles, quotes }
}

/** Escapes HTML, then turns the headline markers into <mark> tags. */
export function markSnippet (headline: string): string {
  return headline
    .replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
    .replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>')
}
