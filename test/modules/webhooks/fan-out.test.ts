import t from 'tap'
import type { Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { createApiKey } from '../../../src/modules/keys/api-keys.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'
import { createTestDatabase } from '../../helpers/database.js'
import { startReceiver, until, type Received } from '../../helpers/webhook-receiver.js'

// From change events (written by the database's triggers, whoever writes) to deliveries.

const WORKER = { WEBHOOK_WORKER: true, WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_POLL_MS: 50, WEBHOOK_TIMEOUT_MS: 2_000, WEBHOOK_RETRY_BASE_MS: 50, WEBHOOK_RETRY_MAX_DELAY_MS: 200 }
const NDJSON = { 'content-type': 'application/x-ndjson' }

interface Event { position: string, kind: string, resource: string, resourceId: string, slug: string | null, version: number | null, section: string | null, tombstone: boolean }
const eventsOf = (requests: Received[]): Event[] => requests.flatMap((request) => request.json.data.events as Event[])
const positionOf = (position: string): [number, number] => position.split('.').map(Number) as [number, number]
const inOrder = (events: Event[]): boolean => events.every((event, i) => {
  if (i === 0) return true
  const [seq, id] = positionOf(event.position)
  const [previousSeq, previousId] = positionOf(events[i - 1]!.position)
  return seq > previousSeq || (seq === previousSeq && id > previousId)
})

/** The public events the database holds, in commit order: what a public subscription must receive. */
async function publicCursors (app: Awaited<ReturnType<typeof build>>): Promise<string[]> {
  const { rows } = await app.pool.query<{ cursor: string }>(`
    SELECT c.seq::text || '.' || e.id::text AS cursor FROM change_events e JOIN change_commits c ON c.txid = e.txid
    WHERE e.public_after OR e.public_before ORDER BY c.seq, e.id`)
  return rows.map((row) => row.cursor)
}

async function setUp (t: Test, config: Record<string, unknown> = {}) {
  const app = await build(t, { ...WORKER, ...config })
  const admin = await authHeaders(app, 'admin')
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const subscribe = async (url: string, filters: Record<string, unknown> = {}) =>
    (await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url, ...filters } })).json() as { id: string, secret: string }
  return { app, admin, writer, subscribe }
}

t.test('a story\'s life reaches a public subscription in order, drafts never; filters narrow it', async (t) => {
  const { app, writer, subscribe } = await setUp(t)
  const everything = await startReceiver(t)
  const world = await startReceiver(t)
  await subscribe(everything.url)
  await subscribe(world.url, { sections: ['World'], resources: ['article'] })

  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Allies meet in Brussels', status: 'published', section: 'World', quotes: [{ text: 'Two percent is a floor', speaker: { name: 'Jens Stoltenberg' } }] } })
  t.equal(created.statusCode, 201)
  const { id } = created.json()
  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Embargoed draft', status: 'draft', section: 'World' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: writer, payload: { summary: 'Ministers agreed.' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: writer, payload: { status: 'draft' } })
  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Derby tonight', status: 'published', section: 'Sport' } })

  const expected = await publicCursors(app)
  await until('every public event arrives', async () => eventsOf(everything.received).length >= expected.length)
  const received = eventsOf(everything.received)
  t.same(received.map((e) => e.position), expected, 'every public event, once, in commit order')
  t.notOk(JSON.stringify(received).includes('embargoed-draft'), 'the draft never appears')
  const story = received.filter((e) => e.resourceId === id)
  const versions = story.map((e) => e.version).filter((v) => v !== null)
  t.same(versions, [...versions].sort((a, b) => a - b), 'the story\'s versions only go up')
  t.match(story.at(-1), { kind: 'unpublished', tombstone: true, version: null }, 'unpublishing arrives as a tombstone')
  t.ok(received.some((e) => e.resource === 'quote'), 'its quote too')

  await until('the World subscription has its events', async () => eventsOf(world.received).some((e) => e.kind === 'unpublished'))
  const worldEvents = eventsOf(world.received)
  t.ok(worldEvents.every((e) => e.resource === 'article' && (e.section === 'World' || e.tombstone)), 'only World articles (a tombstone says no more than its id)')
  t.ok(worldEvents.every((e) => e.resourceId === id), 'and never the draft')
})

t.test('a bulk import is batched: every event once, in order, in full batches, not one call per change', async (t) => {
  const { app, writer, subscribe } = await setUp(t, { WEBHOOK_BATCH_SIZE: 50 })
  const receiver = await startReceiver(t)
  const { id } = await subscribe(receiver.url)
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({
    externalId: `wire-${i}`, title: `Story number ${i}`, status: 'published', section: i % 2 ? 'World' : 'Sport',
    quotes: [{ text: `Quote number ${i} said here.`, speaker: { name: `Speaker ${i % 7}` } }]
  })).join('\n') + '\n'
  const imported = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer }, payload: lines })
  t.match(imported.json(), { created: 300, failed: 0 })

  const expected = await publicCursors(app)
  t.ok(expected.length >= 600, `${expected.length} public events (articles, quotes, speakers)`)
  await until('every event arrives', async () => eventsOf(receiver.received).length >= expected.length, 30_000)
  const received = eventsOf(receiver.received)
  t.same(received.map((e) => e.position), expected, 'every event once, in commit order')
  t.ok(inOrder(received))
  const calls = receiver.received.length
  t.ok(calls <= Math.ceil(expected.length / 50) + 2, `${calls} calls for ${expected.length} events`)
  t.ok(receiver.received.every((r) => r.json.data.events.length <= 50), 'no batch over WEBHOOK_BATCH_SIZE')
  // The worker records a delivery after the receiver has answered, so the last row may lag the last call.
  const delivered = async (): Promise<number> => await app.db.webhookDelivery.count({ where: { subscriptionId: id, status: 'delivered' } })
  await until('the last delivery is recorded', async () => (await delivered()) >= calls)
  t.equal(await delivered(), calls, 'each call is one delivered delivery')
})

t.test('two instances fan out and deliver together: each event exactly once, in order', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const apps = []
  for (let i = 0; i < 2; i++) {
    const app = await buildApp({ config: { ...testConfig, ...WORKER, WEBHOOK_BATCH_SIZE: 3 }, databaseUrl: database.url })
    t.teardown(() => app.close())
    await app.ready()
    apps.push(app)
  }
  const [one, two] = apps as [typeof apps[0], typeof apps[0]]
  const admin = { authorization: `Bearer ${(await createApiKey(one.db, { name: 'admin', scopes: ['admin'] })).key}` }
  const writer = { authorization: `Bearer ${(await createApiKey(one.db, { name: 'writer', scopes: ['content:write', 'content:read-drafts'] })).key}` }
  const receiver = await startReceiver(t, (_request, response) => { setTimeout(() => response.end('ok'), Math.random() * 10) })
  await one.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: receiver.url } })

  // Writers on both instances at once, several of them on one story.
  const { id } = (await one.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Live blog', status: 'published' } })).json()
  await Promise.all([
    ...Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: `Topic ${i}` } })),
    (async () => { for (let i = 0; i < 5; i++) await two.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: writer, payload: { summary: `Update ${i}` } }) })()
  ])
  const { rows } = await one.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM change_events WHERE public_after OR public_before')
  await until('every event arrives', async () => eventsOf(receiver.received).length >= rows[0]!.n, 30_000)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const received = eventsOf(receiver.received)
  t.equal(received.length, rows[0]!.n, 'no event twice')
  t.equal(new Set(received.map((e) => e.position)).size, received.length)
  t.ok(inOrder(received), 'in commit order')
  const versions = received.filter((e) => e.resourceId === id).map((e) => e.version!)
  t.same(versions, [...versions].sort((a, b) => a - b), `the story's versions in order (${versions.join(', ')})`)
  t.equal(versions.at(-1), 6, 'up to its last edit')
})

t.test('a scheduled story fires its webhook at its time, once, with two instances running', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const apps = []
  for (let i = 0; i < 2; i++) {
    const app = await buildApp({ config: { ...testConfig, ...WORKER }, databaseUrl: database.url })
    t.teardown(() => app.close())
    await app.ready()
    apps.push(app)
  }
  const [one, two] = apps as [typeof apps[0], typeof apps[0]]
  const admin = { authorization: `Bearer ${(await createApiKey(one.db, { name: 'admin', scopes: ['admin'] })).key}` }
  const writer = { authorization: `Bearer ${(await createApiKey(two.db, { name: 'writer', scopes: ['content:write', 'content:read-drafts'] })).key}` }
  const receiver = await startReceiver(t)
  await one.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: receiver.url, kinds: ['published'] } })

  const goesLiveAt = Date.now() + 2_000
  const created = await two.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Embargoed results', status: 'scheduled', publishedAt: new Date(goesLiveAt).toISOString() } })
  t.equal(created.statusCode, 201)
  const [request] = await receiver.waitFor(1, 20_000)
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  t.ok(request!.at >= goesLiveAt, `not before its time (${request!.at - goesLiveAt} ms after)`)
  t.ok(request!.at < goesLiveAt + 5_000, 'and soon after it')
  const published = eventsOf(receiver.received).filter((e) => e.resourceId === created.json().id && e.kind === 'published')
  t.equal(published.length, 1, 'announced once')
  t.equal(receiver.received.length, 1, 'one call')
})

t.test('a topic filter delivers the topic\'s stories, and hears a story retagged out of it', async (t) => {
  const { app, writer, subscribe } = await setUp(t)
  const receiver = await startReceiver(t)
  await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Ports' } })
  await subscribe(receiver.url, { topics: ['ports'], resources: ['article'] })

  const tagged = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'New quay opens', status: 'published', topics: [{ slug: 'ports' }] } })).json()
  const untagged = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Derby tonight', status: 'published' } })).json()
  await until('the tagged story arrives', async () => eventsOf(receiver.received).some((e) => e.resourceId === tagged.id))

  // Retagged out of Ports by the API, then a raw link write (psql) takes a second story out.
  await app.inject({ method: 'PATCH', url: `/v1/articles/${tagged.id}`, headers: writer, payload: { topics: [{ name: 'Weather' }] } })
  const second = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Cranes arrive', status: 'published', topics: [{ slug: 'ports' }] } })).json()
  await app.pool.query("DELETE FROM article_topics WHERE article_id = $1", [second.id])
  // A last Ports story: once it arrives, everything before it has been fanned out.
  const last = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Ferry timetable', status: 'published', topics: [{ slug: 'ports' }] } })).json()
  await until('the last story arrives', async () => eventsOf(receiver.received).some((e) => e.resourceId === last.id))

  const received = eventsOf(receiver.received) as Array<Event & { topicIds: string[], changed: string[] }>
  t.notOk(received.some((e) => e.resourceId === untagged.id), 'a story never in Ports is not sent')
  const left = received.filter((e) => e.resourceId === tagged.id && e.kind === 'updated')
  t.equal(left.length, 1, 'the story retagged out of Ports is sent')
  t.same(left[0]!.changed, ['topics'])
  t.same(left[0]!.topicIds.length, 1, 'showing the topics it has now (not Ports), so the mirror can drop it')
  const raw = received.filter((e) => e.resourceId === second.id && e.kind === 'updated')
  t.equal(raw.length, 1, 'a link removed in SQL is heard too')
  t.same(raw[0]!.topicIds, [])
})

t.test('a section filter hears a story that moves out of the section', async (t) => {
  const { app, writer, subscribe } = await setUp(t)
  const receiver = await startReceiver(t)
  await subscribe(receiver.url, { sections: ['World'] })
  const story = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Summit ends', status: 'published', section: 'World' } })).json()
  const sport = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Cup final', status: 'published', section: 'Sport' } })).json()
  await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { section: 'Politics' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { title: 'Summit ends in deal' } })
  const last = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Aid pledged', status: 'published', section: 'World' } })).json()
  await until('the last World story arrives', async () => eventsOf(receiver.received).some((e) => e.resourceId === last.id))

  const received = eventsOf(receiver.received) as Array<Event & { changed: string[] }>
  t.notOk(received.some((e) => e.resourceId === sport.id), 'a Sport story is not sent')
  const moves = received.filter((e) => e.resourceId === story.id && e.kind === 'updated')
  t.equal(moves.length, 1, 'the move out of World is sent; the edit after it, in Politics, is not')
  t.match(moves[0], { section: 'Politics', changed: ['section'] }, 'showing where it went')
})

t.test('a paused subscription queues its deliveries and sends them, in order, on resume', async (t) => {
  const { app, admin, writer, subscribe } = await setUp(t)
  const receiver = await startReceiver(t)
  const { id } = await subscribe(receiver.url, { resources: ['article'] })
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/webhooks/${id}`, headers: admin, payload: { status: 'paused' } })).json().status, 'paused')

  const stories: string[] = []
  for (const title of ['Paused one', 'Paused two']) {
    stories.push((await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title, status: 'published' } })).json().id as string)
  }
  await until('the deliveries are queued', async () =>
    (await app.pool.query("SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending'", [id])).rowCount! >= 1)
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal(receiver.received.length, 0, 'nothing is sent while paused')

  t.equal((await app.inject({ method: 'PATCH', url: `/v1/webhooks/${id}`, headers: admin, payload: { status: 'active' } })).json().status, 'active')
  await until('the queued events arrive', async () => stories.every((story) => eventsOf(receiver.received).some((e) => e.resourceId === story)))
  const received = eventsOf(receiver.received)
  t.ok(inOrder(received), 'in commit order')
  t.same(received.filter((e) => e.kind === 'published').map((e) => e.resourceId), stories, 'both stories, once each')
})
