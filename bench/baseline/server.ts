// The bare baseline: Fastify and plain `pg` with hand-written SQL for the benchmarked
// endpoints. No ORM, no plugins, no validation, no auth: the floor Newsdesk is measured against.
import Fastify from 'fastify'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })
const app = Fastify({ logger: false })

// What a senior engineer would write with plain `pg` (issue 15, "an honest baseline"):
// - named prepared statements (planned once per connection);
// - the visibility rule written so an index can serve it: `status IN (...)` first, the same
//   rows as "published (no date, or a date that has come) or scheduled with a date that has come";
// - the answer built as JSON by Postgres and cast to text, so Node parses no rows (pg's text[]
//   and timestamptz parsers and JSON.stringify of 20 bodies cost more CPU than the query) and
//   only streams a string.
const PUBLIC = `(a.status IN ('published', 'scheduled') AND (a.published_at <= now() OR (a.published_at IS NULL AND a.status = 'published')))`
const ARTICLE_JSON = `'id', a.id, 'slug', a.slug, 'externalId', a.external_id, 'title', a.title, 'summary', a.summary, 'body', a.body,
  'section', a.section, 'byline', a.byline, 'sourceUrl', a.source_url, 'status', a.status, 'publishedAt', a.published_at,
  'createdAt', a.created_at, 'updatedAt', a.updated_at, 'version', a.version`
const TOPICS_JSON = `'topics', coalesce((SELECT json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY t.name)
                              FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.article_id = a.id), '[]')`
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

// Keyset pages: the cursor is the last row's (published_at, id), as in Newsdesk. Every bench
// story has a publication time, so the NULLS LAST tail is not paged here. One statement gives
// the page as JSON text and the cursor of its 20th row.
const pageOf = (from: string): string => `WITH page AS (
    SELECT a.published_at, a.id, json_build_object(${ARTICLE_JSON}, ${TOPICS_JSON}) AS item
      FROM ${from} ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 20)
  SELECT coalesce(json_agg(item ORDER BY published_at DESC NULLS LAST, id DESC), '[]')::text AS data,
         CASE WHEN count(*) = 20 THEN json_build_array(min(published_at), (array_agg(id ORDER BY published_at, id))[1])::text END AS last
    FROM page`
const pageBody = ({ rows }: { rows: { data: string, last: string | null }[] }): string =>
  `{"data":${rows[0]!.data},"nextCursor":${rows[0]!.last === null ? 'null' : `"${Buffer.from(rows[0]!.last).toString('base64url')}"`}}`
const after = (cursor: string | undefined): [string, string] | [null, null] =>
  cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string] : [null, null]

app.get<{ Querystring: { cursor?: string } }>('/v1/articles', async (request, reply) => {
  const [publishedAt, id] = after(request.query.cursor)
  return reply.headers(JSON_HEADERS).send(pageBody(await pool.query({
    name: 'list',
    text: pageOf(`articles a WHERE ${PUBLIC} AND ($1::timestamptz IS NULL OR (a.published_at, a.id) < ($1, $2::uuid))`),
    values: [publishedAt, id]
  })))
})

app.get<{ Params: { slug: string } }>('/v1/topics/:slug/articles', async (request, reply) => {
  return reply.headers(JSON_HEADERS).send(pageBody(await pool.query({
    name: 'topic-list',
    text: pageOf(`articles a JOIN article_topics l ON l.article_id = a.id WHERE l.topic_id = (SELECT id FROM topics WHERE slug = $1) AND ${PUBLIC}`),
    values: [request.params.slug]
  })))
})

// An editor's save as plain SQL: no history, no If-Match, no events beyond the triggers'.
app.patch<{ Params: { slug: string }, Body: { summary?: string } }>('/v1/articles/:slug', async (request, reply) => {
  const { rows } = await pool.query<{ json: string }>({
    name: 'update',
    text: `UPDATE articles a SET summary = coalesce($2, a.summary), version = a.version + 1, updated_at = now()
            WHERE a.slug = $1 RETURNING json_build_object(${ARTICLE_JSON})::text AS json`,
    values: [request.params.slug, request.body?.summary ?? null]
  })
  if (rows.length === 0) return reply.code(404).send({ status: 404 })
  return reply.headers(JSON_HEADERS).send(rows[0]!.json)
})

app.get<{ Params: { slug: string } }>('/v1/articles/:slug', async (request, reply) => {
  const { rows } = await pool.query<{ json: string }>({
    name: 'get',
    text: `SELECT json_build_object(${ARTICLE_JSON},
                  'quotes', coalesce((SELECT json_agg(json_build_object('id', q.id, 'text', q.text, 'position', q.position, 'saidAt', q.said_at,
                                   'speaker', json_build_object('id', s.id, 'slug', s.slug, 'name', s.name)) ORDER BY q.position)
                              FROM quotes q JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = a.id), '[]'))::text AS json
             FROM articles a WHERE a.slug = $1 AND ${PUBLIC}`,
    values: [request.params.slug]
  })
  if (rows.length === 0) return reply.code(404).send({ status: 404 })
  return reply.headers(JSON_HEADERS).send(rows[0]!.json)
})

app.get<{ Querystring: { q: string } }>('/v1/search', async (request) => {
  // The naive ranked query: rank every match, headline in the same select. Ties go to the
  // newer story, as they do in Newsdesk (any fixed order would do; the cost is the same).
  const { rows } = await pool.query({
    name: 'search',
    text: `SELECT a.id, a.slug, a.title, ts_rank(a.search_vector, query) AS score,
                  ts_headline('english', concat_ws(' ', a.title, a.summary, array_to_string(a.body, ' ')), query) AS snippet
             FROM articles a, websearch_to_tsquery('english', $1) query
            WHERE a.search_vector @@ query AND ${PUBLIC}
            ORDER BY score DESC, a.published_at DESC NULLS LAST, a.id LIMIT 20`,
    values: [request.query.q]
  })
  return { data: rows, nextCursor: null }
})

app.get<{ Params: { slug: string } }>('/v1/speakers/:slug/quotes', async (request, reply) => {
  const { rows } = await pool.query<{ data: string }>({
    name: 'speaker-quotes',
    text: `SELECT coalesce(json_agg(json_build_object('id', id, 'text', text, 'position', position, 'saidAt', said_at, 'context', context,
                  'articleId', article_id, 'speakerId', speaker_id) ORDER BY said_at DESC NULLS LAST, id DESC), '[]')::text AS data
             FROM (SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id
                    WHERE q.speaker_id = (SELECT id FROM speakers WHERE slug = $1) AND ${PUBLIC}
                    ORDER BY q.said_at DESC NULLS LAST, q.id DESC LIMIT 20) q`,
    values: [request.params.slug]
  })
  return reply.headers(JSON_HEADERS).send(`{"data":${rows[0]!.data},"nextCursor":null}`)
})

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3900) })
console.log('baseline listening')
