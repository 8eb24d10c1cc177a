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
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

// Two kinds of answer for the three hot reads (story by slug, newest list, a speaker's quotes):
// - the same JSON document Newsdesk answers to the URL bench/hot-paths.ts sends it (the default):
//   every field, times as Date#toISOString, the same cursor (hot-paths checks the bodies are equal
//   before it measures), so the ratio compares the same work;
// - the old slim answer (fewer fields, Postgres's own time format, no cursor on the speaker page),
//   always under /slim, and on the plain routes with BASELINE_SLIM=1, so the older figures can be
//   reproduced and nobody need take the richer baseline on trust.
const SLIM = process.env.BASELINE_SLIM === '1'

// A time exactly as Date#toISOString writes it (Postgres's own JSON form is `...+00:00` with trailing zeros cut).
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const ARTICLE = `'id', a.id, 'slug', a.slug, 'externalId', a.external_id, 'title', a.title, 'summary', a.summary, 'body', coalesce(a.body, '{}'),
  'section', a.section, 'byline', a.byline, 'sourceUrl', a.source_url, 'status', a.status, 'publishedAt', ${iso('a.published_at')},
  'createdAt', ${iso('a.created_at')}, 'updatedAt', ${iso('a.updated_at')}, 'version', a.version`
const QUOTE = `'id', q.id, 'text', q.text, 'length', coalesce(q.text_length, char_length(q.text)), 'speakerId', q.speaker_id,
  'speakerRole', q.speaker_role, 'speakerOrganization', q.speaker_organization, 'speakerDescription', q.speaker_description,
  'articleId', q.article_id, 'position', q.position, 'saidAt', ${iso('q.said_at')}, 'context', q.context,
  'createdAt', ${iso('q.created_at')}, 'updatedAt', ${iso('q.updated_at')}, 'version', q.version`
const TOPICS = `coalesce((SELECT json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY t.name, t.id)
  FROM article_topics l JOIN topics t ON t.id = l.topic_id WHERE l.article_id = a.id), '[]')`
const QUOTES = `coalesce((SELECT json_agg(json_build_object(${QUOTE}, 'speaker', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id,
  'slug', s.slug, 'name', s.name, 'kind', s.kind, 'role', s.role, 'organization', s.organization) END) ORDER BY q.position, q.id)
  FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = a.id), '[]')`
// A page cursor as Newsdesk writes it before base64url: JSON.stringify([sort, value, id]).
const cursorText = (sort: string, time: string, id: string): string => `'["${sort}",' || coalesce('"' || ${iso(time)} || '"', 'null') || ',"' || ${id} || '"]'`

/**
 * A page of 20 in one statement: 21 rows are read (the 21st says another page follows, as in
 * Newsdesk), 20 are built as JSON, and the 20th's cursor comes beside them.
 */
const fullPage = (rows: string, alias: string, element: string, cursor: string): string => `WITH page AS (${rows} LIMIT 21)
  SELECT coalesce(json_agg(${element} ORDER BY n) FILTER (WHERE n <= 20), '[]')::text AS data,
         CASE WHEN count(*) > 20 THEN min(${cursor}) FILTER (WHERE n = 20) END AS last
    FROM page ${alias}`
/** `{ data, nextCursor }` from a page statement's one row (the cursor's text, base64url-encoded as Newsdesk does). */
const pageBody = ({ rows }: { rows: { data: string, last: string | null }[] }): string =>
  `{"data":${rows[0]!.data},"nextCursor":${rows[0]!.last === null ? 'null' : `"${Buffer.from(rows[0]!.last).toString('base64url')}"`}}`
/** The time and id of a Newsdesk cursor; every bench story has a publication time, so a null one is not paged here. */
const fromCursor = (cursor: string | undefined): [string, string] | [null, null] => {
  if (!cursor) return [null, null]
  const [, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string]
  return [value, id]
}

const LIST = `articles a WHERE ${PUBLIC} AND ($1::timestamptz IS NULL OR (a.published_at, a.id) < ($1, $2::uuid))`
const full = {
  list: fullPage(`SELECT a.*, row_number() OVER (ORDER BY a.published_at DESC NULLS LAST, a.id DESC) AS n
      FROM ${LIST} ORDER BY a.published_at DESC NULLS LAST, a.id DESC`, 'a',
    `json_build_object(${ARTICLE}, 'topics', ${TOPICS})`, cursorText('-publishedAt', 'a.published_at', 'a.id')),
  story: `SELECT json_build_object(${ARTICLE}, 'quotes', ${QUOTES})::text AS json FROM articles a WHERE a.slug = $1 AND ${PUBLIC}`,
  speaker: fullPage(`SELECT q.*, row_number() OVER (ORDER BY q.said_at DESC NULLS LAST, q.id DESC) AS n
      FROM quotes q JOIN articles a ON a.id = q.article_id
     WHERE q.speaker_id = (SELECT id FROM speakers WHERE slug = $1) AND ${PUBLIC}
     ORDER BY q.said_at DESC NULLS LAST, q.id DESC`, 'q',
    `json_build_object(${QUOTE})`, cursorText('-saidAt', 'q.said_at', 'q.id'))
}

// The slim answers, as this baseline gave them before it gave Newsdesk's.
const SLIM_ARTICLE_JSON = `'id', a.id, 'slug', a.slug, 'externalId', a.external_id, 'title', a.title, 'summary', a.summary, 'body', a.body,
  'section', a.section, 'byline', a.byline, 'sourceUrl', a.source_url, 'status', a.status, 'publishedAt', a.published_at,
  'createdAt', a.created_at, 'updatedAt', a.updated_at, 'version', a.version`
const SLIM_TOPICS_JSON = `'topics', coalesce((SELECT json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY t.name)
                              FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.article_id = a.id), '[]')`

// Keyset pages: the cursor is the last row's (published_at, id), as in Newsdesk. Every bench
// story has a publication time, so the NULLS LAST tail is not paged here. One statement gives
// the page as JSON text and the cursor of its 20th row.
const pageOf = (from: string): string => `WITH page AS (
    SELECT a.published_at, a.id, json_build_object(${SLIM_ARTICLE_JSON}, ${SLIM_TOPICS_JSON}) AS item
      FROM ${from} ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 20)
  SELECT coalesce(json_agg(item ORDER BY published_at DESC NULLS LAST, id DESC), '[]')::text AS data,
         CASE WHEN count(*) = 20 THEN json_build_array(min(published_at), (array_agg(id ORDER BY published_at, id))[1])::text END AS last
    FROM page`
const after = (cursor: string | undefined): [string, string] | [null, null] =>
  cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string] : [null, null]
const slim = {
  list: pageOf(LIST),
  story: `SELECT json_build_object(${SLIM_ARTICLE_JSON},
                  'quotes', coalesce((SELECT json_agg(json_build_object('id', q.id, 'text', q.text, 'position', q.position, 'saidAt', q.said_at,
                                   'speaker', json_build_object('id', s.id, 'slug', s.slug, 'name', s.name)) ORDER BY q.position)
                              FROM quotes q JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = a.id), '[]'))::text AS json
             FROM articles a WHERE a.slug = $1 AND ${PUBLIC}`,
  speaker: `SELECT coalesce(json_agg(json_build_object('id', id, 'text', text, 'position', position, 'saidAt', said_at, 'context', context,
                  'articleId', article_id, 'speakerId', speaker_id) ORDER BY said_at DESC NULLS LAST, id DESC), '[]')::text AS data
             FROM (SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id
                    WHERE q.speaker_id = (SELECT id FROM speakers WHERE slug = $1) AND ${PUBLIC}
                    ORDER BY q.said_at DESC NULLS LAST, q.id DESC LIMIT 20) q`
}

// The three hot reads, each one named prepared statement.
function hotReads (prefix: string, slimAnswers: boolean): void {
  const name = (statement: string): string => `${slimAnswers ? 'slim-' : ''}${statement}`
  app.get<{ Querystring: { cursor?: string } }>(`${prefix}/v1/articles`, async (request, reply) => {
    const [publishedAt, id] = slimAnswers ? after(request.query.cursor) : fromCursor(request.query.cursor)
    const result = await pool.query({ name: name('list'), text: slimAnswers ? slim.list : full.list, values: [publishedAt, id] })
    return reply.headers(JSON_HEADERS).send(slimAnswers ? pageBody(result) : pageBody(result))
  })
  app.get<{ Params: { slug: string } }>(`${prefix}/v1/articles/:slug`, async (request, reply) => {
    const { rows } = await pool.query<{ json: string }>({ name: name('get'), text: slimAnswers ? slim.story : full.story, values: [request.params.slug] })
    if (rows.length === 0) return reply.code(404).send({ status: 404 })
    return reply.headers(JSON_HEADERS).send(rows[0]!.json)
  })
  app.get<{ Params: { slug: string } }>(`${prefix}/v1/speakers/:slug/quotes`, async (request, reply) => {
    const result = await pool.query<{ data: string, last: string | null }>({
      name: name('speaker-quotes'), text: slimAnswers ? slim.speaker : full.speaker, values: [request.params.slug]
    })
    return reply.headers(JSON_HEADERS).send(slimAnswers ? `{"data":${result.rows[0]!.data},"nextCursor":null}` : pageBody(result))
  })
}
hotReads('', SLIM)
hotReads('/slim', true)

app.get<{ Params: { slug: string } }>('/v1/topics/:slug/articles', async (request, reply) => {
  return reply.headers(JSON_HEADERS).send(pageBody(await pool.query({
    name: 'topic-list',
    text: pageOf(`articles a JOIN article_topics l ON l.article_id = a.id WHERE l.topic_id = (SELECT id FROM topics WHERE slug = $1) AND ${PUBLIC}`),
    values: [request.params.slug]
  })))
})

// An editor's save as plain SQL: no history, no If-Match, no events beyond the triggers'. The
// newsroom editor sends a summary, a headline, a body or a retag (bench/newsroom/editor.ts).
interface Save { title?: string, summary?: string, body?: string[], topics?: Array<{ slug: string }> }
app.patch<{ Params: { slug: string }, Body: Save }>('/v1/articles/:slug', async (request, reply) => {
  const save = request.body ?? {}
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const { rows } = await client.query<{ id: string, json: string }>({
      name: 'update',
      text: `UPDATE articles a SET title = coalesce($2, a.title), summary = coalesce($3, a.summary), body = coalesce($4, a.body),
                    version = a.version + 1, updated_at = now()
              WHERE a.slug = $1 RETURNING a.id, json_build_object(${SLIM_ARTICLE_JSON})::text AS json`,
      values: [request.params.slug, save.title ?? null, save.summary ?? null, save.body ?? null]
    })
    if (rows.length === 0) {
      await client.query('ROLLBACK')
      return reply.code(404).send({ status: 404 })
    }
    if (save.topics) {
      await client.query({ name: 'untag', text: 'DELETE FROM article_topics WHERE article_id = $1', values: [rows[0]!.id] })
      await client.query({
        name: 'tag',
        text: 'INSERT INTO article_topics (article_id, topic_id) SELECT $1, id FROM topics WHERE slug = ANY($2::text[]) ON CONFLICT DO NOTHING',
        values: [rows[0]!.id, save.topics.map((topic) => topic.slug)]
      })
    }
    await client.query('COMMIT')
    return reply.headers(JSON_HEADERS).send(rows[0]!.json)
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    client.release()
  }
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

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3900) })
console.log('baseline listening')
