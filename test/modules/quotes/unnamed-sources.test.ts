import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// A quote may come from an unnamed source: no speaker, a description and the organisation
// they speak for. Every read and write path carries it, and public lists keep working.

const STORY = {
  title: 'Airline grounds its fleet',
  status: 'published',
  publishedAt: '2025-06-02T06:10:00.000Z',
  body: ['Skylark Air grounded its fleet on Monday.'],
  quotes: [
    { text: 'Safety is our first priority.', speaker: { name: 'Skylark Air', kind: 'organization' } },
    { text: 'We expect to resume flights on Tuesday.', speaker: null, speakerDescription: 'a spokesperson for the airline', speakerOrganization: 'Skylark Air' },
    { text: 'When one system fails, everything stops.', speaker: { name: 'Jonas Berg', role: 'aviation analyst', organization: 'Fairline Consulting' } }
  ]
}

async function createStory (app: FastifyInstance, headers: Record<string, string>) {
  const res = await app.inject({ method: 'POST', url: '/v1/articles', headers, payload: STORY })
  t.equal(res.statusCode, 201)
  return res.json()
}

t.test('stored and read back everywhere: article, quote lists, one quote, speaker, search', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const article = await createStory(app, writer)

  const withQuotes = (await app.inject({ url: `/v1/articles/${article.slug}?include=quotes` })).json()
  t.same(withQuotes.quotes.map((quote: Record<string, unknown>) => [quote.speaker === null ? null : (quote.speaker as { slug: string }).slug, quote.speakerDescription, quote.speakerOrganization]), [
    ['skylark-air', null, null],
    [null, 'a spokesperson for the airline', 'Skylark Air'],
    ['jonas-berg', null, 'Fairline Consulting']
  ])
  t.equal(withQuotes.quotes[2].speakerRole, 'aviation analyst', 'the role at the time is recorded')
  t.equal(withQuotes.quotes[0].speaker.kind, 'organization')

  for (const url of ['/v1/quotes', '/v1/quotes?include=speaker,article,topics', `/v1/articles/${article.slug}/quotes?include=speaker`,
    '/v1/quotes?sort=-createdAt&count=true', '/v1/quotes/random?include=speaker', '/v1/quotes/today?include=speaker',
    '/v1/speakers?include=counts,roles', '/v1/articles?include=quotes', `/v1/articles?include=quotes&section=nothing`]) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
  }
  const list = (await app.inject({ url: '/v1/quotes?include=speaker&sort=createdAt' })).json()
  const unnamed = list.data.find((quote: { speakerId: string | null }) => quote.speakerId === null)
  t.match(unnamed, { speaker: null, speakerDescription: 'a spokesperson for the airline', speakerOrganization: 'Skylark Air', speakerRole: null })
  t.match((await app.inject({ url: `/v1/quotes/${unnamed.id}?include=speaker` })).json(), { speaker: null, speakerId: null })

  const hits = (await app.inject({ url: '/v1/search?q=resume+flights&type=quotes' })).json()
  t.match(hits.data[0], { type: 'quote', speaker: null, speakerDescription: 'a spokesperson for the airline' })
  t.equal((await app.inject({ url: '/v1/speakers/skylark-air?include=counts' })).json().quoteCount, 1)
})

t.test('POST and PATCH /v1/quotes: unnamed, then named (their role then recorded), then unnamed again', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const article = await createStory(app, writer)

  const created = await app.inject({
    method: 'POST', url: '/v1/quotes', headers: writer,
    payload: { text: 'Passengers will be rebooked free of charge.', speaker: null, speakerDescription: 'airline officials', article: article.slug }
  })
  t.equal(created.statusCode, 201)
  const quote = created.json()
  t.match(quote, { speakerId: null, speakerDescription: 'airline officials', speakerOrganization: null, position: 3 })

  const named = await app.inject({ method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: writer, payload: { speaker: { slug: 'jonas-berg' } } })
  t.equal(named.statusCode, 200)
  t.match(named.json(), { speakerRole: 'aviation analyst', speakerOrganization: 'Fairline Consulting', speakerDescription: null })
  t.ok(named.json().speakerId)

  const back = await app.inject({
    method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: writer, payload: { speaker: null, speakerDescription: 'a source close to the board' }
  })
  t.match(back.json(), { speakerId: null, speakerRole: null, speakerOrganization: null, speakerDescription: 'a source close to the board', version: 3 })

  const retitled = await app.inject({ method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: writer, payload: { speakerOrganization: 'Skylark Air' } })
  t.match(retitled.json(), { speakerId: null, speakerOrganization: 'Skylark Air', speakerDescription: 'a source close to the board' })

  const bad = await app.inject({ method: 'POST', url: '/v1/quotes', headers: writer, payload: { text: 'No speaker field at all.', article: article.slug } })
  t.equal(bad.statusCode, 400, 'the speaker must be given, null or not')
})

t.test('NDJSON export then import into an empty database keeps unnamed sources, roles then and kinds', async (t) => {
  const source = await build(t)
  const sourceKey = await authHeaders(source, 'content:write', 'content:read-drafts')
  await createStory(source, sourceKey)
  const exported = (await source.inject({ url: '/v1/export', headers: sourceKey })).body
  const line = JSON.parse(exported.trim())
  t.match(line.quotes[1], { speaker: null, speakerDescription: 'a spokesperson for the airline', speakerOrganization: 'Skylark Air' })
  t.match(line.quotes[0].speaker, { slug: 'skylark-air', kind: 'organization' })

  const target = await build(t)
  const targetKey = await authHeaders(target, 'content:write', 'content:read-drafts')
  const ndjson = { 'content-type': 'application/x-ndjson' }
  const imported = (await target.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...ndjson, ...targetKey }, payload: exported })).json()
  t.match(imported, { created: 1, failed: 0 })
  t.equal((await target.inject({ url: '/v1/export', headers: targetKey })).body, exported, 'the same line')
  const again = (await target.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...ndjson, ...targetKey }, payload: exported })).json()
  t.match(again, { unchanged: 1, updated: 0 }, 'a re-import changes nothing')
})
