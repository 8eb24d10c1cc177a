import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// An import with no body at all (no Content-Type, so Fastify validated nothing) reached the
// importer as `undefined` and was a 500. It is the caller's mistake: a 400 problem, nothing written.

t.test('POST /v1/imports without a body is a 400 problem, dry run or not', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write')
  for (const url of ['/v1/imports', '/v1/imports?dryRun=true']) {
    const res = await app.inject({ method: 'POST', url, headers })
    t.equal(res.statusCode, 400, `${url}: ${res.body}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json().detail, /body/)
  }
  const list = await app.inject({ url: '/v1/articles?status=draft', headers: await authHeaders(app, 'content:read-drafts') })
  t.same(list.json().data, [], 'nothing was written')
})
