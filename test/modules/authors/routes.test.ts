import type { InjectOptions } from 'fastify'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom, titles } from '../fixtures.js'

const names = (body: { data: { name?: string }[] }) => body.data.map((item) => item.name)

t.test('authors: create, list, get, 304, update with If-Match, slug 301, delete unlinks', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({
    method: 'POST', url: '/v1/authors', headers: writer,
    payload: { name: '  Ingrid   Halvorsen ', role: 'Brussels correspondent', bio: 'Covers NATO.', url: 'https://example.org/staff/ingrid' }
  })
  t.equal(created.statusCode, 201)
  const ingrid = created.json()
  t.match(ingrid, { slug: 'ingrid-halvorsen', name: 'Ingrid Halvorsen', role: 'Brussels correspondent', bio: 'Covers NATO.', avatarUrl: null, version: 1 })
  t.equal(created.headers.location, `/v1/authors/${ingrid.id}`)
  t.equal(created.headers.etag, `"${ingrid.id}.1"`)
  const twin = await app.inject({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 'Ingrid Halvorsen' } })
  t.equal(twin.json().slug, 'ingrid-halvorsen-2', 'a generated slug never collides')
  await app.inject({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 'Abel Okafor' } })

  // Made on their own by an editor: public at once, like a topic or speaker.
  t.same(names((await app.inject({ url: '/v1/authors' })).json()), ['Abel Okafor', 'Ingrid Halvorsen', 'Ingrid Halvorsen'])
  t.same(names((await app.inject({ url: '/v1/authors?sort=-createdAt&limit=1' })).json()), ['Abel Okafor'])
  t.same(names((await app.inject({ url: '/v1/authors?q=ing' })).json()), ['Ingrid Halvorsen', 'Ingrid Halvorsen'])
  const first = await app.inject({ url: '/v1/authors?limit=2&count=true' })
  t.equal(first.json().total, 3)
  const second = await app.inject({ url: `/v1/authors?limit=2&cursor=${first.json().nextCursor}` })
  t.same([...first.json().data, ...second.json().data].map((a: { slug: string }) => a.slug).sort(), ['abel-okafor', 'ingrid-halvorsen', 'ingrid-halvorsen-2'], 'keyset pages')
  t.equal(second.json().nextCursor, null)
  t.same((await app.inject({ url: '/v1/authors?fields=slug&limit=1' })).json().data, [{ id: (await app.inject({ url: '/v1/authors/abel-okafor' })).json().id, slug: 'abel-okafor' }])

  const read = await app.inject({ url: '/v1/authors/ingrid-halvorsen' })
  t.equal(read.statusCode, 200)
  t.equal(read.headers.etag, `"${ingrid.id}.1"`)
  t.ok(read.headers['last-modified'])
  t.equal((await app.inject({ url: `/v1/authors/${ingrid.id}` })).json().slug, 'ingrid-halvorsen', 'by id')
  const notModified = await app.inject({ url: '/v1/authors/ingrid-halvorsen', headers: { 'if-none-match': read.headers.etag as string } })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.body, '')

  const stale = await app.inject({ method: 'PATCH', url: '/v1/authors/ingrid-halvorsen', headers: { ...writer, 'if-match': `"${ingrid.id}.9"` }, payload: { role: 'x' } })
  t.equal(stale.statusCode, 412)
  t.match(stale.headers['content-type'], /^application\/problem\+json/)
  const renamed = await app.inject({
    method: 'PATCH', url: '/v1/authors/ingrid-halvorsen', headers: { ...writer, 'if-match': `"${ingrid.id}.1"` }, payload: { name: 'Ingrid M. Halvorsen', slug: 'ingrid-m-halvorsen' }
  })
  t.match(renamed.json(), { slug: 'ingrid-m-halvorsen', name: 'Ingrid M. Halvorsen', version: 2 })
  t.equal(renamed.headers.etag, `"${ingrid.id}.2"`)
  const moved = await app.inject({ url: '/v1/authors/ingrid-halvorsen?fields=name' })
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, '/v1/authors/ingrid-m-halvorsen?fields=name')
  t.equal((await app.inject({ url: '/v1/authors/ingrid-halvorsen/articles' })).headers.location, '/v1/authors/ingrid-m-halvorsen/articles')
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/authors/abel-okafor', headers: writer, payload: { slug: 'ingrid-halvorsen' } })).statusCode, 409,
    'an old slug is never given to another author')
  t.equal((await app.inject({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 'x', slug: 'abel-okafor' } })).statusCode, 409)

  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Ministers meet', status: 'published', authors: [{ slug: 'abel-okafor' }], byline: 'By Abel Okafor' } })
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/authors/abel-okafor', headers: writer })).statusCode, 204)
  t.equal((await app.inject({ url: '/v1/authors/abel-okafor' })).statusCode, 404)
  const story = (await app.inject({ url: '/v1/articles/ministers-meet?include=authors' })).json()
  t.match(story, { authors: [], byline: 'By Abel Okafor' }, 'the article stays, unlinked, with its byline text')
})

t.test('authors: bad input is a 4xx problem and changes nothing', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const problem = async (request: InjectOptions, status: number) => {
    const response = await app.inject(request)
    t.equal(response.statusCode, status, JSON.stringify(request))
    t.match(response.headers['content-type'], /^application\/problem\+json/)
  }
  await problem({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: '   ' } }, 400)
  await problem({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 'A', url: 'javascript:alert(1)' } }, 400)
  await problem({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 'A', nickname: 'x' } }, 400)
  await problem({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 123 } }, 400)
  await problem({ method: 'POST', url: '/v1/authors', payload: { name: 'A' } }, 401)
  await problem({ method: 'POST', url: '/v1/authors', headers: await authHeaders(app, 'content:read-drafts'), payload: { name: 'A' } }, 403)
  await problem({ method: 'PATCH', url: '/v1/authors/nobody', headers: writer, payload: { name: 'A' } }, 404)
  await problem({ method: 'PATCH', url: '/v1/authors/nobody', headers: writer, payload: {} }, 400)
  await problem({ url: '/v1/authors?sort=bio' }, 400)
  await problem({ url: '/v1/authors/nobody' }, 404)
  await problem({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'T', authors: [{ slug: 'nobody' }] } }, 422)
  await problem({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'T', authors: [{ name: '' }] } }, 400)
  await problem({ url: '/v1/articles?author=Not%20A%20Slug' }, 400)
  t.equal((await app.inject({ url: '/v1/authors?count=true' })).json().total, 0, 'nothing was written')
  t.equal((await app.inject({ url: '/v1/articles?count=true' })).json().total, 0)
})

t.test('articles: ordered authors, byline text, get-or-create, filter, nested list', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const made = await app.inject({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 'Abel Okafor' } })
  const created = await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: 'Allies meet', status: 'published', byline: 'By Jane Doe and Abel Okafor, Reuters', authors: [{ name: 'Jane Doe', role: 'Defence editor' }, { id: made.json().id }, { slug: 'abel-okafor' }] }
  })
  t.equal(created.statusCode, 201)
  t.same(created.json().authors.map((a: { slug: string }) => a.slug), ['jane-doe', 'abel-okafor'], 'in the order sent, once each')
  t.equal(created.json().byline, 'By Jane Doe and Abel Okafor, Reuters')
  t.match((await app.inject({ url: '/v1/authors/jane-doe' })).json(), { name: 'Jane Doe', role: 'Defence editor' }, 'created by name')

  const reordered = await app.inject({ method: 'PATCH', url: '/v1/articles/allies-meet', headers: writer, payload: { authors: [{ slug: 'abel-okafor' }, { name: 'Jane Doe' }] } })
  t.equal(reordered.statusCode, 200)
  t.equal(reordered.json().version, 2)
  t.same((await app.inject({ url: '/v1/articles/allies-meet?include=authors' })).json().authors.map((a: { name: string }) => a.name), ['Abel Okafor', 'Jane Doe'])
  t.same((await app.inject({ url: '/v1/articles?include=authors&fields=title&limit=1' })).json().data[0].authors.map((a: { slug: string }) => a.slug), ['abel-okafor', 'jane-doe'],
    'lists embed them too')
  const plain = (await app.inject({ url: '/v1/articles/allies-meet' })).json()
  t.notOk('authors' in plain, 'only with include=authors, as topics')

  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Second story', status: 'published', publishedAt: '2024-01-04T00:00:00.000Z', authors: [{ slug: 'jane-doe' }] } })
  t.same(titles((await app.inject({ url: '/v1/articles?author=jane-doe' })).json()), ['Allies meet', 'Second story'])
  t.same(titles((await app.inject({ url: `/v1/articles?author=${made.json().id}` })).json()), ['Allies meet'], 'by id')
  t.same(titles((await app.inject({ url: '/v1/articles?author=nobody' })).json()), [])
  t.same(titles((await app.inject({ url: '/v1/authors/jane-doe/articles' })).json()), ['Allies meet', 'Second story'])
  t.same(titles((await app.inject({ url: '/v1/authors/jane-doe/articles?sort=title&limit=1' })).json()), ['Allies meet'])
  t.equal((await app.inject({ url: '/v1/authors/nobody/articles' })).statusCode, 404)

  const unlinked = await app.inject({ method: 'PATCH', url: '/v1/articles/second-story', headers: writer, payload: { authors: [], byline: 'Reuters' } })
  t.equal(unlinked.json().byline, 'Reuters')
  t.same(titles((await app.inject({ url: '/v1/authors/jane-doe/articles' })).json()), ['Allies meet'])
})

t.test('authors only drafts use are invisible to the public until the story is published', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const editorOnly = await authHeaders(app, 'content:read-drafts')
  const draft = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Merger talks', status: 'draft', authors: [{ name: 'Secret Source Writer' }] } })
  t.equal(draft.statusCode, 201)
  t.equal((await app.inject({ url: '/v1/authors/secret-source-writer' })).statusCode, 404)
  t.same(names((await app.inject({ url: '/v1/authors' })).json()), [])
  t.equal((await app.inject({ url: '/v1/authors?count=true' })).json().total, 0)
  t.equal((await app.inject({ url: '/v1/authors/secret-source-writer/articles' })).statusCode, 404)
  t.equal((await app.inject({ url: `/v1/authors/${draft.json().authors[0].id}`, headers: { 'if-none-match': `"${draft.json().authors[0].id}.1"` } })).statusCode, 404, 'no 304 either')
  t.equal((await app.inject({ url: '/v1/authors/secret-source-writer', headers: editorOnly })).statusCode, 200, 'a key that reads drafts sees them')
  const publicFeed = (await app.inject({ url: '/v1/changes?resource=author' })).json().data
  t.same(publicFeed, [], 'nor in the public change feed')

  await app.inject({ method: 'PATCH', url: '/v1/articles/merger-talks', headers: writer, payload: { status: 'published' } })
  t.equal((await app.inject({ url: '/v1/authors/secret-source-writer' })).statusCode, 200, 'public with the story')
  t.same(names((await app.inject({ url: '/v1/authors' })).json()), ['Secret Source Writer'])
  const events = (await app.inject({ url: '/v1/changes?resource=author' })).json().data
  t.match(events, [{ kind: 'published', resource: 'author', slug: 'secret-source-writer', tombstone: false }])

  await app.inject({ method: 'PATCH', url: '/v1/articles/merger-talks', headers: writer, payload: { status: 'draft' } })
  t.equal((await app.inject({ url: '/v1/authors/secret-source-writer' })).statusCode, 404, 'hidden again with it')
  t.match((await app.inject({ url: '/v1/changes?resource=author' })).json().data.at(-1), { kind: 'unpublished', tombstone: true })
})

t.test('authors in the change feed: created, updated, deleted; an article says its authors changed', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = (await app.inject({ method: 'POST', url: '/v1/authors', headers: writer, payload: { name: 'Abel Okafor' } })).json()
  await app.inject({ method: 'PATCH', url: '/v1/authors/abel-okafor', headers: writer, payload: { bio: 'Reports on trade.' } })
  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Trade deal', status: 'published' } })
  const start = (await app.inject({ url: '/v1/changes?after=now' })).json().nextCursor
  await app.inject({ method: 'PATCH', url: '/v1/articles/trade-deal', headers: writer, payload: { authors: [{ slug: 'abel-okafor' }] } })
  const linked = (await app.inject({ url: `/v1/changes?after=${start}&resource=article` })).json().data
  t.match(linked, [{ kind: 'updated', resource: 'article', changed: ['authors'] }])
  const same = (await app.inject({ url: '/v1/changes?after=now' })).json().nextCursor
  await app.inject({ method: 'PATCH', url: '/v1/articles/trade-deal', headers: writer, payload: { authors: [{ slug: 'abel-okafor' }], summary: 'A deal.' } })
  t.match((await app.inject({ url: `/v1/changes?after=${same}&resource=article` })).json().data, [{ changed: ['summary'] }], 'the same authors again change nothing')
  await app.inject({ method: 'DELETE', url: '/v1/authors/abel-okafor', headers: writer })
  const all = (await app.inject({ url: '/v1/changes?resource=author' })).json().data
  t.same(all.map((event: { kind: string }) => event.kind), ['created', 'updated', 'deleted'])
  t.ok(all.every((event: { resourceId: string }) => event.resourceId === created.id))
})
