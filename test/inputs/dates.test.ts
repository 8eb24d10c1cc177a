import t from 'tap'
import { isDateTime, parseDateTime } from '../../src/lib/date-time.js'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../helpers/app.js'

// Every date-time a caller sends goes through one validator (src/lib/date-time.ts): it
// parses, or the caller gets a 400 problem naming the field. A leap second (RFC 3339 allows
// `23:59:60`) used to pass the schema and reach `new Date()` as an Invalid Date: a 500.

const LEAP = '2016-12-31T23:59:60Z'

t.test('the validator: RFC 3339 dates that JavaScript and Postgres can hold exactly', async (t) => {
  for (const good of ['2024-05-02T09:30:00Z', '2024-05-02t09:30:00.123456z', '2016-12-31T23:59:59.999+01:00', '2024-02-29T00:00:00-05:30', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
    t.ok(isDateTime(good), good)
  }
  t.equal(parseDateTime('2016-12-31T23:59:59.999+01:00')?.toISOString(), '2016-12-31T22:59:59.999Z')
  for (const bad of [LEAP, '2016-12-31T22:59:60-01:00', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '0000-01-01T00:00:00Z',
    '2024-05-02T24:00:00Z', '2024-05-02T09:60:00Z', '2024-05-02T09:30:00+24:00', '2024-05-02T09:30:00', '2024-05-02 09:30:00Z', '2024-05-02T09:30:00Z[Europe/Paris]', '', 'now']) {
    t.notOk(isDateTime(bad), bad)
  }
})

t.test('a leap second or impossible date is a 400 naming the field on every route that takes a date', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const story = await saveArticleGraph(app.db, {
    title: 'Allies meet', status: 'published', publishedAt: '2024-05-02T09:30:00Z', topics: [{ name: 'NATO' }],
    quotes: [{ text: 'We will not look away.', speaker: { name: 'Maria Lopez' } }]
  })
  const quoteId = (await app.db.quote.findFirstOrThrow()).id
  const before = (await app.inject({ url: `/v1/articles/${story.id}`, headers: writer })).json()

  for (const bad of [LEAP, '2023-02-29T00:00:00Z']) {
    const q = encodeURIComponent(bad)
    const requests: { method?: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, field: string }[] = [
      { url: `/v1/articles?publishedAfter=${q}`, field: 'query/publishedAfter' },
      { url: `/v1/articles?publishedBefore=${q}`, field: 'query/publishedBefore' },
      { url: `/v1/topics/nato/articles?publishedAfter=${q}`, field: 'query/publishedAfter' },
      { url: `/v1/quotes?saidAfter=${q}`, field: 'query/saidAfter' },
      { url: `/v1/quotes?saidBefore=${q}`, field: 'query/saidBefore' },
      { url: `/v1/quotes/random?saidAfter=${q}`, field: 'query/saidAfter' },
      { url: `/v1/articles/${story.slug}/quotes?saidBefore=${q}`, field: 'query/saidBefore' },
      { url: `/v1/topics/nato/quotes?saidAfter=${q}`, field: 'query/saidAfter' },
      { url: `/v1/speakers/maria-lopez/quotes?saidAfter=${q}`, field: 'query/saidAfter' },
      { method: 'POST', url: '/v1/articles', payload: { title: 'Leap', status: 'published', publishedAt: bad }, field: 'body/publishedAt' },
      { method: 'POST', url: '/v1/articles', payload: { title: 'Leap', quotes: [{ text: 'Hi.', speaker: null, saidAt: bad }] }, field: 'body/quotes/0/saidAt' },
      { method: 'PATCH', url: `/v1/articles/${story.id}`, payload: { publishedAt: bad }, field: 'body/publishedAt' },
      { method: 'POST', url: '/v1/quotes', payload: { article: story.id, text: 'Hi.', speaker: null, saidAt: bad }, field: 'body/saidAt' },
      { method: 'PATCH', url: `/v1/quotes/${quoteId}`, payload: { saidAt: bad }, field: 'body/saidAt' },
      { method: 'POST', url: '/v1/imports', payload: { text: 'A headline\nSome words of a story.', publishedAt: bad }, field: 'body/publishedAt' }
    ]
    for (const { method = 'GET', url, payload, field } of requests) {
      const res = await app.inject({ method, url, payload, headers: writer })
      t.equal(res.statusCode, 400, `${method} ${url} ${bad}`)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.match(res.json().detail, `${field} must be an RFC 3339 date-time`, `${method} ${url} names the field and the rule`)
    }
  }
  const after = (await app.inject({ url: `/v1/articles/${story.id}`, headers: writer })).json()
  t.same(after, before, 'nothing changed')
  t.equal(await app.db.article.count(), 1)
})

t.test('a bulk line with a leap second is a 400 line; the lines around it land', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const lines = [
    { title: 'Before the leap' },
    { title: 'The leap', publishedAt: LEAP, status: 'published' },
    { title: 'A quote in the leap', quotes: [{ text: 'Hi.', speaker: null, saidAt: LEAP }] },
    { title: 'After the leap', publishedAt: '2016-12-31T23:59:59.999Z', status: 'published' }
  ].map((line) => JSON.stringify(line)).join('\n')
  const res = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload: lines })
  t.equal(res.statusCode, 200)
  const summary = res.json()
  t.match(summary, { lines: 4, created: 2, failed: 2 })
  t.same(summary.errors.map((e: { line: number, status: number }) => [e.line, e.status]), [[2, 400], [3, 400]])
  t.match(summary.errors[0].detail, '/publishedAt must be an RFC 3339 date-time')
  t.match(summary.errors[1].detail, '/quotes/0/saidAt must be an RFC 3339 date-time')
  t.equal((await app.inject({ url: '/v1/articles/after-the-leap' })).json().publishedAt, '2016-12-31T23:59:59.999Z')
})

t.test('an imported page dated with a leap second is imported without that date', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const html = '<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Year ends a second late",' +
    `"datePublished":"${LEAP}"}</script></head><body><article><h1>Year ends a second late</h1><p>Clocks around the world added a leap second.</p></article></body></html>`
  const res = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...writer, 'content-type': 'text/html' }, payload: html })
  t.ok(res.statusCode < 500, `not a server error: ${res.statusCode} ${res.body.slice(0, 200)}`)
})

t.test('an offset that puts the instant outside years 0001 to 9999 is refused: no stored date that cannot be read back', async (t) => {
  // 9999-12-31T23:59:59-01:00 is 10000-01-01T00:59:59Z: Postgres stored it and every answer
  // holding it (the public quote list too) was a 500, as pg could not read a five-digit year.
  const late = '9999-12-31T23:59:59-01:00'
  const early = '0001-01-01T00:00:00+01:00'
  t.notOk(isDateTime(late), late)
  t.notOk(isDateTime(early), early)
  t.ok(isDateTime('9999-12-31T23:59:59.999Z') && isDateTime('9999-12-31T23:59:59+01:00') && isDateTime('0001-01-01T00:00:00-01:00'), 'the edges themselves')

  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const story = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Time capsule opens', status: 'published' } })
  t.equal(story.statusCode, 201, story.body)
  for (const bad of [late, early]) {
    const quote = await app.inject({ method: 'POST', url: '/v1/quotes', headers: writer, payload: { article: story.json().id, text: 'See you then.', speaker: null, saidAt: bad } })
    t.equal(quote.statusCode, 400, `a quote said at ${bad}: ${quote.body}`)
    t.match(quote.json().detail, 'body/saidAt must be an RFC 3339 date-time')
    const article = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Far future', status: 'published', publishedAt: bad } })
    t.equal(article.statusCode, 400, `a story published at ${bad}: ${article.body}`)
    t.equal((await app.inject({ url: `/v1/quotes?saidBefore=${encodeURIComponent(bad)}` })).statusCode, 400, `a filter at ${bad}`)
  }
  t.equal((await app.inject({ url: '/v1/quotes' })).statusCode, 200, 'the quote list still answers')
  t.equal((await app.inject({ url: '/v1/articles' })).json().data.length, 1, 'nothing else was stored')
})
