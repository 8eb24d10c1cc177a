import pg from 'pg'
import t from 'tap'
import { mayHaveScheduled, parseAnnouncement } from '../../../src/plugins/app/change-listener.js'
import { authHeaders, build } from '../../helpers/app.js'

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

// Commits are announced as "<seq>" or, when they hold at most 32 events, "<seq> <events>"
// (migration 022), so every instance's response cache applies a save without reading it back.
t.test('a save\'s announcement carries its events; a bulk import\'s only its seq, and both invalidate', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const listener = new pg.Client({ connectionString: app.pool.options.connectionString })
  await listener.connect()
  t.teardown(() => listener.end())
  const payloads: string[] = []
  listener.on('notification', (message) => { if (message.channel === 'newsdesk_changes') payloads.push(message.payload ?? '') })
  await listener.query('LISTEN newsdesk_changes')

  const story = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Harbour reopens', status: 'published', topics: [{ name: 'Harbour' }] } })).json()
  await settle()
  t.equal((await app.inject('/v1/articles?limit=5')).statusCode, 200)
  t.equal((await app.inject('/v1/articles?limit=5')).headers['x-cache'], 'HIT')
  payloads.length = 0

  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { title: 'Harbour reopens at dawn' } })).statusCode, 200)
  const list = await app.inject('/v1/articles?limit=5')
  t.notOk(list.headers['x-cache'], 'the list is made again after the save')
  t.equal(list.json().data[0].title, 'Harbour reopens at dawn')
  await settle()
  t.equal(payloads.length, 1, 'one announcement for the save')
  const announced = parseAnnouncement(payloads[0]!)
  t.ok(announced.seq > 0n)
  t.match(announced.events, [{ kind: 'updated', resource: 'article', resourceId: story.id, publicBefore: true, publicAfter: true, changed: ['title'] }])

  payloads.length = 0
  const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ title: `Ferry timetable ${i}`, status: 'published' })).join('\n')
  t.equal((await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload: lines })).statusCode, 200)
  const after = await app.inject('/v1/articles?limit=5')
  t.notOk(after.headers['x-cache'], 'the list is made again after the import')
  t.match(after.json().data[0].title, /^Ferry timetable/)
  await settle()
  t.ok(payloads.length >= 1)
  t.ok(payloads.every((payload) => /^\d+$/.test(payload) || parseAnnouncement(payload).events!.length <= 32), 'no announcement carries more than 32 events')
  t.ok(payloads.some((payload) => /^\d+$/.test(payload)), 'a large commit announces its seq alone')
})

t.test('announcements are read as a seq with or without events', async (t) => {
  t.same(parseAnnouncement('42'), { seq: 42n })
  t.same(parseAnnouncement('43 [{"kind":"updated"}]'), { seq: 43n, events: [{ kind: 'updated' }] })
  t.throws(() => parseAnnouncement('44 {"kind":"updated"}'))
  t.throws(() => parseAnnouncement('x'))
})

t.test('only a commit that may have scheduled a story re-arms the publication timers on every instance', async (t) => {
  const article = (kind: string, changed: string[]) => ({ resource: 'article', kind, changed })
  t.notOk(mayHaveScheduled([article('updated', ['summary', 'body'])]), 'an editor\'s text save')
  t.notOk(mayHaveScheduled([article('updated', ['topics']), { resource: 'quote', kind: 'created', changed: [] }]), 'a retag and a new quote')
  t.ok(mayHaveScheduled([article('updated', ['status'])]), 'a status change')
  t.ok(mayHaveScheduled([article('updated', ['publishedAt'])]), 'a new publication time')
  t.ok(mayHaveScheduled([article('created', [])]), 'a new story')
  t.ok(mayHaveScheduled(undefined), 'a commit announced without its events')
})
