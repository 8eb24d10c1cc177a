import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'

const NDJSON = { 'content-type': 'application/x-ndjson' }
/** Lets the NOTIFY of a write made outside the app arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

t.test('public answers are cached until content changes, whoever changes it', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'First story', status: 'published' })
  await settle()
  const miss = await app.inject({ url: '/v1/articles' })
  t.notOk(miss.headers['x-cache'])
  const hit = await app.inject({ url: '/v1/articles' })
  t.equal(hit.headers['x-cache'], 'HIT')
  t.equal(hit.body, miss.body)
  t.equal(hit.headers.etag, miss.headers.etag)
  t.equal((await app.inject({ url: '/v1/articles', headers: { 'if-none-match': miss.headers.etag as string } })).statusCode, 304, 'a hit still answers 304')

  // A change made outside this process (another instance, the CLI, psql).
  await app.pool.query("UPDATE articles SET title = 'Renamed story'")
  let fresh = ''
  for (let waited = 0; waited < 2000 && !fresh.includes('Renamed story'); waited += 10) {
    fresh = (await app.inject({ url: '/v1/articles' })).body
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  t.match(fresh, /Renamed story/, 'the notification flushed the cache')

  const key = await authHeaders(app, 'content:read-drafts')
  await saveArticleGraph(app.db, { title: 'Draft story', status: 'draft' })
  await settle()
  await app.inject({ url: '/v1/articles' })
  const keyed = await app.inject({ url: '/v1/articles', headers: key })
  t.notOk(keyed.headers['x-cache'], 'keyed reads never come from the cache')
  t.match(keyed.body, /Draft story/)
  t.notMatch((await app.inject({ url: '/v1/articles' })).body, /Draft story/)
})

t.test('a write through one instance is seen through another at once', async (t) => {
  const a = await build(t)
  const b = await buildApp({ config: testConfig, databaseUrl: a.pool.options.connectionString! })
  t.teardown(() => b.close())
  await b.ready()
  const writer = await authHeaders(a, 'content:write', 'content:read-drafts')
  for (let round = 1; round <= 20; round++) {
    await b.inject({ url: '/v1/articles?limit=100' }) // fill b's cache
    const line = JSON.stringify({ title: `Round ${round}`, status: 'published' })
    const imported = await a.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer }, payload: line })
    t.equal(imported.json().created, 1)
    const seen = (await b.inject({ url: '/v1/articles?limit=100' })).json().data.length
    if (seen !== round) t.fail(`round ${round}: b still served ${seen} articles`)
  }
  t.pass('every write was visible through the other instance on the next request')
})

t.test('a scheduled story appears at its time with no write to announce it', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Soon', status: 'scheduled', publishedAt: new Date(Date.now() + 1500).toISOString() })
  await settle()
  t.same((await app.inject({ url: '/v1/articles' })).json().data, [])
  t.equal((await app.inject({ url: '/v1/articles' })).headers['x-cache'], 'HIT')
  await new Promise((resolve) => setTimeout(resolve, 1700))
  t.same((await app.inject({ url: '/v1/articles' })).json().data.map((a: { title: string }) => a.title), ['Soon'])
})

t.test('a burst of the same uncached request is answered once and shared', async (t) => {
  const app = await build(t)
  for (let i = 0; i < 30; i++) await saveArticleGraph(app.db, { title: `Harbour strike day ${i}`, status: 'published', body: ['Dockers walked out.'] })
  await settle()
  const url = '/v1/search?q=harbour+strike'
  const burst = await Promise.all(Array.from({ length: 8 }, () => app.inject({ url })))
  t.same(burst.map((res) => res.statusCode), Array(8).fill(200))
  t.equal(new Set(burst.map((res) => res.body)).size, 1, 'every caller gets the same answer')
  t.equal(burst.filter((res) => res.headers['x-cache'] === 'HIT').length, 7, 'only the first was computed')

  // An answer that is not stored (a 404) is not shared: each waiter makes its own.
  const missing = await Promise.all(Array.from({ length: 3 }, () => app.inject({ url: '/v1/articles/no-such-story' })))
  t.same(missing.map((res) => res.statusCode), [404, 404, 404])

  // A write landing while the burst waits is seen by requests that arrive after it.
  const before = app.inject({ url: '/v1/articles?limit=1' })
  await saveArticleGraph(app.db, { title: 'Breaking: harbour reopens', status: 'published' })
  await settle()
  await before
  t.match((await app.inject({ url: '/v1/articles?limit=1' })).body, /Breaking: harbour reopens/)
})

t.test('a request naming another Host does not put its links in the cached feed others read', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'First story', status: 'published' })
  await settle()
  for (const url of ['/v1/feeds/articles.atom', '/v1/sitemaps/index.xml']) {
    const poisoned = await app.inject({ url, headers: { host: 'evil.example' } })
    t.match(poisoned.body, 'http://evil.example/', `${url}: links follow the Host sent (no PUBLIC_API_URL)`)
    t.equal((await app.inject({ url, headers: { host: 'evil.example' } })).headers['x-cache'], 'HIT', `${url}: that answer is cached for that Host`)
    const honest = await app.inject({ url, headers: { host: 'news.example' } })
    t.notOk(honest.headers['x-cache'], `${url}: another Host is a miss`)
    t.notMatch(honest.body, 'evil.example', `${url}: and never links to the other Host`)
    t.match(honest.body, 'http://news.example/')
  }
})
