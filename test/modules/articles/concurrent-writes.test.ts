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
