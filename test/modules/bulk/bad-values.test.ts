import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// A line's status is "the HTTP status this line alone would have had": a value Postgres cannot
// store (a NUL character) is the 400 POST /v1/articles gives, with its text, not a 422 carrying
// Postgres's own message ("unsupported Unicode escape sequence"). Found by attack13.
t.test('a NUL in a bulk line: the 400 and text of the single save; the other lines land', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const bad = { title: 'Nul \u0000 inside', externalId: 'wire-nul' }
  const single = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: bad })
  t.equal(single.statusCode, 400)
  const payload = [JSON.stringify({ title: 'Fine line', externalId: 'wire-fine' }), JSON.stringify(bad)].join('\n') + '\n'
  const res = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { lines: 2, created: 1, failed: 1 })
  t.same(res.json().errors, [{ line: 2, status: single.statusCode, title: 'Bad Request', detail: single.json().detail }])
  t.equal(await app.db.article.count(), 1, 'nothing of the bad line written')
})

// A story body of distinct words under the body limit can still be more than Postgres indexes
// for search (a tsvector holds at most 1 MB; SQLSTATE 54000): a 500 before, and a bulk line with
// it failed the whole upload. Now the caller's 400, as for any value that cannot be stored.
t.test('a body with more distinct words than search can index: a 400, for the single save and the bulk line alike', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const words: string[] = []
  for (let n = 0, length = 0; length < 900_000; n++) {
    const word = `w${n.toString(36).padStart(6, 'q')}`
    words.push(word)
    length += word.length + 1
  }
  const body = Array.from({ length: Math.ceil(words.length / 2000) }, (_, i) => words.slice(i * 2000, (i + 1) * 2000).join(' '))
  const bad = { title: 'Every word once', externalId: 'wire-words', status: 'published', body }
  const single = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: bad })
  t.equal(single.statusCode, 400, single.body.slice(0, 300))
  t.match(single.headers['content-type'], /^application\/problem\+json/)
  const story = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Short story', status: 'published' } })
  const patched = await app.inject({ method: 'PATCH', url: `/v1/articles/${story.json().id}`, headers: writer, payload: { body } })
  t.equal(patched.statusCode, 400, `the plain save too: ${patched.body.slice(0, 300)}`)

  const payload = [JSON.stringify({ title: 'Fine line', externalId: 'wire-fine' }), JSON.stringify(bad)].join('\n') + '\n'
  const res = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.match(res.json(), { lines: 2, created: 1, failed: 1 })
  t.same(res.json().errors, [{ line: 2, status: 400, title: 'Bad Request', detail: single.json().detail }])
  t.equal(await app.db.article.count(), 2, 'the short story and the fine line only')
})
