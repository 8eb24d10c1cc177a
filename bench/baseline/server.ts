// The bare baseline: Fastify and plain `pg` with hand-written SQL for the benchmarked
// endpoints. No ORM, no plugins, no validation, no auth: the floor Newsdesk is measured against.
import Fastify from 'fastify'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })
const app = Fastify({ logger: false })
const PUBLIC = `((a.status = 'published' AND (a.published_at IS NULL OR a.published_at <= now())) OR (a.status IN ('published','scheduled') AND a.published_at <= now()))`
const ARTICLE_COLUMNS = 'a.id, a.slug, a.external_id AS "externalId", a.title, a.summary, a.body, a.section, a.byline, a.source_url AS "sourceUrl", a.status, a.published_at AS "publishedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.version'

// Keyset pages: the cursor is the last row's (published_at, id), as in Newsdesk. Every bench
// story has a publication time, so the NULLS LAST tail is not paged here.
const TOPICS_JSON = `coalesce((SELECT json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY t.name)
                              FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.article_id = a.id), '[]') AS topics`
type Page = { rows: { id: string, publishedAt: Date | null }[] }
const page = ({ rows }: Page) => {
  const last = rows.at(-1)
  return { data: rows, nextCursor: rows.length === 20 && last ? Buffer.from(JSON.stringify([last.publishedAt, last.id])).toString('base64url') : null }
}
const after = (cursor: string | undefined): [string, string] | [null, null] =>
  cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string] : [null, null]

app.get<{ Querystring: { cursor?: string } }>('/v1/articles', async (request) => {
  const [publishedAt, id] = after(request.query.cursor)
  return page(await pool.query({
    name: 'list',
    text: `SELECT ${ARTICLE_COLUMNS}, ${TOPICS_JSON}
             FROM articles a WHERE ${PUBLIC} AND ($1::timestamptz IS NULL OR (a.published_at, a.id) < ($1, $2::uuid))
            ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 20`,
    values: [publishedAt, id]
  }))
})

app.get<{ Params: { slug: string } }>('/v1/topics/:slug/articles', async (request) => {
  return page(await pool.query({
    name: 'topic-list',
    text: `SELECT ${ARTICLE_COLUMNS}, ${TOPICS_JSON}
             FROM articles a JOIN article_topics l ON l.article_id = a.id
            WHERE l.topic_id = (SELECT id FROM topics WHERE slug = $1) AND ${PUBLIC}
            ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 20`,
    values: [request.params.slug]
  }))
})

// An editor's save as plain SQL: no history, no If-Match, no events beyond the triggers'.
app.patch<{ Params: { slug: string }, Body: { summary?: string } }>('/v1/articles/:slug', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'update',
    text: `UPDATE articles a SET summary = coalesce($2, a.summary), version = a.version + 1, updated_at = now()
            WHERE a.slug = $1 RETURNING ${ARTICLE_COLUMNS}`,
    values: [request.params.slug, request.body?.summary ?? null]
  })
  if (rows.length === 0) return reply.code(404).send({ status: 404 })
  return rows[0]
})

app.get<{ Params: { slug: string } }>('/v1/articles/:slug', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'get',
    text: `SELECT ${ARTICLE_COLUMNS},
                  coalesce((SELECT json_agg(json_build_object('id', q.id, 'text', q.text, 'position', q.position, 'saidAt', q.said_at,
                                   'speaker', json_build_object('id', s.id, 'slug', s.slug, 'name', s.name)) ORDER BY q.position)
                              FROM quotes q JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = a.id), '[]') AS quotes
             FROM articles a WHERE a.slug = $1 AND ${PUBLIC}`,
    values: [request.params.slug]
  })
  if (rows.length === 0) return reply.code(404).send({ status: 404 })
  return rows[0]
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

app.get<{ Params: { slug: string } }>('/v1/speakers/:slug/quotes', async (request) => {
  const { rows } = await pool.query({
    name: 'speaker-quotes',
    text: `SELECT q.id, q.text, q.position, q.said_at AS "saidAt", q.context, q.article_id AS "articleId", q.speaker_id AS "speakerId"
             FROM quotes q JOIN articles a ON a.id = q.article_id
            WHERE q.speaker_id = (SELECT id FROM speakers WHERE slug = $1) AND ${PUBLIC}
            ORDER BY q.said_at DESC NULLS LAST, q.id DESC LIMIT 20`,
    values: [request.params.slug]
  })
  return { data: rows, nextCursor: null }
})

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3900) })
console.log('baseline listening')
