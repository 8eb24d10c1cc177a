import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

t.test('lists carry Last-Modified of their newest item; only the ETag revalidates them', async (t) => {
  const app = await build(t, { RESPONSE_CACHE_MAX_ENTRIES: 0 })
  const older = await saveArticleGraph(app.db, { title: 'Older story', status: 'published', publishedAt: '2026-01-01T10:00:00.000Z', quotes: [{ text: 'We will rebuild the harbour.', speaker: { name: 'Ana Lima' } }] })
  await new Promise((resolve) => setTimeout(resolve, 1100)) // a later second
  const newer = await saveArticleGraph(app.db, { title: 'Newer story', status: 'published', publishedAt: '2026-01-02T10:00:00.000Z' })
  t.not(older.updatedAt.toUTCString(), newer.updatedAt.toUTCString())

  for (const url of ['/v1/articles', '/v1/topics', '/v1/speakers', '/v1/quotes']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.match(res.headers.etag, /^"[^"]+"$/, `${url}: strong ETag`)
    const dates = res.json().data.map((item: { updatedAt: string }) => item.updatedAt).sort()
    if (dates.length > 0) t.equal(res.headers['last-modified'], new Date(dates.at(-1)).toUTCString(), `${url}: Last-Modified is the newest item's`)
  }
  const list = await app.inject({ url: '/v1/articles' })
  t.equal(list.headers['last-modified'], newer.updatedAt.toUTCString())
  t.equal((await app.inject({ method: 'HEAD', url: '/v1/articles' })).headers['last-modified'], newer.updatedAt.toUTCString(), 'HEAD too')

  // Removing a story changes the list but no date on it: If-Modified-Since cannot prove the
  // list unchanged, so it gets the full list; If-None-Match does revalidate it.
  await app.inject({ method: 'DELETE', url: `/v1/articles/${newer.id}`, headers: await authHeaders(app, 'content:write', 'content:read-drafts') })
  const since = await app.inject({ url: '/v1/articles', headers: { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() } })
  t.equal(since.statusCode, 200)
  t.same(since.json().data.map((item: { title: string }) => item.title), ['Older story'])
  t.equal((await app.inject({ url: '/v1/articles', headers: { 'if-none-match': since.headers.etag as string } })).statusCode, 304)
  t.equal((await app.inject({ url: '/v1/articles', headers: { 'if-none-match': list.headers.etag as string } })).statusCode, 200, 'the old ETag no longer matches')
})


t.test('If-None-Match may list several tags or be *', async (t) => {
  const app = await build(t, { RESPONSE_CACHE_MAX_ENTRIES: 0 })
  const story = await saveArticleGraph(app.db, { title: 'Tagged story', status: 'published' })
  const item = `/v1/articles/${story.slug}`
  const etag = (await app.inject({ url: item })).headers.etag as string
  const listEtag = (await app.inject({ url: '/v1/articles' })).headers.etag as string
  for (const [url, header, status] of [
    [item, `"stale-one", ${etag}`, 304],
    [item, `W/"stale-one", W/${etag}`, 304],
    [item, '*', 304],
    [item, '"stale-one", "stale-two"', 200],
    ['/v1/articles', `"stale-one",${listEtag}`, 304],
    ['/v1/articles', '"stale-one"', 200]
  ] as const) {
    const res = await app.inject({ url, headers: { 'if-none-match': header } })
    t.equal(res.statusCode, status, `${url} If-None-Match: ${header}`)
    if (status === 304) {
      t.equal(res.body, '')
      t.ok(res.headers.etag, 'a 304 names the current tag')
    }
  }
})
