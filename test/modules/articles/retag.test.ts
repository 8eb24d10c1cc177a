import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// A retag (PATCH with `topics`, by slug or by name, with or without text columns) is one call of
// newsdesk_retag_article (src/modules/articles/retag.ts, migration 027). It must do exactly
// what the transaction of updateArticleGraph does: the same events, revisions and answers.

interface Event { kind: string, resource: string, resourceId: string, changed: string[], topicIds: string[], actor: string }

const head = async (app: FastifyInstance, headers: Record<string, string>): Promise<string> => (await app.inject({ url: '/v1/changes', headers })).json().nextCursor
async function eventsAfter (app: FastifyInstance, cursor: string, headers: Record<string, string>): Promise<Event[]> {
  return (await app.inject({ url: `/v1/changes?after=${cursor}`, headers })).json().data
}

t.test('a retag through one call records what the graph transaction records', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const story = async (title: string) => (await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer, payload: { title, status: 'published', topics: [{ name: 'Ports' }, { name: 'Weather' }] }
  })).json()
  t.equal((await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Shipping' } })).statusCode, 201)
  const fast = await story('Harbour dredging')
  const graph = await story('Harbour dredging again')
  const slugsOf = async (ids: string[]) => (await app.db.topic.findMany({ where: { id: { in: ids } }, select: { slug: true } })).map((row) => row.slug).sort()
  const retag = async (id: string, extra: object, name: string) => {
    const cursor = await head(app, writer)
    const res = await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: writer, payload: { topics: [{ slug: 'shipping' }, { name }, { slug: 'weather' }, { slug: 'shipping' }], summary: 'Moved.', ...extra } })
    t.equal(res.statusCode, 200, res.body)
    const events = await eventsAfter(app, cursor, writer)
    return {
      body: res.json(),
      events: await Promise.all(events.map(async (e) => [e.kind, e.resource, e.resourceId === id ? 'story' : 'other', [...e.changed].sort(), await slugsOf(e.topicIds), e.actor]))
    }
  }
  // The same story unchanged but for `status` (the same value) takes updateArticleGraph.
  const one = await retag(fast.id, {}, 'Tides')
  const two = await retag(graph.id, { status: 'published' }, 'Tidal')
  t.same(JSON.parse(JSON.stringify(one.events).replaceAll('tides', 'new')), JSON.parse(JSON.stringify(two.events).replaceAll('tidal', 'new')), 'the same events')
  t.same(one.events.find((e) => e[1] === 'article'), ['updated', 'article', 'story', ['summary', 'topics'], ['shipping', 'tides', 'weather'], 'api'])
  t.equal(one.body.version, fast.version + 1, 'the version goes up by one')
  t.equal(one.body.summary, 'Moved.')
  for (const key of Object.keys(two.body)) if (!['id', 'slug', 'title', 'createdAt', 'updatedAt', 'publishedAt'].includes(key)) t.same(one.body[key], two.body[key], `same ${key}`)
  const revisions = async (id: string) => (await app.inject({ url: `/v1/articles/${id}/revisions`, headers: writer })).json().data.map((r: { changed: string[] }) => [...r.changed].sort())
  t.same(await revisions(fast.id), await revisions(graph.id), 'the same revisions')
  const shown = (await app.inject({ url: `/v1/articles/${fast.id}?include=topics`, headers: writer })).json()
  t.same(shown.topics.map((topic: { slug: string }) => topic.slug).sort(), ['shipping', 'tides', 'weather'])
})

t.test('a retag answers 422, 409, 412 and 404 as before, with nothing written', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Rain', status: 'published', topics: [{ name: 'Weather' }] } })).json()
  const state = async () => (await app.pool.query('SELECT (SELECT version FROM articles WHERE id = $1) AS v, (SELECT count(*)::int FROM topics) AS topics, (SELECT count(*)::int FROM change_events) AS events', [created.id])).rows[0]
  const before = await state()
  const patch = (payload: object, headers: Record<string, string> = {}, url = `/v1/articles/${created.id}`) => app.inject({ method: 'PATCH', url, headers: { ...writer, ...headers }, payload })
  const unknown = await patch({ topics: [{ name: 'Floods' }, { slug: 'no-such-topic' }], title: 'Rain again' })
  t.equal(unknown.statusCode, 422)
  t.match(unknown.headers['content-type'], 'application/problem+json')
  t.match(unknown.json().detail, 'Topic "no-such-topic" does not exist')
  t.equal((await patch({ topics: [{ name: 'Trending', slug: 'trending' }] })).statusCode, 409, 'a reserved slug')
  t.equal((await patch({ topics: [{ name: 'Floods' }] }, { 'if-match': '"v999"' })).statusCode, 412, 'a stale If-Match')
  t.equal((await patch({ topics: [{ name: 'Floods' }] }, {}, '/v1/articles/no-such-story')).statusCode, 404)
  t.same(await state(), before, 'nothing was written')
  const etag = (await app.inject({ url: `/v1/articles/${created.id}`, headers: writer })).headers.etag as string
  const matched = await patch({ topics: [{ slug: 'weather' }, { name: 'Floods' }] }, { 'if-match': etag })
  t.equal(matched.statusCode, 200, 'a matching If-Match')
  t.equal(matched.json().version, created.version + 1)
})

for (const [who, scopes] of [['an editor', ['content:write', 'content:read-drafts']], ['a write-only key', ['content:write']]] as const) t.test(`a retag without If-Match is one round trip to Postgres, for ${who}`, async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, ...scopes)
  const created = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Rain', status: 'published', topics: [{ name: 'Weather' }, { name: 'Floods' }] } })).json()
  // The key is confirmed by the first write; the next ones check it in their statement.
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${created.id}`, headers: writer, payload: { topics: [{ slug: 'weather' }] } })).statusCode, 200)
  await new Promise((resolve) => setTimeout(resolve, 200))
  const original = pg.Client.prototype.query
  const sent: string[] = []
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string }
    sent.push(typeof config === 'string' ? config : config.text ?? '')
    return (original as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof original
  try {
    const res = await app.inject({ method: 'PATCH', url: `/v1/articles/${created.slug}`, headers: writer, payload: { topics: scopes.length === 2 ? [{ slug: 'floods' }, { name: 'Tides' }] : [{ slug: 'floods' }, { slug: 'weather' }], title: 'Rain and tides' } })
    t.equal(res.statusCode, 200, res.body)
  } finally {
    pg.Client.prototype.query = original
  }
  t.same(sent.filter((text) => !/^(LISTEN|SELECT 1$)/.test(text)).map((text) => text.replace(/\s+/g, ' ').slice(0, 60)), [sent.find((text) => text.includes('newsdesk_retag_article'))?.replace(/\s+/g, ' ').slice(0, 60)], 'one statement')
})

t.test('a write-only key retags a public story in one call, and a topic only drafts use is unknown to it', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const post = async (payload: object) => (await app.inject({ method: 'POST', url: '/v1/articles', headers: editor, payload })).json()
  const story = await post({ title: 'Rain', status: 'published', topics: [{ name: 'Weather' }] })
  const draft = await post({ title: 'Plans for the dam', status: 'draft', topics: [{ name: 'Dam works' }] })
  t.equal((await app.inject({ url: '/v1/topics/dam-works' })).statusCode, 404, 'the draft\'s topic is hidden')
  const state = async () => (await app.pool.query(`SELECT (SELECT version FROM articles WHERE id = $1) AS v, (SELECT version FROM articles WHERE id = $2) AS d,
    (SELECT count(*)::int FROM change_events) AS events`, [story.id, draft.id])).rows[0]
  const before = await state()
  const patch = (id: string, payload: object, headers = writer) => app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers, payload })

  const hidden = await patch(story.id, { topics: [{ slug: 'weather' }, { slug: 'dam-works' }] })
  t.equal(hidden.statusCode, 422, 'a hidden topic by slug')
  t.match(hidden.json().detail, 'Topic "dam-works" does not exist', 'the answer an unknown slug gets')
  const unknown = await patch(story.id, { topics: [{ slug: 'no-such-topic' }] })
  t.same([unknown.statusCode, unknown.json().detail.replace('no-such-topic', 'X')], [hidden.statusCode, hidden.json().detail.replace('dam-works', 'X')], 'indistinguishable from an unknown slug')
  t.equal((await patch(draft.id, { topics: [{ slug: 'weather' }] })).statusCode, 404, 'a draft: GET\'s 404')
  t.equal((await patch(draft.slug, { topics: [{ slug: 'weather' }] })).statusCode, 404, 'by slug too')
  t.same(await state(), before, 'nothing was written')
  t.equal((await app.inject({ url: '/v1/topics/dam-works' })).statusCode, 404, 'and the topic is still hidden')

  const saved = await patch(story.id, { topics: [{ slug: 'weather' }], summary: 'Wet.' })
  t.equal(saved.statusCode, 200, 'a public story and a public topic')
  t.equal(saved.json().version, story.version + 1)
  t.equal((await patch(story.id, { topics: [{ slug: 'dam-works' }] }, editor)).statusCode, 200, 'an editor may link the hidden topic')
})
