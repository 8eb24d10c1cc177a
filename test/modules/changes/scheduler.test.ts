import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { testConfig } from '../../helpers/app.js'
import { createTestDatabase } from '../../helpers/database.js'

// A scheduled story goes live at its time: its `published` event is written then, once,
// by whichever of the running instances claims it first.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('two instances: each scheduled story is announced once, at its time', async (t) => {
  const database = await createTestDatabase()
  const apps = await Promise.all([1, 2].map(() => buildApp({ config: testConfig, databaseUrl: database.url })))
  t.teardown(async () => {
    for (const app of apps) await app.close()
    await database.drop()
  })
  await Promise.all(apps.map((app) => app.ready()))
  const [first, second] = apps as [typeof apps[0], typeof apps[0]]

  // Scheduled far ahead, then all brought forward at once (writes are slow on a loaded machine).
  const later = new Date(Date.now() + 3_600_000).toISOString()
  const stories = []
  for (let i = 0; i < 12; i++) {
    stories.push(await saveArticleGraph(first.db, {
      title: `Embargoed ${i}`, status: i % 2 === 0 ? 'scheduled' : 'published', publishedAt: later,
      quotes: [{ text: `Words under embargo ${i}`, speaker: { name: 'Press Officer' } }]
    }))
  }
  const moved = await saveArticleGraph(first.db, { title: 'Moved up', status: 'scheduled', publishedAt: later })
  const pulled = await saveArticleGraph(first.db, { title: 'Pulled', status: 'scheduled', publishedAt: later })
  const due = new Date(Date.now() + 2000)
  await first.pool.query('UPDATE articles SET published_at = $1, version = version + 1 WHERE id = ANY ($2::uuid[])', [due, stories.map((story) => story.id)])
  await first.pool.query('UPDATE articles SET published_at = $1, version = version + 1 WHERE id = $2', [new Date(due.getTime() - 1000), moved.id])
  await first.pool.query("UPDATE articles SET published_at = $1, status = 'draft', version = version + 1 WHERE id = $2", [due, pulled.id])

  const publicFeed = async () => (await second.inject({ url: '/v1/changes?limit=1000' })).json().data as { kind: string, resource: string, resourceId: string, occurredAt: string }[]
  // Checked only while the earliest time ("Moved up", a second before the rest) is well ahead.
  const wellBeforeFirst = (): boolean => Date.now() < due.getTime() - 1000 - 700
  if (wellBeforeFirst()) t.equal((await publicFeed()).length, 0, 'nothing is public before its time')
  if (wellBeforeFirst()) t.equal((await second.inject({ url: '/v1/articles' })).json().data.length, 0)

  const announcements = async () => (await first.pool.query<{ resource_id: string, actor: string, occurred_at: Date }>(
    "SELECT e.resource_id, e.actor, c.committed_at AS occurred_at FROM change_events e JOIN change_commits c USING (txid) WHERE e.kind = 'published' AND e.resource = 'article'")).rows
  // Wait for them (a loaded machine may be slow), then a little longer: a second announcement would show.
  for (const deadline = due.getTime() + 20_000; (await announcements()).length < 13 && Date.now() < deadline;) await sleep(100)
  await sleep(500)
  const rows = await announcements()
  const announced = rows.map((row) => row.resource_id).sort()
  t.same(announced, [...stories.map((story) => story.id), moved.id].sort(), 'every due story announced exactly once, the pulled one never')
  t.ok(rows.every((row) => row.actor === 'scheduler'), 'by the scheduler')
  const late = rows.filter((row) => row.resource_id !== moved.id).map((row) => row.occurred_at.getTime() - due.getTime())
  t.ok(late.every((ms) => ms >= -5), `not before their time (late by ${Math.min(...late)}–${Math.max(...late)} ms)`)

  const feed = await publicFeed()
  t.equal(feed.filter((event) => event.kind === 'published' && event.resource === 'article').length, 13, 'the public feed shows each once')
  t.equal(feed.filter((event) => event.kind === 'published' && event.resource === 'quote').length, 12, 'with their quotes')
  t.equal(feed.filter((event) => event.kind === 'published' && event.resource === 'speaker').length, 1, 'and the speaker only they quote')
  t.equal((await second.inject({ url: '/v1/articles?limit=100' })).json().data.length, 13)
})
