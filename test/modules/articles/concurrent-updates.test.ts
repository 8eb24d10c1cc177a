import t from 'tap'
import { WRITE_ATTEMPTS } from '../../../src/lib/http-cache.js'
import { authHeaders, build } from '../../helpers/app.js'

// Writers who send no If-Match ask for no particular version: one that loses a race to another
// writer is applied to the newest version (src/lib/http-cache.ts versionedWrite), never a 412,
// a precondition the client did not send. WRITE_ATTEMPTS writers at once must all land.
const WRITERS = WRITE_ATTEMPTS

t.test('concurrent updates without If-Match all land, each on the newest version', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 10, DATABASE_WRITE_POOL_SIZE: WRITERS })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const story = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Harbour wall repairs', topics: [{ name: 'Harbour' }], quotes: [{ text: 'We start Monday', speaker: { name: 'Port Authority', kind: 'organization' } }] } })).json()
  const quoteId = (await app.inject({ url: `/v1/articles/${story.id}?include=quotes`, headers: writer })).json().quotes[0].id
  const topic = (await app.inject({ url: '/v1/topics/harbour', headers: writer })).json()
  // Article (the several-statement save: a status change), quote and topic updates: each a race of WRITERS.
  const cases = [
    { url: `/v1/articles/${story.id}`, payload: (i: number) => ({ byline: `Desk ${i}`, status: 'draft' }), start: story.version },
    { url: `/v1/quotes/${quoteId}`, payload: (i: number) => ({ context: `Said at meeting ${i}` }), start: 1 },
    { url: `/v1/topics/${topic.id}`, payload: (i: number) => ({ description: `Harbour news ${i}` }), start: topic.version }
  ]
  for (const { url, payload, start } of cases) {
    const saves = await Promise.all(Array.from({ length: WRITERS }, (_, i) => app.inject({ method: 'PATCH', url, headers: writer, payload: payload(i) })))
    t.same(saves.map((res) => res.statusCode), Array(WRITERS).fill(200), `${url}: every writer lands`, { bodies: saves.filter((res) => res.statusCode !== 200).map((res) => res.body) })
    t.same(new Set(saves.map((res) => res.headers.etag)).size, WRITERS, 'each at a version of its own')
    t.equal((await app.inject({ url, headers: writer })).json().version, start + WRITERS, 'no write lost')
  }
})

t.test('with If-Match, the writers of one version race: one lands, the rest get 412; a delete without it deletes', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 10, DATABASE_WRITE_POOL_SIZE: WRITERS })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Ferries' } })
  const url = `/v1/topics/${created.json().id}`
  const saves = await Promise.all(Array.from({ length: WRITERS }, (_, i) => app.inject({
    method: 'PATCH', url, headers: { ...writer, 'if-match': created.headers.etag as string }, payload: { description: `Ferry times ${i}` }
  })))
  t.same(saves.map((res) => res.statusCode).sort(), [200, ...Array(WRITERS - 1).fill(412)])
  for (const res of saves.filter((res) => res.statusCode === 412)) t.match(res.json().detail, /current ETag/)
  // A delete racing edits, none with a precondition: the delete removes the newest version.
  const racing = await Promise.all([
    app.inject({ method: 'DELETE', url, headers: writer }),
    ...Array.from({ length: WRITERS - 1 }, (_, i) => app.inject({ method: 'PATCH', url, headers: writer, payload: { description: `Late ${i}` } }))
  ])
  t.equal(racing[0]!.statusCode, 204)
  for (const res of racing.slice(1)) t.ok([200, 404].includes(res.statusCode), `an edit lands before the delete or finds it gone (${res.statusCode})`)
  t.equal((await app.inject({ url, headers: writer })).statusCode, 404)
})
