import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom, titles } from '../fixtures.js'

const names = (body: { data: { name?: string }[] }) => body.data.map((item) => item.name)

t.test('topics: list, prefix, sort, fields, counts, get, nested articles', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  t.same(names((await app.inject({ url: '/v1/topics' })).json()), ['Afghanistan', 'Economy', 'NATO'])
  t.same(names((await app.inject({ url: '/v1/topics?sort=-name' })).json()), ['NATO', 'Economy', 'Afghanistan'])
  t.same(names((await app.inject({ url: '/v1/topics?sort=createdAt' })).json()), ['NATO', 'Afghanistan', 'Economy'])
  t.same(names((await app.inject({ url: '/v1/topics?q=aF' })).json()), ['Afghanistan'], 'prefix, any case')
  t.same(names((await app.inject({ url: '/v1/topics?q=%25' })).json()), [], '% is a character, not a wildcard')
  t.same(names((await app.inject({ url: '/v1/topics?q=ghan' })).json()), [], 'a prefix, not a substring')
  t.same(names((await app.inject({ url: '/v1/topics?q=_' })).json()), [], '_ too')
  const page = await app.inject({ url: '/v1/topics?limit=2&count=true' })
  t.equal(page.json().total, 3)
  t.same(names((await app.inject({ url: `/v1/topics?limit=2&cursor=${page.json().nextCursor}` })).json()), ['NATO'])
  t.same((await app.inject({ url: '/v1/topics?fields=slug&limit=1' })).json().data[0], { id: (await app.inject({ url: '/v1/topics/afghanistan' })).json().id, slug: 'afghanistan' })
  const counted = (await app.inject({ url: '/v1/topics?include=counts' })).json().data
  t.same(counted.map((topic: { slug: string, articleCount: number, quoteCount: number }) => [topic.slug, topic.articleCount, topic.quoteCount]),
    [['afghanistan', 2, 1], ['economy', 1, 0], ['nato', 1, 0]], 'counts of what the public may see')
  const editor = await authHeaders(app, 'content:read-drafts')
  t.match((await app.inject({ url: '/v1/topics/nato?include=counts', headers: editor })).json(), { articleCount: 4 })

  const nato = await app.inject({ url: '/v1/topics/nato' })
  t.match(nato.json(), { slug: 'nato', name: 'NATO', description: null, aliases: [], version: 1 })
  t.equal(nato.headers.etag, `"${nato.json().id}.1"`)
  t.equal((await app.inject({ url: `/v1/topics/${nato.json().id}` })).json().slug, 'nato')
  t.equal((await app.inject({ url: '/v1/topics/nope' })).statusCode, 404)
  t.same(titles((await app.inject({ url: '/v1/topics/afghanistan/articles' })).json()), ['NATO summit ends', 'Afghanistan update'])
  t.same(titles((await app.inject({ url: '/v1/topics/afghanistan/articles?sort=title&section=World' })).json()), ['Afghanistan update', 'NATO summit ends'])
  t.equal((await app.inject({ url: '/v1/topics/nope/articles' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/topics?name=x' })).statusCode, 400)
})

t.test('topics: create, update, slug redirect, delete unlinks', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'NATO', aliases: ['North Atlantic Treaty Organization'] } })
  t.equal(created.statusCode, 201)
  t.equal(created.json().slug, 'nato-2', 'a generated slug never collides')
  t.equal(created.headers.location, `/v1/topics/${created.json().id}`)
  t.equal((await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'x', slug: 'economy' } })).statusCode, 409)

  const id = created.json().id
  const renamed = await app.inject({ method: 'PATCH', url: '/v1/topics/nato-2', headers: { ...writer, 'if-match': `"${id}.1"` }, payload: { name: 'NATO alliance', description: 'The alliance' } })
  t.match(renamed.json(), { slug: 'nato-2', name: 'NATO alliance', description: 'The alliance', version: 2 }, 'renaming keeps the slug')
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/topics/nato-2', headers: { ...writer, 'if-match': `"${id}.1"` }, payload: { name: 'x' } })).statusCode, 412)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/topics/nato-2', headers: writer, payload: { slug: 'economy' } })).statusCode, 409)
  await app.inject({ method: 'PATCH', url: '/v1/topics/nato-2', headers: writer, payload: { slug: 'alliance' } })
  const old = await app.inject({ url: '/v1/topics/nato-2?include=counts' })
  t.equal(old.statusCode, 301)
  t.equal(old.headers.location, '/v1/topics/alliance?include=counts')
  t.equal((await app.inject({ url: '/v1/topics/nato-2/articles' })).headers.location, '/v1/topics/alliance/articles')
  t.equal((await app.inject({ url: '/v1/topics/nato-2/quotes' })).headers.location, '/v1/topics/alliance/quotes')

  t.equal((await app.inject({ method: 'DELETE', url: '/v1/topics/afghanistan', headers: { ...writer, 'if-match': '"x.1"' } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/topics/afghanistan', headers: writer })).statusCode, 204)
  t.equal((await app.inject({ url: '/v1/topics/afghanistan' })).statusCode, 404)
  const summit = (await app.inject({ url: '/v1/articles/nato-summit-ends?include=topics' })).json()
  t.same(summit.topics.map((topic: { slug: string }) => topic.slug), ['nato'], 'the article stays, unlinked')
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/topics/afghanistan', headers: writer })).statusCode, 404)
})
