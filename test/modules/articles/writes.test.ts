import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { hashKey } from '../../../src/modules/keys/api-keys.js'

t.test('creating an article with its topics, speakers and quotes', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'NATO' } })
  const res = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: writer,
    payload: {
      title: 'Allies meet in Brussels',
      status: 'published',
      topics: [{ slug: 'nato' }, { name: 'Defence Spending' }],
      quotes: [
        { text: 'Two percent is a floor', speaker: { name: 'Jens Stoltenberg' }, topics: [{ slug: 'nato' }] },
        { text: 'We will pay', speaker: { slug: 'jens-stoltenberg' } }
      ]
    }
  })
  t.equal(res.statusCode, 201)
  const article = res.json()
  t.equal(res.headers.location, `/v1/articles/${article.id}`)
  t.equal(res.headers.etag, `"${article.id}.1"`)
  t.match(article, { slug: 'allies-meet-in-brussels', status: 'published', version: 1, publishedAt: String })
  t.same(article.topics.map((topic: { slug: string }) => topic.slug), ['defence-spending', 'nato'], 'connected one topic, created the other')
  t.same(article.quotes.map((quote: { text: string, speaker: { slug: string } }) => [quote.text, quote.speaker.slug]),
    [['Two percent is a floor', 'jens-stoltenberg'], ['We will pay', 'jens-stoltenberg']])
  t.equal((await app.inject({ url: res.headers.location as string })).statusCode, 200)

  const again = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Allies meet in Brussels' } })
  t.equal(again.json().slug, 'allies-meet-in-brussels-2', 'a generated slug never collides')
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Allies meet in Brussels' } })).json().slug, 'allies-meet-in-brussels-3')
  const taken = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Other', slug: 'allies-meet-in-brussels' } })
  t.equal(taken.statusCode, 409, 'a taken slug is a 409')
  t.equal(taken.headers['content-type'], 'application/problem+json; charset=utf-8')

  const atomic = await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: 'Half written', quotes: [{ text: 'ok', speaker: { name: 'New Person' } }, { text: 'x', speaker: { slug: 'nobody-known' } }] }
  })
  t.equal(atomic.statusCode, 422, 'an unknown speaker slug fails the whole write')
  t.equal((await app.inject({ url: '/v1/speakers/new-person' })).statusCode, 404, 'nothing of a failed write lands')
  t.equal((await app.inject({ url: '/v1/articles?count=true', headers: writer })).json().total, 3)
})

t.test('writes need a key with content:write', async (t) => {
  const app = await build(t)
  const reader = await authHeaders(app, 'content:read-drafts')
  const admin = await authHeaders(app, 'admin')
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', payload: { title: 'x' } })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: reader, payload: { title: 'x' } })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: { title: 'x' } })).statusCode, 201, 'admin may write')
  for (const [method, url] of [['PATCH', '/v1/articles/x'], ['DELETE', '/v1/articles/x'], ['POST', '/v1/quotes'], ['POST', '/v1/topics'], ['POST', '/v1/speakers']] as const) {
    t.equal((await app.inject({ method, url, headers: reader, payload: {} })).statusCode, 403, `${method} ${url}`)
  }
})

t.test('PATCH: partial, versioned, If-Match, stable slugs, topic replacement', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'First title', topics: [{ name: 'A' }, { name: 'B' }] } })).json()
  t.equal(created.status, 'draft')
  t.equal(created.publishedAt, null)

  const renamed = await app.inject({ method: 'PATCH', url: '/v1/articles/first-title', headers: { ...writer, 'if-match': `"${created.id}.1"` }, payload: { title: 'Second title' } })
  t.equal(renamed.statusCode, 200)
  t.match(renamed.json(), { title: 'Second title', slug: 'first-title', version: 2, summary: null })
  t.equal(renamed.headers.etag, `"${created.id}.2"`)

  const stale = await app.inject({ method: 'PATCH', url: `/v1/articles/${created.id}`, headers: { ...writer, 'if-match': `"${created.id}.1"` }, payload: { title: 'Lost' } })
  t.equal(stale.statusCode, 412, 'a stale If-Match is a 412')
  t.equal(stale.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal((await app.inject({ url: `/v1/articles/${created.id}`, headers: writer })).json().title, 'Second title', 'nothing written')

  const published = await app.inject({ method: 'PATCH', url: `/v1/articles/${created.id}`, headers: { ...writer, 'if-match': '*' }, payload: { status: 'published', topics: [{ slug: 'b' }, { name: 'C' }] } })
  t.match(published.json(), { status: 'published', publishedAt: String, version: 3 }, 'publishing without a time means now')
  const withTopics = (await app.inject({ url: `/v1/articles/${created.id}?include=topics` })).json()
  t.same(withTopics.topics.map((topic: { slug: string }) => topic.slug), ['b', 'c'], 'topics replaced')

  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${created.id}`, headers: writer, payload: {} })).statusCode, 400, 'an empty patch is a 400')
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${created.id}`, headers: writer, payload: { colour: 'red' } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/nope', headers: writer, payload: { title: 'x' } })).statusCode, 404)
})

t.test('a save that changes nothing registers no commit: no story, a stale If-Match; a save without If-Match is last-write-wins', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Counted', status: 'published' } })).json()
  const commits = async () => (await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM change_commits')).rows[0]!.n
  const events = async () => (await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM change_events')).rows[0]!.n
  const before = { commits: await commits(), events: await events() }

  const missing = await app.inject({ method: 'PATCH', url: '/v1/articles/no-such-story', headers: writer, payload: { summary: 'x' } })
  t.equal(missing.statusCode, 404)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/00000000-0000-4000-8000-000000000000', headers: writer, payload: { summary: 'x' } })).statusCode, 404)
  const stale = await app.inject({ method: 'PATCH', url: `/v1/articles/${created.id}`, headers: { ...writer, 'if-match': `"${created.id}.7"` }, payload: { summary: 'x' } })
  t.equal(stale.statusCode, 412)
  t.same({ commits: await commits(), events: await events() }, before, 'no commit, no event')

  const saved = await app.inject({ method: 'PATCH', url: '/v1/articles/counted', headers: writer, payload: { summary: 'Now with a summary', body: ['One paragraph.'] } })
  t.equal(saved.statusCode, 200)
  t.match(saved.json(), { id: created.id, summary: 'Now with a summary', body: ['One paragraph.'], version: 2 })
  t.equal(saved.headers.etag, `"${created.id}.2"`)
  t.same({ commits: await commits(), events: await events() }, { commits: before.commits + 1, events: before.events + 1 }, 'one commit, one event')
  const { rows } = await app.pool.query<{ kind: string, changed: string[], actor_key_id: string | null }>(
    'SELECT kind, changed, actor_key_id FROM change_events ORDER BY id DESC LIMIT 1')
  t.match(rows[0], { kind: 'updated', changed: ['summary', 'body'] })
  t.ok(rows[0]!.actor_key_id, 'the event names the key that saved')
  const revisions = (await app.inject({ url: `/v1/articles/${created.id}/revisions`, headers: writer })).json()
  t.equal(revisions.data.length, 2, 'a revision for the save')
})

t.test('a save with a key revoked elsewhere since its last use is a 401 at once, and writes nothing', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Revocable', status: 'published' } })
  const save = async (payload: object, headers: Record<string, string> = {}, slug = 'revocable') =>
    app.inject({ method: 'PATCH', url: `/v1/articles/${slug}`, headers: { ...writer, ...headers }, payload })
  t.equal((await save({ summary: 'First' })).statusCode, 200)
  t.equal((await save({ summary: 'Second' })).statusCode, 200, 'a key used a moment ago')

  // Revoked by another process (the CLI, another instance): this one is not told.
  await app.pool.query('UPDATE api_keys SET revoked_at = now() WHERE hash = $1', [hashKey(writer.authorization.slice('Bearer '.length))])
  const commits = async () => (await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM change_commits')).rows[0]!.n
  const before = await commits()
  for (const [payload, headers, slug] of [[{ summary: 'Third' }, {}, 'revocable'], [{ summary: 'Third' }, { 'if-match': '*' }, 'revocable'],
    [{ status: 'draft' }, {}, 'revocable'], [{ summary: 'Third' }, {}, 'no-such-story']] as const) {
    const res = await save(payload, headers, slug)
    t.equal(res.statusCode, 401, `${JSON.stringify(payload)} ${JSON.stringify(headers)} ${slug}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.equal(await commits(), before, 'nothing committed')
  t.match((await app.inject({ url: '/v1/articles/revocable' })).json(), { summary: 'Second', status: 'published' })
})

t.test('an explicit slug change keeps the old slug as a 301', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Old name', status: 'published', quotes: [{ text: 'Hi', speaker: { name: 'Ann' } }] } })).json()
  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Neighbour', slug: 'neighbour' } })
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/old-name', headers: writer, payload: { slug: 'neighbour' } })).statusCode, 409, 'cannot take a used slug')
  const moved = await app.inject({ method: 'PATCH', url: '/v1/articles/old-name', headers: writer, payload: { slug: 'new-name' } })
  t.equal(moved.json().slug, 'new-name')

  const old = await app.inject({ url: '/v1/articles/old-name?include=topics' })
  t.equal(old.statusCode, 301)
  t.equal(old.headers.location, '/v1/articles/new-name?include=topics', 'same route, same query, current slug')
  const nested = await app.inject({ url: '/v1/articles/old-name/quotes' })
  t.equal(nested.statusCode, 301)
  t.equal(nested.headers.location, '/v1/articles/new-name/quotes')
  t.equal((await app.inject({ url: '/v1/articles/new-name' })).json().id, created.id)

  await app.inject({ method: 'PATCH', url: '/v1/articles/new-name', headers: writer, payload: { slug: 'third-name' } })
  t.equal((await app.inject({ url: '/v1/articles/old-name' })).headers.location, '/v1/articles/third-name', 'no redirect chains')
  const reuse = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Old name' } })
  t.equal(reuse.json().slug, 'old-name-2', 'an old slug is never handed to another item')
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'x', slug: 'old-name' } })).statusCode, 409)
  const back = await app.inject({ method: 'PATCH', url: '/v1/articles/third-name', headers: writer, payload: { slug: 'old-name' } })
  t.equal(back.statusCode, 200, 'an item may take back its own old slug')
  t.equal((await app.inject({ url: '/v1/articles/old-name' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/articles/third-name' })).headers.location, '/v1/articles/old-name')

  // A hidden item's redirect does not reveal its new slug.
  await app.inject({ method: 'PATCH', url: '/v1/articles/neighbour', headers: writer, payload: { slug: 'secret-new-slug' } })
  t.equal((await app.inject({ url: '/v1/articles/neighbour' })).statusCode, 404, 'a draft\'s old slug is a 404 to the public')
  t.equal((await app.inject({ url: '/v1/articles/neighbour', headers: writer })).statusCode, 301)
})

t.test('DELETE honours If-Match and takes the quotes along', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Doomed', status: 'published', topics: [{ name: 'Kept' }], quotes: [{ text: 'Bye', speaker: { name: 'Ann' } }] } })).json()
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/articles/doomed', headers: { ...writer, 'if-match': `"${created.id}.7"` } })).statusCode, 412)
  const gone = await app.inject({ method: 'DELETE', url: '/v1/articles/doomed', headers: { ...writer, 'if-match': `"${created.id}.1"` } })
  t.equal(gone.statusCode, 204)
  t.equal(gone.body, '')
  t.equal((await app.inject({ url: '/v1/articles/doomed', headers: writer })).statusCode, 404)
  t.equal((await app.inject({ url: `/v1/quotes/${created.quotes[0].id}`, headers: writer })).statusCode, 404, 'its quotes went with it')
  t.equal((await app.inject({ url: '/v1/topics/kept' })).statusCode, 200, 'topics stay')
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/articles/doomed', headers: writer })).statusCode, 404)
})

t.test('bodies: 415 for non-JSON, 413 over 1 MiB, 400 for bad fields', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const text = await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...writer, 'content-type': 'text/plain' }, payload: 'title=x' })
  t.equal(text.statusCode, 415)
  t.equal(text.headers['content-type'], 'application/problem+json; charset=utf-8')
  const form = await app.inject({ method: 'PATCH', url: '/v1/topics/x', headers: { ...writer, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' })
  t.equal(form.statusCode, 415)
  const huge = await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...writer, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'x', body: ['a'.repeat(1024 * 1024)] }) })
  t.equal(huge.statusCode, 413)
  t.equal(huge.headers['content-type'], 'application/problem+json; charset=utf-8')
  const bad = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: '', status: 'live', colour: 'red' } })
  t.equal(bad.statusCode, 400)
  t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/colour', '/status', '/title'])
  const broken = await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...writer, 'content-type': 'application/json' }, payload: '{"title":' })
  t.equal(broken.statusCode, 400)
})

t.test('If-Unmodified-Since and If-None-Match on a write are preconditions too (RFC 9110): 412 and nothing changes', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Guarded', status: 'published' } })).json()
  const read = await app.inject({ url: `/v1/articles/${created.id}` })
  const lastModified = read.headers['last-modified'] as string
  const save = (headers: Record<string, string>, summary: string) =>
    app.inject({ method: 'PATCH', url: `/v1/articles/${created.id}`, headers: { ...writer, ...headers }, payload: { summary } })

  const early = await save({ 'if-unmodified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() }, 'Too late')
  t.equal(early.statusCode, 412, 'changed after the date sent')
  t.match(early.headers['content-type'], /^application\/problem\+json/)
  const exists = await save({ 'if-none-match': '*' }, 'Only if new')
  t.equal(exists.statusCode, 412, 'If-None-Match: * refuses a write to an item that exists')
  t.equal((await save({ 'if-none-match': `W/"${created.id}.1"` }, 'Not this version')).statusCode, 412, 'a tag naming the current version refuses too')
  t.equal((await app.inject({ url: `/v1/articles/${created.id}` })).json().version, 1, 'nothing was written')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/articles/${created.id}`, headers: { ...writer, 'if-none-match': '*' } })).statusCode, 412)

  t.equal((await save({ 'if-unmodified-since': lastModified }, 'In time')).statusCode, 200, 'unchanged since the date sent')
  t.equal((await save({ 'if-unmodified-since': 'not a date' }, 'Ignored date')).statusCode, 200, 'an unparsable date is ignored')
  t.equal((await save({ 'if-none-match': `"${created.id}.1"` }, 'Another version')).statusCode, 200, 'a tag of an old version does not refuse')
  t.equal((await save({ 'if-match': `W/"${created.id}.4"` }, 'Weak')).statusCode, 412, 'If-Match compares strongly')
  t.equal((await app.inject({ url: `/v1/articles/${created.id}` })).json().summary, 'Another version')
})
