import type pg from 'pg'
import { publicArticlesCondition } from '../articles/repository.js'

// Related stories and trending topics and speakers: hand-written SQL, one statement each,
// exported so bench/explain.ts can EXPLAIN exactly what the routes run.

/** Score weights and decay of related stories (README "Related and trending" explains them). */
export const RELATED_WEIGHTS = { topic: 1, speaker: 1.5, title: 3, halfLifeDays: 30 } as const
/** Title similarity (pg_trgm) below this is noise, and counts as none (pg_trgm's own threshold). */
export const TITLE_SIMILARITY_FLOOR = 0.3
// Candidate sources, each bounded, so the cost does not grow with the archive. A candidate
// must share a topic or a speaker; title similarity then adds to its score. (Finding candidates
// by the title's words was tried and dropped: at 100k stories the words of one title matched
// 99,999 stories, 100 ms for the GIN bitmap alone, and the decay makes a story weeks apart
// worth little anyway.) Shared topics and speakers are counted from indexes alone; only
// the stories that share something are read.
const NEAR_IN_TIME = 80 // published stories on each side of the story's date
const PER_SPEAKER = 20 // quotes by each of the story's speakers, on each side of its date
const SMALL_TOPIC = 200 // a topic with at most this many stories is taken whole
const MAX_SPEAKERS = 8 // speakers of the story whose quotes are followed (a long interview round-up quotes dozens)

/**
 * $1: the story's id; $2: how many to return. Candidates come from indexes only (stories near
 * in time, each speaker's quotes near in time, every story of a small topic); only those few
 * hundred are scored. Only public stories are returned.
 */
export const RELATED_SQL = `
WITH source AS MATERIALIZED (
  SELECT a.id, a.title, coalesce(a.published_at, a.created_at) AS at,
         array(SELECT topic_id FROM article_topics WHERE article_id = a.id) AS topic_ids,
         array(SELECT DISTINCT speaker_id FROM quotes WHERE article_id = a.id AND speaker_id IS NOT NULL LIMIT ${MAX_SPEAKERS}) AS speaker_ids
    FROM articles a WHERE a.id = $1
),
candidates AS (
  (SELECT a.id FROM articles a
    WHERE a.status = 'published' AND a.published_at <= (SELECT at FROM source)
    ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ${NEAR_IN_TIME})
  UNION
  (SELECT a.id FROM articles a
    WHERE a.status = 'published' AND a.published_at > (SELECT at FROM source)
    ORDER BY a.published_at ASC NULLS FIRST, a.id ASC LIMIT ${NEAR_IN_TIME})
  UNION
  SELECT near.article_id FROM unnest((SELECT speaker_ids FROM source)) AS sp (speaker_id) CROSS JOIN LATERAL (
    (SELECT q.article_id FROM quotes q WHERE q.speaker_id = sp.speaker_id AND q.said_at <= (SELECT at FROM source)
      ORDER BY q.said_at DESC NULLS LAST, q.id DESC LIMIT ${PER_SPEAKER})
    UNION ALL
    (SELECT q.article_id FROM quotes q WHERE q.speaker_id = sp.speaker_id AND q.said_at > (SELECT at FROM source)
      ORDER BY q.said_at ASC NULLS FIRST, q.id ASC LIMIT ${PER_SPEAKER})
  ) AS near
  UNION
  SELECT whole.article_id FROM unnest((SELECT topic_ids FROM source)) AS st (topic_id) CROSS JOIN LATERAL (
    SELECT article_id FROM article_topics WHERE topic_id = st.topic_id LIMIT ${SMALL_TOPIC + 1}
  ) AS whole
   WHERE (SELECT count(*) FROM (SELECT 1 FROM article_topics WHERE topic_id = st.topic_id LIMIT ${SMALL_TOPIC + 1}) AS n) <= ${SMALL_TOPIC}
),
shared AS MATERIALIZED (
  SELECT c.id,
         (SELECT count(*)::int FROM article_topics t WHERE t.article_id = c.id AND t.topic_id = ANY((SELECT topic_ids FROM source)::uuid[])) AS shared_topics,
         -- (DISTINCT in a subquery: a Unique over the index order, not a sort per candidate as count(DISTINCT) makes)
         (SELECT count(*)::int FROM (SELECT DISTINCT q.speaker_id FROM quotes q WHERE q.article_id = c.id AND q.speaker_id = ANY((SELECT speaker_ids FROM source)::uuid[])) AS d) AS shared_speakers
    FROM candidates c WHERE c.id <> $1
),
scored AS MATERIALIZED (
  SELECT a.id, a.slug, a.title, a.summary, a.section, a.published_at, s.shared_topics, s.shared_speakers,
         similarity(a.title, (SELECT title FROM source))::float8 AS title_similarity,
         abs(extract(epoch FROM coalesce(a.published_at, a.created_at) - (SELECT at FROM source)))::float8 / 86400 AS days_apart
    FROM shared s JOIN articles a ON a.id = s.id
   WHERE (s.shared_topics > 0 OR s.shared_speakers > 0) AND ${publicArticlesCondition('a')}
),
relevant AS (
  SELECT *, CASE WHEN title_similarity >= ${TITLE_SIMILARITY_FLOOR} THEN title_similarity ELSE 0 END AS title_score FROM scored
)
SELECT id, slug, title, summary, section, published_at, shared_topics, shared_speakers, title_score AS title_similarity,
       ((${RELATED_WEIGHTS.topic} * shared_topics + ${RELATED_WEIGHTS.speaker} * shared_speakers + ${RELATED_WEIGHTS.title} * title_score)
         * power(0.5::float8, days_apart / ${RELATED_WEIGHTS.halfLifeDays})) AS score
  FROM relevant
 ORDER BY score DESC, published_at DESC NULLS LAST, id
 LIMIT $2`

export interface RelatedRow {
  id: string, slug: string, title: string, summary: string | null, section: string | null, published_at: Date | null,
  shared_topics: number, shared_speakers: number, title_similarity: number, score: number
}

/** Trending: the window, and the baseline period just before it (TRENDING_BASELINE_DAYS long). */
export const TRENDING_WINDOWS = { '24h': '24 hours', '7d': '7 days' } as const
export type TrendingWindow = keyof typeof TRENDING_WINDOWS
export const TRENDING_BASELINE_DAYS = 28
/** Added to both sides of the ratio, so one story for a topic nobody wrote about is not a trend. */
export const TRENDING_SMOOTHING = 2

const trendingSql = (entity: 'topic' | 'speaker'): string => `
WITH bounds AS (
  SELECT now() - $1::interval AS window_start, now() - $1::interval - interval '${TRENDING_BASELINE_DAYS} days' AS baseline_start
),
stories AS (
  SELECT a.id, a.published_at >= (SELECT window_start FROM bounds) AS in_window
    FROM articles a
   WHERE a.published_at >= (SELECT baseline_start FROM bounds) AND a.published_at <= now() AND ${publicArticlesCondition('a')}
),
counts AS (
  ${entity === 'topic'
    ? `SELECT link.topic_id AS entity_id,
              count(*) FILTER (WHERE s.in_window) AS window_count, count(*) FILTER (WHERE NOT s.in_window) AS baseline_count
         FROM stories s JOIN article_topics link ON link.article_id = s.id
        GROUP BY link.topic_id`
    : `SELECT q.speaker_id AS entity_id,
              count(DISTINCT s.id) FILTER (WHERE s.in_window) AS window_count, count(DISTINCT s.id) FILTER (WHERE NOT s.in_window) AS baseline_count
         FROM stories s JOIN quotes q ON q.article_id = s.id
        WHERE q.speaker_id IS NOT NULL
        GROUP BY q.speaker_id`}
),
rated AS (
  SELECT entity_id, window_count, baseline_count,
         baseline_count * extract(epoch FROM $1::interval) / (${TRENDING_BASELINE_DAYS} * 86400) AS expected
    FROM counts WHERE window_count > 0
)
SELECT e.id, e.slug, e.name, r.window_count::int, r.baseline_count::int, r.expected::float8,
       ((r.window_count + ${TRENDING_SMOOTHING}) / (r.expected + ${TRENDING_SMOOTHING}))::float8 AS score
  FROM rated r JOIN ${entity === 'topic' ? 'topics' : 'speakers'} e ON e.id = r.entity_id
 ORDER BY score DESC, r.window_count DESC, e.name, e.id
 LIMIT $2`

export const TRENDING_TOPICS_SQL = trendingSql('topic')
export const TRENDING_SPEAKERS_SQL = trendingSql('speaker')

export interface TrendingRow {
  id: string, slug: string, name: string, window_count: number, baseline_count: number, expected: number, score: number
}

export function createDiscoveryRepository (pool: pg.Pool) {
  return {
    async related (articleId: string, limit: number): Promise<RelatedRow[]> {
      const { rows } = await pool.query<RelatedRow>({ name: 'related-articles', text: RELATED_SQL, values: [articleId, limit] })
      return rows
    },
    async trending (entity: 'topic' | 'speaker', window: TrendingWindow, limit: number): Promise<TrendingRow[]> {
      const { rows } = await pool.query<TrendingRow>({
        name: `trending-${entity}s`, text: entity === 'topic' ? TRENDING_TOPICS_SQL : TRENDING_SPEAKERS_SQL, values: [TRENDING_WINDOWS[window], limit]
      })
      return rows
    }
  }
}
