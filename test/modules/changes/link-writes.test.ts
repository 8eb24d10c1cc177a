import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Writes to the link tables on their own (psql, a script) are changes to the story or quote
// they belong to: each records an event in its transaction (migration 026), one per story or
// quote per transaction. And TRUNCATE, which no trigger could record, is refused.

interface Event { kind: string, resource: string, resourceId: string, changed: string[], topicIds: string[], actor?: string }

async function eventsAfter (app: FastifyInstance, cursor: string, headers: Record<string, string>): Promise<Event[]> {
  const res = await app.inject({ url: `/v1/changes?after=${cursor}`, headers })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json().data
}

async function head (app: FastifyInstance, headers: Record<string, string>): Promise<string> {
  return (await app.inject({ url: '/v1/changes', headers })).json().nextCursor
}

async function setUp (t: Test) {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const story = (await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: 'Harbour plans', status: 'published', section: 'World', topics: [{ name: 'Ports' }], authors: [{ name: 'Ada Reporter' }, { name: 'Ben Writer' }], quotes: [{ text: 'We will build it.', speaker: { name: 'Mayor' } }] }
  })).json()
  const other = (await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Shipping' } })).json()
  const ports = (await app.db.topic.findUniqueOrThrow({ where: { slug: 'ports' } })).id
  const quote = (await app.db.quote.findFirstOrThrow({ where: { articleId: story.id } })).id
  return { app, writer, story, ports, shipping: other.id as string, quote }
}

t.test('a raw write to article_topics records an `updated` event of the story naming `topics`', async (t) => {
  const { app, writer, story, ports, shipping } = await setUp(t)
  let cursor = await head(app, writer)
  await app.pool.query('INSERT INTO article_topics (article_id, topic_id) VALUES ($1, $2)', [story.id, shipping])
  let events = await eventsAfter(app, cursor, writer)
  t.same(events.map((e) => [e.kind, e.resource, e.resourceId, e.changed, e.actor]), [['updated', 'article', story.id, ['topics'], 'sql']], 'one event, by sql')
  t.same(events[0]!.topicIds, [ports, shipping].sort(), 'it carries the topics after the write')
  const before = await app.pool.query('SELECT topics_before FROM change_events ORDER BY id DESC LIMIT 1')
  t.same(before.rows[0].topics_before, [ports], 'and those before it (cache tags, filtered webhooks)')

  cursor = await head(app, writer)
  await app.pool.query('DELETE FROM article_topics WHERE article_id = $1 AND topic_id = $2', [story.id, ports])
  events = await eventsAfter(app, cursor, writer)
  t.same(events.map((e) => [e.kind, e.resourceId, e.changed, e.topicIds]), [['updated', story.id, ['topics'], [shipping]]], 'a removed link too')

  cursor = await head(app, writer)
  await app.pool.query('UPDATE article_topics SET topic_id = $2 WHERE article_id = $1', [story.id, ports])
  events = await eventsAfter(app, cursor, writer)
  t.same(events.map((e) => [e.kind, e.resourceId, e.changed, e.topicIds]), [['updated', story.id, ['topics'], [ports]]], 'and a link changed in place')

  const publicEvents = await eventsAfter(app, cursor, {})
  t.equal(publicEvents.length, 1, 'the story is public, so the public feed has it')
})

t.test('quote topics and article authors written raw record their parent\'s event', async (t) => {
  const { app, writer, story, quote, shipping } = await setUp(t)
  let cursor = await head(app, writer)
  await app.pool.query('INSERT INTO quote_topics (quote_id, topic_id) VALUES ($1, $2)', [quote, shipping])
  let events = await eventsAfter(app, cursor, writer)
  t.same(events.map((e) => [e.kind, e.resource, e.resourceId, e.changed]), [['updated', 'quote', quote, ['topics']]], 'quote_topics')

  cursor = await head(app, writer)
  await app.pool.query('UPDATE article_authors SET position = 1 - position WHERE article_id = $1', [story.id])
  events = await eventsAfter(app, cursor, writer)
  t.same(events.map((e) => [e.kind, e.resource, e.resourceId, e.changed]), [['updated', 'article', story.id, ['authors']]], 'a reorder of the byline')
  const byline = (await app.inject({ url: `/v1/articles/${story.id}?include=authors`, headers: writer })).json().authors.map((a: { name: string }) => a.name)
  t.same(byline, ['Ben Writer', 'Ada Reporter'])

  cursor = await head(app, writer)
  await app.pool.query('DELETE FROM article_authors WHERE article_id = $1', [story.id])
  events = await eventsAfter(app, cursor, writer)
  t.same(events.filter((e) => e.resource === 'article').map((e) => [e.kind, e.resourceId, e.changed]), [['updated', story.id, ['authors']]], 'authors removed')
})

t.test('one event per story per transaction: a link write joins the event the transaction already wrote', async (t) => {
  const { app, writer, story, shipping } = await setUp(t)
  let cursor = await head(app, writer)
  const client = await app.pool.connect()
  try {
    await client.query('BEGIN')
    await client.query("UPDATE articles SET title = 'Harbour plans approved', version = version + 1 WHERE id = $1", [story.id])
    await client.query('INSERT INTO article_topics (article_id, topic_id) VALUES ($1, $2)', [story.id, shipping])
    await client.query('DELETE FROM article_authors WHERE article_id = $1', [story.id])
    await client.query('COMMIT')
  } finally {
    client.release()
  }
  let events = await eventsAfter(app, cursor, writer)
  t.same(events.map((e) => [e.kind, e.resourceId, [...e.changed].sort()]), [['updated', story.id, ['authors', 'title', 'topics']]], 'one event names all three')

  cursor = await head(app, writer)
  const patched = await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { title: 'Harbour plans shelved', topics: [{ slug: 'ports' }], authors: [{ slug: 'ada-reporter' }] } })
  t.equal(patched.statusCode, 200)
  events = await eventsAfter(app, cursor, writer)
  t.same(events.filter((e) => e.resource === 'article').map((e) => [e.kind, [...e.changed].sort()]), [['updated', ['authors', 'title', 'topics']]], 'the API\'s save is still one event')
})

t.test('TRUNCATE of content is refused, unless the session says it means it', async (t) => {
  const { app } = await setUp(t)
  for (const table of ['articles', 'article_topics', 'quotes', 'quote_topics', 'topics', 'speakers', 'authors', 'article_authors', 'corrections']) {
    await t.rejects(app.pool.query(`TRUNCATE ${table} CASCADE`), { message: new RegExp(`TRUNCATE ${table} would remove content without a change event`) }, table)
  }
  t.equal((await app.pool.query('SELECT count(*)::int AS n FROM articles')).rows[0].n, 1, 'nothing was removed')
  const client = await app.pool.connect()
  try {
    await client.query('BEGIN')
    await client.query("SET LOCAL newsdesk.allow_truncate = 'on'")
    await client.query('TRUNCATE articles CASCADE')
    t.equal((await client.query('SELECT count(*)::int AS n FROM articles')).rows[0].n, 0, 'allowed on purpose')
    await client.query('ROLLBACK')
  } finally {
    client.release()
  }
})
