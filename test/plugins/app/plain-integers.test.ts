import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Ajv coerces any string JavaScript reads as a number: `0x10`, `1e1`, ` 5`, `5.0`. The OpenAPI
// document says integer, so a query or path integer is plain decimal digits (a leading minus
// allowed, then held to the minimum); anything else is a 400 problem.

t.test('integer query and path values must be plain decimal digits', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Counting stories' } })
  t.equal(created.statusCode, 201)

  const bad = ['0x10', '1e1', '%205', '5%20', '5.0', '+5', '0b11', '1_0', '٣']
  for (const list of ['/v1/articles', '/v1/topics', '/v1/speakers']) {
    t.equal((await app.inject({ url: `${list}?limit=5`, headers: writer })).statusCode, 200, `${list}?limit=5`)
    t.equal((await app.inject({ url: `${list}?limit=007`, headers: writer })).statusCode, 200, `${list}?limit=007`)
    for (const value of bad) {
      const res = await app.inject({ url: `${list}?limit=${value}`, headers: writer })
      t.equal(res.statusCode, 400, `${list}?limit=${value}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json().detail, /limit/)
    }
    t.equal((await app.inject({ url: `${list}?limit=-5`, headers: writer })).statusCode, 400, 'below the minimum')
  }

  const revisions = '/v1/articles/counting-stories/revisions'
  t.equal((await app.inject({ url: `${revisions}/1`, headers: writer })).statusCode, 200)
  for (const value of ['1e0', '0x1', '1.0', '%201']) {
    const res = await app.inject({ url: `${revisions}/${value}`, headers: writer })
    t.equal(res.statusCode, 400, `revision ${value}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
})
