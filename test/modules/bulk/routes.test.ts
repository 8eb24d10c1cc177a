import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { authHeaders, build } from '../../helpers/app.js'

const NDJSON = { 'content-type': 'application/x-ndjson' }
const stoltenberg = { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }

const goodLines = [
  { externalId: 'wire-1', title: 'Allies meet in Brussels', status: 'published', publishedAt: '2024-02-01T10:00:00.000Z', section: 'Latest News',
    body: ['NATO ministers met.'], topics: [{ name: 'NATO' }, { name: 'Islamic State', aliases: ['Daesh', 'ISIS'] }],
    quotes: [{ text: 'Our mission was not in vain.', speaker: stoltenberg, topics: [{ slug: 'nato' }] }, { text: 'We will stay vigilant.', speaker: { slug: 'jens-stoltenberg' } }] },
  { slug: 'kabul-airport-reopens', title: 'Kabul airport reopens', status: 'draft', topics: [{ slug: 'nato' }] },
  { title: 'Quiet day in Vienna', status: 'published', publishedAt: '2024-02-03T10:00:00.000Z' }
]

function ndjson (lines: unknown[]): string {
  return lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n'
}

async function exportAll (app: FastifyInstance, headers: Record<string, string>): Promise<string> {
  const res = await app.inject({ url: '/v1/export', headers })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/x-ndjson/)
  return res.body
}

async function counts (app: FastifyInstance) {
  const [articles, quotes, topics, speakers] = await Promise.all([app.db.article.count(), app.db.quote.count(), app.db.topic.count(), app.db.speaker.count()])
  return { articles, quotes, topics, speakers }
}

t.test('bulk import: good lines land, bad lines are reported by number, re-imports change nothing', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const body = ndjson([
    goodLines[0],
    '{"title": "broken json"',
    goodLines[1],
    { status: 'published' },
    '',
    { title: 'Refers to nobody', quotes: [{ text: 'Hello there friends.', speaker: { slug: 'nobody-at-all' } }] },
    goodLines[2]
  ])
  const res = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer }, payload: body })
  t.equal(res.statusCode, 200)
  const summary = res.json()
  t.match(summary, { lines: 6, created: 3, updated: 0, unchanged: 0, failed: 3 })
  t.same(summary.errors.map((e: { line: number, status: number }) => [e.line, e.status]), [[2, 400], [4, 400], [6, 422]])
  t.match(summary.errors[1].detail, /title/)
  t.same(await counts(app), { articles: 3, quotes: 2, topics: 2, speakers: 1 })

  const story = (await app.inject({ url: '/v1/articles/allies-meet-in-brussels' })).json()
  t.match(story, { externalId: 'wire-1', section: 'Latest News', publishedAt: '2024-02-01T10:00:00.000Z', version: 1 })

  const again = (await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer }, payload: ndjson(goodLines) })).json()
  t.match(again, { lines: 3, created: 0, updated: 0, unchanged: 3, failed: 0 }, 'idempotent')
  t.same(await counts(app), { articles: 3, quotes: 2, topics: 2, speakers: 1 })

  const edited = [{ ...goodLines[0], title: 'Allies meet again in Brussels', quotes: [] }]
  const update = (await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer }, payload: ndjson(edited) })).json()
  t.match(update, { created: 0, updated: 1 }, 'upsert by external id')
  const updated = (await app.inject({ url: '/v1/articles/allies-meet-in-brussels' })).json()
  t.match(updated, { title: 'Allies meet again in Brussels', version: 2 }, 'the slug stays, the version moves')
  t.equal(await app.db.quote.count(), 0, 'its quotes were replaced by the new (empty) list')
})

t.test('export then import into an empty database reproduces the content', async (t) => {
  const source = await build(t)
  const writer = await authHeaders(source, 'content:write', 'content:read-drafts')
  const seeded = (await source.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer }, payload: ndjson(goodLines) })).json()
  t.equal(seeded.created, 3)
  const exported = await exportAll(source, writer)
  t.equal(exported.trim().split('\n').length, 3)

  const target = await build(t)
  const targetKey = await authHeaders(target, 'content:write', 'content:read-drafts')
  const imported = (await target.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...targetKey }, payload: exported })).json()
  t.match(imported, { created: 3, failed: 0 })
  const sortLines = (text: string) => text.trim().split('\n').sort()
  t.same(sortLines(await exportAll(target, targetKey)), sortLines(exported), 'the same lines')
  t.same(await counts(target), await counts(source))
})

t.test('bulk routes need the right key and the right content type', async (t) => {
  const app = await build(t)
  t.equal((await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: NDJSON, payload: ndjson(goodLines) })).statusCode, 401)
  const reader = await authHeaders(app, 'content:read-drafts')
  t.equal((await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...reader }, payload: ndjson(goodLines) })).statusCode, 403)
  t.equal((await app.inject({ url: '/v1/export' })).statusCode, 401)
  const writer = await authHeaders(app, 'content:write')
  t.equal((await app.inject({ url: '/v1/export', headers: writer })).statusCode, 403, 'export holds drafts: it needs content:read-drafts, which content:write does not include')
  const json = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: writer, payload: goodLines[0] })
  t.equal(json.statusCode, 415)
  t.equal(json.headers['content-type'], 'application/problem+json; charset=utf-8')
  const large = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: writer, payload: goodLines.map((line) => ({ ...line, summary: 'x'.repeat(600_000) })) })
  t.equal(large.statusCode, 415, 'a JSON upload above the body limit is told to send NDJSON, not that it is too large')
  t.match(large.json().detail, 'application/x-ndjson')
  t.equal(await app.db.article.count(), 0, 'nothing written')
})
