import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// One huge NDJSON line used to be read whole (memory grew with it; past ~512 MB a RangeError
// killed the process). A line longer than NDJSON_MAX_LINE_BYTES is now skipped as it streams
// and reported as a 413 for that line; the lines after it are imported.

t.test('a 5 MB line between good lines is a 413 line; its neighbours land', async (t) => {
  const app = await build(t, { NDJSON_MAX_LINE_BYTES: 64 * 1024 })
  const writer = await authHeaders(app, 'content:write')
  const huge = JSON.stringify({ title: 'Huge', body: ['x'.repeat(5 * 1024 * 1024)] })
  const payload = [
    JSON.stringify({ title: 'Before the huge line', status: 'published' }),
    huge,
    JSON.stringify({ title: 'After the huge line', status: 'published' }),
    JSON.stringify({ title: 'Just under the cap', body: ['y'.repeat(60 * 1024)], status: 'published' })
  ].join('\n') + '\n'
  const res = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload })
  t.equal(res.statusCode, 200)
  const summary = res.json()
  t.match(summary, { lines: 4, created: 3, failed: 1 })
  t.match(summary.errors, [{ line: 2, status: 413, title: 'Content Too Large', detail: new RegExp(`${Buffer.byteLength(huge)} bytes, longer than NDJSON_MAX_LINE_BYTES`) }])
  for (const slug of ['before-the-huge-line', 'after-the-huge-line', 'just-under-the-cap']) {
    t.equal((await app.inject({ url: `/v1/articles/${slug}` })).statusCode, 200, slug)
  }
  t.equal(await app.db.article.count(), 3)
})
