import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

t.test('lists published articles only, newest first, with a working cursor', async (t) => {
  const app = await build(t)
  for (let day = 1; day <= 5; day++) {
    await saveArticleGraph(app.db, { title: `Story ${day}`, status: 'published', publishedAt: `2024-01-0${day}T10:00:00.000Z` })
  }
  await saveArticleGraph(app.db, { title: 'Secret draft', status: 'draft' })
  await saveArticleGraph(app.db, { title: 'Future story', status: 'scheduled', publishedAt: '2999-01-01T00:00:00.000Z' })

  const first = await app.inject({ url: '/v1/articles?limit=2' })
  t.equal(first.statusCode, 200)
  const page1 = first.json()
  t.same(page1.data.map((a: { title: string }) => a.title), ['Story 5', 'Story 4'])
  t.type(page1.nextCursor, 'string')
  t.match(first.headers.link, /^<\/v1\/articles\?limit=2&cursor=[^>]+>; rel="next"$/)

  const titles: string[] = page1.data.map((a: { title: string }) => a.title)
  let cursor = page1.nextCursor
  while (cursor) {
    const page = (await app.inject({ url: `/v1/articles?limit=2&cursor=${cursor}` })).json()
    titles.push(...page.data.map((a: { title: string }) => a.title))
    cursor = page.nextCursor
  }
  t.same(titles, ['Story 5', 'Story 4', 'Story 3', 'Story 2', 'Story 1'], 'every public story once, no draft, no future story')

  const counted = (await app.inject({ url: '/v1/articles?count=true' })).json()
  t.equal(counted.total, 5)
  t.notOk('total' in (await app.inject({ url: '/v1/articles' })).json(), 'total only when asked')

  const editor = await authHeaders(app, 'content:read-drafts')
  const all = (await app.inject({ url: '/v1/articles?count=true', headers: editor })).json()
  t.equal(all.total, 7, 'a key that may read drafts sees every status')
})

t.test('gets an article by slug or id; drafts are invisible to the public', async (t) => {
  const app = await build(t)
  const story = await saveArticleGraph(app.db, { title: 'Allies meet in Brussels', status: 'published' })
  const draft = await saveArticleGraph(app.db, { title: 'Unfinished', status: 'draft' })

  const bySlug = await app.inject({ url: '/v1/articles/allies-meet-in-brussels' })
  t.equal(bySlug.statusCode, 200)
  t.equal(bySlug.json().id, story.id)
  t.equal((await app.inject({ url: `/v1/articles/${story.id}` })).json().slug, 'allies-meet-in-brussels')

  for (const key of [draft.slug, draft.id]) {
    const hidden = await app.inject({ url: `/v1/articles/${key}` })
    t.equal(hidden.statusCode, 404)
    t.equal(hidden.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  const editor = await authHeaders(app, 'content:read-drafts')
  t.equal((await app.inject({ url: `/v1/articles/${draft.slug}`, headers: editor })).statusCode, 200)
})

t.test('bad input is a 400 problem, never a 5xx', async (t) => {
  const app = await build(t)
  const cases = [
    '/v1/articles?limit=0',
    '/v1/articles?limit=101',
    '/v1/articles?limit=ten',
    '/v1/articles?colour=red',
    '/v1/articles?sort=colour',
    '/v1/articles?cursor=not-a-cursor',
    `/v1/articles?cursor=${Buffer.from('["-title","a","00000000-0000-0000-0000-000000000000"]').toString('base64url')}`
  ]
  for (const url of cases) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 400, url)
    const problem = res.json()
    t.match(problem, { type: 'about:blank', title: 'Bad Request', status: 400, detail: String, instance: url }, url)
  }
  const typo = (await app.inject({ url: '/v1/articles?limt=5' })).json()
  t.same(typo.errors, [{ in: 'query', pointer: '/limt', detail: 'must NOT have additional properties' }])
})

t.test('an unknown route and a bad key are problems too', async (t) => {
  const app = await build(t)
  const missing = await app.inject({ url: '/v1/nothing-here' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().status, 404)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/nothing-here', headers: { authorization: 'Bearer nd_wrong' } })).statusCode, 404, 'no route: 404 whatever the key')
  const badKey = await app.inject({ url: '/v1/articles', headers: { authorization: 'Bearer nd_wrong' } })
  t.equal(badKey.statusCode, 401)
  t.equal(badKey.headers['www-authenticate'], 'Bearer realm="newsdesk"')
})

t.test('HTTP caching: validators, 304s, and no shared caching of keyed reads', async (t) => {
  const app = await build(t)
  const story = await saveArticleGraph(app.db, { title: 'Cached story', status: 'published' })
  const first = await app.inject({ url: '/v1/articles/cached-story' })
  t.equal(first.headers.etag, `"${story.id}.1"`)
  t.equal(first.headers['last-modified'], story.updatedAt.toUTCString())
  t.match(first.headers['cache-control'], /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/)

  const revalidated = await app.inject({ url: '/v1/articles/cached-story', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.body, '')
  const since = await app.inject({ url: '/v1/articles/cached-story', headers: { 'if-modified-since': new Date(Date.now() + 1000).toUTCString() } })
  t.equal(since.statusCode, 304)

  const list = await app.inject({ url: '/v1/articles' })
  t.match(list.headers.etag, /^"[^"]+"$/, 'lists get a strong ETag too')
  t.equal((await app.inject({ url: '/v1/articles', headers: { 'if-none-match': list.headers.etag as string } })).statusCode, 304)

  const keyed = await app.inject({ url: '/v1/articles/cached-story', headers: await authHeaders(app, 'content:read-drafts') })
  t.equal(keyed.headers['cache-control'], 'private, no-store')
  const missing = await app.inject({ url: '/v1/articles/nope' })
  t.notOk(missing.headers.etag, 'no validators on a problem')
})
