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
