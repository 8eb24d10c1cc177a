import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// The change feed as a partner reads it: every change in commit order, drafts never shown to
// the public, tombstones for what the public may no longer see.

interface Event { position: string, kind: string, resource: string, resourceId: string, slug: string | null, version: number | null, tombstone: boolean, changed: string[], actorKeyId?: string | null, actor?: string, topicIds: string[], section: string | null }

async function feed (app: FastifyInstance, query = '', headers: Record<string, string> = {}): Promise<{ data: Event[], nextCursor: string }> {
  const res = await app.inject({ url: `/v1/changes${query}`, headers })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json()
}

const summary = (events: Event[]) => events.map((event) => `${event.kind} ${event.resource} ${event.slug ?? ''}${event.tombstone ? ' (tombstone)' : ''}`.trim())

t.test('the public feed follows a story through its life; a draft never shows', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const start = (await feed(app)).nextCursor

  const draft = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Secret plans', section: 'World', topics: [{ name: 'Plans' }] } })).json()
  await app.inject({ method: 'PATCH', url: `/v1/articles/${draft.id}`, headers: writer, payload: { summary: 'Still a draft' } })
  t.same((await feed(app, `?after=${start}`)).data, [], 'a draft and its edits are not in the public feed')

  await app.inject({ method: 'PATCH', url: `/v1/articles/${draft.id}`, headers: writer, payload: { status: 'published' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${draft.id}`, headers: writer, payload: { title: 'Open plans' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${draft.id}`, headers: writer, payload: { status: 'draft' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${draft.id}`, headers: writer, payload: { title: 'Hidden again' } })
  await app.inject({ method: 'DELETE', url: `/v1/articles/${draft.id}`, headers: writer })

  const pub = await feed(app, `?after=${start}`)
  t.same(summary(pub.data), [
    'published article secret-plans',
    'published topic plans',
    'updated article secret-plans',
    'unpublished article secret-plans (tombstone)',
    'unpublished topic plans (tombstone)'
  ], 'published, edited, unpublished; the draft-only topic appears and goes with it; the edit while hidden and the delete of a hidden story do not show')
  t.same(pub.data[2]!.changed, ['title'])
  t.same(pub.data[0]!.section, 'World')
  t.equal(pub.data[3]!.version, null, 'a tombstone carries no content')
  t.notOk(JSON.stringify(pub.data).includes('Hidden again'))
  t.notOk('actorKeyId' in pub.data[0]!, 'the public does not learn which key acted')

  const editor = await authHeaders(app, 'content:read-drafts')
  const all = await feed(app, `?after=${start}`, editor)
  t.same(summary(all.data.filter((event) => event.resource === 'article')), [
    'created article secret-plans', 'updated article secret-plans', 'published article secret-plans', 'updated article secret-plans',
    'unpublished article secret-plans', 'updated article secret-plans', 'deleted article secret-plans (tombstone)'
  ], 'a key that reads drafts sees every change')
  const writerKeyId = (await app.db.apiKey.findFirstOrThrow({ where: { scopes: { has: 'content:write' } } })).id
  t.same(new Set(all.data.map((event) => `${event.actor} ${event.actorKeyId}`)), new Set([`api ${writerKeyId}`]), 'each event names the key that made it')
})

t.test('a story created public, its quotes, topics and speakers, and a bulk import', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const start = (await feed(app)).nextCursor
  const res = await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: 'Allies meet', status: 'published', topics: [{ name: 'NATO' }], quotes: [{ text: 'We stand together', speaker: { name: 'Jens Stoltenberg' } }] }
  })
  const article = res.json()
  const events = (await feed(app, `?after=${start}`)).data
  t.same(summary(events), ['created topic nato', 'created article allies-meet', 'published article allies-meet', 'created speaker jens-stoltenberg', 'created quote'], 'in the order they were written')
  const topicId = events[0]!.resourceId
  t.same(events[2]!.topicIds, [topicId], 'an article event carries its topics at commit')
  t.same(events[4]!.topicIds, [topicId], 'so does its quote')

  const only = await feed(app, `?after=${start}&resource=quote,speaker`)
  t.same(summary(only.data), ['created speaker jens-stoltenberg', 'created quote'], '`resource=` keeps the resources asked for')

  const before = (await feed(app, '?after=now')).nextCursor
  const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ title: `Wire story ${i}`, status: 'published', quotes: [{ text: `Words ${i}`, speaker: { slug: 'jens-stoltenberg' } }] })).join('\n')
  const bulk = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload: lines })
  t.equal(bulk.statusCode, 200)
  const imported = (await feed(app, `?after=${before}&limit=1000`)).data
  t.equal(imported.filter((event) => event.kind === 'published' && event.resource === 'article').length, 30, 'bulk imports write events too')
  t.equal(imported.filter((event) => event.resource === 'quote').length, 30)

  await app.inject({ method: 'DELETE', url: `/v1/articles/${article.id}`, headers: writer })
  const gone = (await feed(app, '?after=' + (await feed(app, `?after=${before}&limit=1000`)).nextCursor)).data
  t.same(summary(gone), [], 'reading from the head finds nothing new')
})

t.test('positions and pages', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: `Topic ${i}` } })
  const first = await app.inject({ url: '/v1/changes?limit=2' })
  t.equal(first.json().data.length, 2)
  t.match(first.headers['cache-control'], /immutable/, 'a full page never changes')
  const rest = await app.inject({ url: `/v1/changes?limit=10&after=${first.json().nextCursor}` })
  t.same(rest.json().data.map((event: Event) => event.slug), ['topic-2', 'topic-3', 'topic-4'])
  t.match(rest.headers['cache-control'], /no-cache/, 'a short page grows: revalidate')
  t.equal((await feed(app, '?after=now')).data.length, 0, '`now` starts at the present')
  t.equal((await feed(app, '?after=now')).nextCursor, rest.json().nextCursor)

  for (const bad of ['?after=abc', '?after=1', '?after=1.2.3', '?limit=0', '?limit=1001', '?resource=article,cats', '?after=99999999999999999999.1', '?colour=red']) {
    const res = await app.inject({ url: `/v1/changes${bad}` })
    t.equal(res.statusCode, 400, `${bad} is a 400`)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
})

t.test('`now` is the present after a commit that wrote no event (a bulk import that changed nothing)', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const line = `${JSON.stringify({ title: 'Same story', status: 'published', externalId: 'same-1' })}\n`
  const upload = () => app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload: line })
  t.equal((await upload()).json().created, 1)
  t.equal((await upload()).json().unchanged, 1, 'the second upload writes no event, but its statements still run')
  const now = await feed(app, '?after=now')
  t.same(now.data, [], 'nothing before the present is replayed')
  t.not(now.nextCursor, '0.0', 'and reading on from it starts at the present, not at the beginning')
  t.same((await feed(app, `?after=${now.nextCursor}`)).data, [])
})

t.test('a quote\'s update names what changed, its attribution included', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const article = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Port strike', status: 'published', quotes: [{ text: 'We will not move', speaker: null, speakerDescription: 'a union official' }] } })).json()
  const quote = (await app.inject({ url: `/v1/articles/${article.id}/quotes` })).json().data[0]
  const start = (await feed(app, '?after=now')).nextCursor
  await app.inject({ method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: writer, payload: { speakerDescription: 'a senior union official', text: 'We will not be moved' } })
  const [event] = (await feed(app, `?after=${start}`)).data
  t.same(event!.changed.sort(), ['speakerDescription', 'text'])
})

t.test('topics and speakers shown or hidden by a retag or a reattributed quote are announced', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const post = async (payload: object) => (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload })).json()
  await post({ title: 'Draft', topics: [{ name: 'Secret Topic' }], quotes: [{ text: 'Off the record', speaker: { name: 'Quiet Source' } }] })
  const story = await post({ title: 'Public story', status: 'published', quotes: [{ text: 'On the record', speaker: { name: 'Loud Source' } }] })
  const start = (await feed(app, '?after=now')).nextCursor

  await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { topics: [{ slug: 'secret-topic' }] } })
  const quote = (await app.inject({ url: `/v1/articles/${story.id}/quotes` })).json().data[0]
  await app.inject({ method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: writer, payload: { speaker: { slug: 'quiet-source' } } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { topics: [] } })

  t.same(summary((await feed(app, `?after=${start}`)).data), [
    'updated article public-story', 'published topic secret-topic',
    'updated quote', 'published speaker quiet-source',
    'updated article public-story', 'unpublished topic secret-topic (tombstone)'
  ], 'a speaker nobody quotes any more stays as the public last saw it')
  t.same((await app.inject({ url: '/v1/speakers' })).json().data.map((s: { slug: string }) => s.slug), ['loud-source', 'quiet-source'], 'as the lists show')
  t.same((await app.inject({ url: '/v1/topics' })).json().data, [])
})
