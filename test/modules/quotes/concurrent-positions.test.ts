import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Several editors add quotes to one story at once: each quote gets its own place in the
// article, none shares a position with another.
t.test('20 concurrent quote adds to one article get distinct positions', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 10 })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const article = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Summit live', quotes: [{ text: 'Opening words.', speaker: { name: 'Chair' } }] } })
  t.equal(article.statusCode, 201)
  const adds = await Promise.all(Array.from({ length: 20 }, (_, i) => app.inject({
    method: 'POST', url: '/v1/quotes', headers: writer,
    payload: { article: 'summit-live', text: `Remark number ${i}.`, speaker: { slug: 'chair' } }
  })))
  t.same(adds.map((res) => res.statusCode), Array(20).fill(201))
  const positions = adds.map((res) => res.json().position as number).sort((a, b) => a - b)
  t.same(positions, Array.from({ length: 20 }, (_, i) => i + 1), 'positions 1..20 after the first quote, each once')
})
