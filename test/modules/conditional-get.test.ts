import t from 'tap'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../helpers/app.js'

// Revalidating one article, topic or speaker with its ETag: a 304 while it is unchanged,
// the new item once it changed, and never a 304 that tells a public caller a hidden
// story exists.

t.test('a 304 for an unchanged item, the new item once it changed', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Summit', status: 'published', topics: [{ name: 'NATO' }], quotes: [{ text: 'Hello', speaker: { name: 'Ana Ruiz' } }] })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  for (const [resource, slug, change] of [['articles', 'summit', { summary: 'New' }], ['topics', 'nato', { description: 'New' }]] as const) {
    const url = `/v1/${resource}/${slug}`
    const full = await app.inject({ url })
    const etag = full.headers.etag as string
    t.match(etag, /^"[0-9a-f-]{36}\.1"$/, `${resource}: the item ETag`)
    for (const tag of [etag, `W/${etag}`]) {
      const revalidated = await app.inject({ url, headers: { 'if-none-match': tag } })
      t.equal(revalidated.statusCode, 304, `${resource}: ${tag}`)
      t.equal(revalidated.body, '')
      t.same(
        [revalidated.headers.etag, revalidated.headers['last-modified'], revalidated.headers['cache-control'], revalidated.headers.vary],
        [etag, full.headers['last-modified'], full.headers['cache-control'], 'Authorization'],
        `${resource}: the validators and cache headers of the full answer`)
    }
    const byId = await app.inject({ url: `/v1/${resource}/${full.json().id}`, headers: { 'if-none-match': etag } })
    t.equal(byId.statusCode, 304, `${resource}: by id too`)
    t.equal((await app.inject({ method: 'HEAD', url, headers: { 'if-none-match': etag } })).statusCode, 304, `${resource}: HEAD`)

    t.equal((await app.inject({ method: 'PATCH', url, headers: writer, payload: change })).statusCode, 200)
    const changed = await app.inject({ url, headers: { 'if-none-match': etag } })
    t.equal(changed.statusCode, 200, `${resource}: changed, so the full item`)
    t.match(changed.json(), { ...change, version: 2 })
    t.equal(changed.headers.etag, etag.replace('.1"', '.2"'))
    t.equal((await app.inject({ url, headers: { 'if-none-match': changed.headers.etag as string } })).statusCode, 304, `${resource}: the new ETag`)
  }
})

t.test('a speaker\'s page revalidates by its body: a new role from a new quote changes it', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Summit', status: 'published', quotes: [{ text: 'Hello', speaker: { name: 'Ana Ruiz', role: 'Councillor' } }] })
  const full = await app.inject({ url: '/v1/speakers/ana-ruiz' })
  t.match(full.json().roles, [{ role: 'Councillor' }])
  const etag = full.headers.etag as string
  t.equal((await app.inject({ url: '/v1/speakers/ana-ruiz', headers: { 'if-none-match': etag } })).statusCode, 304, 'unchanged: 304')
  await saveArticleGraph(app.db, { title: 'Election', status: 'published', quotes: [{ text: 'Thank you', speaker: { slug: 'ana-ruiz' }, speakerRole: 'Mayor' }] })
  const changed = await app.inject({ url: '/v1/speakers/ana-ruiz', headers: { 'if-none-match': etag } })
  t.equal(changed.statusCode, 200, 'a quote in a new role changes the page, though not the speaker\'s version')
  t.match(changed.json().roles, [{ role: 'Mayor' }, { role: 'Councillor' }])
})

t.test('hidden stories stay 404 for the public, whatever ETag is sent', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:read-drafts')
  const hidden = [
    await saveArticleGraph(app.db, { title: 'Draft', status: 'draft' }),
    await saveArticleGraph(app.db, { title: 'Later', status: 'scheduled', publishedAt: '2999-01-01T00:00:00.000Z' })
  ]
  for (const article of hidden) {
    const etag = `"${article.id}.1"`
    for (const key of [article.slug, article.id]) {
      const url = `/v1/articles/${key}`
      const answer = await app.inject({ url, headers: { 'if-none-match': etag } })
      t.equal(answer.statusCode, 404, `${article.title} by ${key}`)
      t.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.notOk(answer.headers.etag)
      const keyed = await app.inject({ url, headers: { ...editor, 'if-none-match': etag } })
      t.equal(keyed.statusCode, 304, `${article.title} by ${key}, for a key that may read drafts`)
      t.equal(keyed.headers['cache-control'], 'private, no-store')
    }
  }
})

t.test('If-None-Match values that name no current tag get the full answer', async (t) => {
  const app = await build(t)
  const story = await saveArticleGraph(app.db, { title: 'Summit', status: 'published', quotes: [{ text: 'Hello', speaker: { name: 'Ana Ruiz' } }] })
  const other = await saveArticleGraph(app.db, { title: 'Other', status: 'published' })
  const full = await app.inject({ url: '/v1/articles/summit' })
  const etag = `"${story.id}.1"`
  const values = [
    'garbage', '"', 'W/', '""', `"${story.id}"`, `"${story.id}.2"`, `"${story.id}.1`, `"${other.id}.1"`,
    etag.toUpperCase(), `"${story.id}.99999999999999999999999"`, 'W/W/' + etag, 'x'.repeat(4000)
  ]
  for (const value of values) {
    const answer = await app.inject({ url: '/v1/articles/summit', headers: { 'if-none-match': value } })
    t.equal(answer.statusCode, 200, value.slice(0, 60))
    t.equal(answer.body, full.body)
    t.equal(answer.headers.etag, etag)
  }
  const embedded = await app.inject({ url: '/v1/articles/summit?include=quotes', headers: { 'if-none-match': etag } })
  t.equal(embedded.statusCode, 200, 'an embedded representation is not the plain item: its own ETag decides')
  t.not(embedded.headers.etag, etag)
  t.equal((await app.inject({ url: '/v1/articles/summit?include=quotes', headers: { 'if-none-match': embedded.headers.etag as string } })).statusCode, 304)
  t.equal((await app.inject({ url: '/v1/articles/no-such-story', headers: { 'if-none-match': etag } })).statusCode, 404)

  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  await app.inject({ method: 'PATCH', url: '/v1/articles/summit', headers: writer, payload: { slug: 'summit-renamed' } })
  const moved = await app.inject({ url: '/v1/articles/summit', headers: { 'if-none-match': `"${story.id}.2"` } })
  t.equal(moved.statusCode, 301, 'an old slug still redirects')
  t.equal(moved.headers.location, '/v1/articles/summit-renamed')
})

t.test('many revalidations at once each get their own answer', async (t) => {
  const app = await build(t)
  const stories = []
  for (let i = 0; i < 12; i++) stories.push(await saveArticleGraph(app.db, { title: `Story ${i}`, status: i % 4 === 3 ? 'draft' : 'published' }))
  const editor = await authHeaders(app, 'content:read-drafts')
  // Current and stale tags, by slug and by id, public and keyed, all in flight together.
  const requests = stories.flatMap((story, i) => [false, true].flatMap((keyed) => [story.slug, story.id].map((key) => ({
    url: `/v1/articles/${key}`,
    headers: { 'if-none-match': `"${story.id}.${i % 3 === 0 ? 2 : 1}"`, ...(keyed && editor) },
    expected: keyed || story.status !== 'draft' ? (i % 3 === 0 ? 200 : 304) : 404
  }))))
  const answers = await Promise.all(requests.map(({ url, headers }) => app.inject({ url, headers })))
  t.same(answers.map((answer) => answer.statusCode), requests.map((request) => request.expected))
})

t.test('a 304 carries no Content-Type and no Content-Length, on items, lists and repeated lists', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Summit', status: 'published', topics: [{ name: 'NATO' }] })
  for (const url of ['/v1/articles/summit', '/v1/topics/nato', '/v1/articles', '/v1/articles', '/v1/topics?limit=5']) {
    const full = await app.inject(url)
    t.equal(full.statusCode, 200)
    for (const method of ['GET', 'HEAD'] as const) {
      const revalidated = await app.inject({ method, url, headers: { 'if-none-match': full.headers.etag as string } })
      t.equal(revalidated.statusCode, 304, `${method} ${url}`)
      t.notOk('content-type' in revalidated.headers, `${method} ${url}: no Content-Type`)
      t.notOk('content-length' in revalidated.headers, `${method} ${url}: no Content-Length`)
      t.equal(revalidated.body, '')
    }
  }
})
