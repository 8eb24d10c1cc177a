import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Editors save at the same moment stories that name the same new topic and speaker: every
// save succeeds and they share one topic and one speaker.
t.test('concurrent saves naming the same new topic and speaker all succeed', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 10 })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const saves = await Promise.all(Array.from({ length: 8 }, (_, i) => app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: `Storm update ${i}`, status: 'published', topics: [{ name: 'Storm Ciaran' }], quotes: [{ text: `Stay indoors ${i}`, speaker: { name: 'Met Office', kind: 'organization' } }] }
  })))
  t.same(saves.map((res) => res.statusCode), Array(8).fill(201), 'no save fails on the shared new names')
  t.equal(await app.db.topic.count({ where: { slug: 'storm-ciaran' } }), 1)
  t.equal(await app.db.speaker.count({ where: { slug: 'met-office' } }), 1)
  t.equal(await app.db.quote.count({ where: { speaker: { slug: 'met-office' } } }), 8)
})

// Fifty editors file a story with the same headline at once: nobody is refused, each gets
// the next free slug.
for (const resource of ['articles', 'topics', 'speakers'] as const) {
  t.test(`50 concurrent creates of ${resource} with one title all succeed with distinct slugs`, async (t) => {
    // The default writers' pool (DATABASE_WRITE_POOL_SIZE, 3 connections): content commits are
    // serialized (change feed order, migration 005), so on a busy machine the last of 50 waits
    // long for a connection. A queue of writes is not overload (issue #15): each waits its turn
    // (WRITE_QUEUE_TIMEOUT_MS) and none is refused; test/plugins/external/write-queue.test.ts
    // shows a full write queue still shedding.
    const app = await build(t)
    const writer = await authHeaders(app, 'content:write')
    const payload = resource === 'articles' ? { title: 'Breaking: storm hits coast' } : { name: 'Breaking: storm hits coast' }
    const saves = await Promise.all(Array.from({ length: 50 }, () => app.inject({ method: 'POST', url: `/v1/${resource}`, headers: writer, payload })))
    t.same(saves.map((res) => res.statusCode), Array(50).fill(201), 'every create answers 201', { bodies: saves.filter((res) => res.statusCode !== 201).slice(0, 2).map((res) => res.body) })
    const slugs = saves.map((res) => res.json().slug as string)
    const expected = ['breaking-storm-hits-coast', ...Array.from({ length: 49 }, (_, i) => `breaking-storm-hits-coast-${i + 2}`)]
    t.same([...slugs].sort(), [...expected].sort(), 'slug, slug-2 ... slug-50')
  })
}
