import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Revisions are written by the database at the commit of every write to an article
// (migration 013): these tests make writes through each way in and read what was kept.

const json = { 'content-type': 'application/json' }

t.test('every write path leaves a revision with the article as it then was, its version and its key', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({
    method: 'POST', url: '/v1/articles', headers: { ...editor, ...json },
    payload: { title: 'Ministers meet in Brussels', summary: 'They will talk.', body: ['The ministers meet on Thursday.'], topics: [{ name: 'NATO' }] }
  })
  t.equal(created.statusCode, 201)
  const id = created.json().id as string
  const url = `/v1/articles/${id}/revisions`

  const patched = await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: { ...editor, ...json }, payload: { title: 'Ministers met in Brussels', body: ['The ministers met on Friday.'] } })
  t.equal(patched.statusCode, 200)
  const quote = await app.inject({ method: 'POST', url: '/v1/quotes', headers: { ...editor, ...json }, payload: { text: 'We agreed.', speaker: { name: 'Anna Berg' }, article: id } })
  t.equal(quote.statusCode, 201)
  const bulk = await app.inject({
    method: 'POST', url: '/v1/bulk/articles', headers: { ...editor, 'content-type': 'application/x-ndjson' },
    payload: JSON.stringify({ slug: 'ministers-meet-in-brussels', title: 'Ministers met in Brussels', summary: 'They talked.', body: ['The ministers met on Friday.'] }) + '\n'
  })
  t.equal(bulk.statusCode, 200)
  t.match(bulk.json(), { updated: 1 })

  const list = await app.inject({ url, headers: editor })
  t.equal(list.statusCode, 200)
  const revisions = list.json().data as Array<{ number: number, version: number, actor: string, actorKeyId: string | null, changed: string[] }>
  t.same(revisions.map((r) => r.number), [4, 3, 2, 1], 'newest first, one per write')
  t.same(revisions.map((r) => r.version), [3, 2, 2, 1], 'a quote added on its own keeps the article version')
  t.ok(revisions.every((r) => r.actor === 'api' && typeof r.actorKeyId === 'string'), 'each names the key')
  t.same(revisions[2]!.changed, ['body', 'title'])
  t.same(revisions[1]!.changed, ['quotes'])
  t.ok(revisions[0]!.changed.includes('summary') && revisions[0]!.changed.includes('quotes'), 'the bulk line replaced the summary and the quotes')

  const first = (await app.inject({ url: `${url}/1`, headers: editor })).json()
  t.match(first, { number: 1, version: 1, article: { id, title: 'Ministers meet in Brussels', body: ['The ministers meet on Thursday.'], topics: [{ slug: 'nato' }], quotes: [] } })
  const third = (await app.inject({ url: `${url}/3`, headers: editor })).json()
  t.match(third.article.quotes, [{ text: 'We agreed.', speaker: { slug: 'anna-berg' } }])

  const paged = await app.inject({ url: `${url}?limit=3`, headers: editor })
  t.equal(paged.json().data.length, 3)
  const rest = await app.inject({ url: `${url}?limit=3&cursor=${paged.json().nextCursor as string}`, headers: editor })
  t.same(rest.json(), { data: [revisions[3]], nextCursor: null }, 'keyset pages')
})

t.test('a diff gives the fields that differ, word by word for the text', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const { id } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Ministers meet in Brussels', body: ['They meet on Thursday.'], section: 'World' } })).json()
  await app.inject({ method: 'PATCH', url: `/v1/articles/${id as string}`, headers: { ...editor, ...json }, payload: { title: 'Ministers met in Brussels', body: ['They met on Friday.'], topics: [{ name: 'Defence' }] } })

  const res = await app.inject({ url: `/v1/articles/${id as string}/revisions/1/diff?to=2`, headers: editor })
  t.equal(res.statusCode, 200)
  const diff = res.json()
  t.same(diff.from, { number: 1, version: 1 })
  t.same(diff.to, { number: 2, version: 2 })
  t.same(diff.changes.map((c: { field: string }) => c.field), ['title', 'body', 'topics'])
  t.same(diff.changes[0], {
    field: 'title',
    from: 'Ministers meet in Brussels',
    to: 'Ministers met in Brussels',
    words: [{ op: 'equal', text: 'Ministers ' }, { op: 'removed', text: 'meet' }, { op: 'added', text: 'met' }, { op: 'equal', text: ' in Brussels' }]
  })
  const body = diff.changes[1].words as Array<{ op: string, text: string }>
  t.same(body.filter((w) => w.op !== 'equal').map((w) => `${w.op}:${w.text}`), ['removed:meet', 'added:met', 'removed:Thursday', 'added:Friday'])
  t.match(diff.changes[2], { field: 'topics', added: [{ slug: 'defence' }], removed: [] })
  const latest = await app.inject({ url: `/v1/articles/${id as string}/revisions/1/diff`, headers: editor })
  t.same(latest.json().to, { number: 2, version: 2 }, 'to the latest by default')
})

t.test('restore makes version n+1 equal in content to the old revision, through the write path', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const { id } = (await app.inject({
    method: 'POST', url: '/v1/articles', headers: { ...editor, ...json },
    payload: {
      title: 'Ministers meet in Brussels', status: 'published', body: ['First words.'], topics: [{ name: 'NATO' }],
      quotes: [{ text: 'We will meet.', speaker: { name: 'Anna Berg' } }, { text: 'Later words.', speaker: null, speakerDescription: 'an official' }]
    }
  })).json() as { id: string }
  const article = `/v1/articles/${id}`
  const quotes = (await app.inject({ url: `${article}/quotes` })).json().data as Array<{ id: string }>
  await app.inject({ method: 'PATCH', url: article, headers: { ...editor, ...json }, payload: { title: 'Changed title', body: ['Other words.'], topics: [{ name: 'Defence' }], status: 'archived' } })
  await app.inject({ method: 'DELETE', url: `/v1/quotes/${quotes[1]!.id}`, headers: editor })
  await app.inject({ method: 'PATCH', url: `/v1/quotes/${quotes[0]!.id}`, headers: { ...editor, ...json }, payload: { text: 'We might meet.' } })

  const stale = await app.inject({ method: 'POST', url: `${article}/revisions/1/restore`, headers: { ...editor, 'if-match': `"${id}.1"` } })
  t.equal(stale.statusCode, 412, 'If-Match as for PATCH')
  t.match(stale.headers['content-type'], /^application\/problem\+json/)

  const restored = await app.inject({ method: 'POST', url: `${article}/revisions/1/restore`, headers: { ...editor, 'if-match': `"${id}.2"` } })
  t.equal(restored.statusCode, 201)
  const made = restored.json()
  t.equal(restored.headers.location, `/v1/articles/${id}/revisions/${made.number as number}`)
  t.equal(made.version, 3, 'version n + 1')
  const old = (await app.inject({ url: `${article}/revisions/1`, headers: editor })).json()
  for (const field of ['title', 'summary', 'body', 'section', 'byline', 'sourceUrl', 'topics']) t.same(made.article[field], old.article[field], field)
  t.same(made.article.quotes.map((q: { id: string, text: string }) => [q.id, q.text]), old.article.quotes.map((q: { id: string, text: string }) => [q.id, q.text]), 'quotes back, the deleted one under its old id')
  t.equal(made.article.status, 'archived', 'the status is not restored')
  const diff = (await app.inject({ url: `${article}/revisions/1/diff?to=${made.number as number}`, headers: editor })).json()
  t.same(diff.changes.map((c: { field: string }) => c.field), ['status', 'quotes'], 'only the status and the quotes\' versions and times differ')
  t.same(diff.changes[1].added, [])
  t.same(diff.changes[1].removed, [])
  t.same(diff.changes[1].changed, [])
  const current = (await app.inject({ url: article, headers: editor })).json()
  t.equal(current.title, 'Ministers meet in Brussels')
  t.equal(current.version, 3)
})

t.test('revisions need a key that may read drafts; restore needs content:write as well', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const reader = await authHeaders(app, 'content:read-drafts')
  const { id } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Draft story' } })).json() as { id: string }
  const url = `/v1/articles/${id}/revisions`
  t.equal((await app.inject({ url })).statusCode, 401)
  t.equal((await app.inject({ url: `${url}/1` })).statusCode, 401)
  const forbidden = await app.inject({ url: `${url}/1/diff`, headers: writer })
  t.equal(forbidden.statusCode, 403)
  t.match(forbidden.json(), { status: 403, detail: 'This operation needs an API key with the "content:read-drafts" scope.' })
  t.equal((await app.inject({ method: 'POST', url: `${url}/1/restore`, headers: reader })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: `${url}/1/restore`, headers: writer })).statusCode, 403)
  t.equal((await app.inject({ url, headers: reader })).statusCode, 200)
})

t.test('unknown articles and revisions are 404, bad numbers 400, old slugs 301', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const { id } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Ministers meet' } })).json() as { id: string }
  await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: { ...editor, ...json }, payload: { slug: 'ministers-met' } })

  const missing = await app.inject({ url: '/v1/articles/no-such-story/revisions', headers: editor })
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  const noRevision = await app.inject({ url: `/v1/articles/${id}/revisions/9`, headers: editor })
  t.match(noRevision.json(), { status: 404, detail: 'Revision 9 of article "' + id + '" was not found.' })
  t.equal((await app.inject({ url: `/v1/articles/${id}/revisions/1/diff?to=9`, headers: editor })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/v1/articles/${id}/revisions/9/restore`, headers: editor })).statusCode, 404)
  for (const bad of ['0', 'abc', '1.5']) {
    const res = await app.inject({ url: `/v1/articles/${id}/revisions/${bad}`, headers: editor })
    t.equal(res.statusCode, 400, bad)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.equal((await app.inject({ url: `/v1/articles/${id}/revisions/1/diff?to=0`, headers: editor })).statusCode, 400)
  const moved = await app.inject({ url: '/v1/articles/ministers-meet/revisions/2/diff?to=1', headers: editor })
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, '/v1/articles/ministers-met/revisions/2/diff?to=1')
})

t.test('SQL writes leave revisions too, named as sql', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const { id } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Ministers meet' } })).json() as { id: string }
  await app.db.$executeRaw`UPDATE articles SET summary = 'Edited in psql' WHERE id = ${id}::uuid`
  const latest = (await app.inject({ url: `/v1/articles/${id}/revisions?limit=1`, headers: editor })).json().data[0]
  t.match(latest, { number: 2, version: 1, actor: 'sql', actorKeyId: null, changed: ['summary'] })
})
