import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

const NDJSON = { 'content-type': 'application/x-ndjson' }
const ndjson = (lines: unknown[]): string => lines.map((line) => JSON.stringify(line)).join('\n') + '\n'

// A renamed story keeps its old slug as a redirect. A bulk line must not take that slug:
// the old URL would then serve another story. Bulk follows the same slug history as POST.
t.test('bulk import refuses a retired slug of another article and keeps slug history on rename', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Old headline', status: 'published' } })
  t.equal(created.statusCode, 201)
  const renamed = await app.inject({ method: 'PATCH', url: '/v1/articles/old-headline', headers: writer, payload: { slug: 'new-headline' } })
  t.equal(renamed.statusCode, 200)

  const res = await app.inject({
    method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer },
    payload: ndjson([{ slug: 'old-headline', title: 'A different story', status: 'published' }, { title: 'Old headline', status: 'published' }])
  })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { lines: 2, created: 0, failed: 2 })
  t.same(res.json().errors.map((e: { line: number, status: number }) => [e.line, e.status]), [[1, 409], [2, 409]])
  t.match(res.json().errors[0].detail, /old-headline/)
  const old = await app.inject({ url: '/v1/articles/old-headline' })
  t.equal(old.statusCode, 301, 'the old URL still leads to the renamed story')
  t.equal(old.headers.location, '/v1/articles/new-headline')

  const wire = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Wire story', externalId: 'wire-9', status: 'published' } })
  t.equal(wire.statusCode, 201)
  const moved = await app.inject({
    method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer },
    payload: ndjson([{ externalId: 'wire-9', slug: 'wire-story-updated', title: 'Wire story', status: 'published' }])
  })
  t.match(moved.json(), { updated: 1, failed: 0 })
  const oldWire = await app.inject({ url: '/v1/articles/wire-story' })
  t.equal(oldWire.statusCode, 301, 'a slug changed by bulk keeps the old one as a redirect, as PATCH does')
  t.equal(oldWire.headers.location, '/v1/articles/wire-story-updated')
  const takeBack = await app.inject({
    method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer },
    payload: ndjson([{ externalId: 'wire-9', slug: 'wire-story', title: 'Wire story', status: 'published' }])
  })
  t.match(takeBack.json(), { updated: 1, failed: 0 }, 'an article may take back its own old slug')
  t.equal((await app.inject({ url: '/v1/articles/wire-story' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/articles/wire-story-updated' })).headers.location, '/v1/articles/wire-story')
})

t.test('an empty bulk upload is a 400 problem, nothing written', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  for (const payload of ['', '\n\n  \n']) {
    const res = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer }, payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json().detail, /no article lines/i)
  }
})

t.test('export honours ?status= and refuses unknown statuses naming the allowed ones', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  for (const [title, status] of [['Draft one', 'draft'], ['Live one', 'published'], ['Old one', 'archived']]) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title, status } })).statusCode, 201)
  }
  const titles = async (query: string): Promise<string[]> => {
    const res = await app.inject({ url: `/v1/export${query}`, headers: writer })
    t.equal(res.statusCode, 200)
    return res.body.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line).title).sort()
  }
  t.same(await titles(''), ['Draft one', 'Live one', 'Old one'])
  t.same(await titles('?status=published'), ['Live one'])
  t.same(await titles('?status=draft,archived'), ['Draft one', 'Old one'])
  const bad = await app.inject({ url: '/v1/export?status=live', headers: writer })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().detail, /draft.*scheduled.*published.*archived/)
})
