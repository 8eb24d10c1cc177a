import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom } from '../fixtures.js'

const names = (body: { data: { name?: string }[] }) => body.data.map((item) => item.name)

t.test('speakers: list, prefix, sort, fields, counts, get', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  t.same(names((await app.inject({ url: '/v1/speakers' })).json()), ['Jens Stoltenberg', 'Joe Biden'])
  t.same(names((await app.inject({ url: '/v1/speakers?sort=-name' })).json()), ['Joe Biden', 'Jens Stoltenberg'])
  t.same(names((await app.inject({ url: '/v1/speakers?sort=-createdAt' })).json()), ['Joe Biden', 'Jens Stoltenberg'])
  t.same(names((await app.inject({ url: '/v1/speakers?q=jo' })).json()), ['Joe Biden'])
  t.same(names((await app.inject({ url: '/v1/speakers?q=J&limit=1' })).json()), ['Jens Stoltenberg'])
  t.same(Object.keys((await app.inject({ url: '/v1/speakers?fields=name,role' })).json().data[0]).sort(), ['id', 'name', 'role'])
  const counted = (await app.inject({ url: '/v1/speakers?include=counts&count=true' })).json()
  t.equal(counted.total, 2)
  t.same(counted.data.map((s: { quoteCount: number }) => s.quoteCount), [2, 2], 'only public quotes counted')
  const one = await app.inject({ url: '/v1/speakers/jens-stoltenberg' })
  t.match(one.json(), { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO', version: 1 })
  t.match(one.json().roles, [{ role: 'Secretary General', organization: 'NATO' }], 'with the roles held')
  t.equal((await app.inject({ url: `/v1/speakers/${one.json().id}` })).json().slug, 'jens-stoltenberg')
  t.equal((await app.inject({ url: '/v1/speakers/nobody' })).statusCode, 404)
})

t.test('speakers: create, update, slug redirect, delete only without quotes', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'Joe Biden', role: 'Senator' } })
  t.equal(created.statusCode, 201)
  t.equal(created.json().slug, 'joe-biden-2')
  t.equal(created.headers.location, `/v1/speakers/${created.json().id}`)
  t.equal((await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'x', slug: 'joe-biden' } })).statusCode, 409)
  const id = created.json().id
  const patched = await app.inject({ method: 'PATCH', url: `/v1/speakers/${id}`, headers: { ...writer, 'if-match': `"${id}.1"` }, payload: { name: 'Joseph Biden', organization: null } })
  t.match(patched.json(), { name: 'Joseph Biden', slug: 'joe-biden-2', role: 'Senator', organization: null, version: 2 })
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/speakers/${id}`, headers: { ...writer, 'if-match': `"${id}.1"` }, payload: { name: 'x' } })).statusCode, 412)

  await app.inject({ method: 'PATCH', url: '/v1/speakers/jens-stoltenberg', headers: writer, payload: { slug: 'stoltenberg' } })
  const old = await app.inject({ url: '/v1/speakers/jens-stoltenberg' })
  t.equal(old.statusCode, 301)
  t.equal(old.headers.location, '/v1/speakers/stoltenberg')
  t.equal((await app.inject({ url: '/v1/speakers/jens-stoltenberg/quotes?limit=1' })).headers.location, '/v1/speakers/stoltenberg/quotes?limit=1')

  const busy = await app.inject({ method: 'DELETE', url: '/v1/speakers/stoltenberg', headers: writer })
  t.equal(busy.statusCode, 409, 'a speaker with quotes stays')
  t.match(busy.json().detail, /still has 5 quote/)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/speakers/${id}`, headers: { ...writer, 'if-match': `"${id}.1"` } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/speakers/${id}`, headers: { ...writer, 'if-match': `"${id}.2"` } })).statusCode, 204)
  t.equal((await app.inject({ url: `/v1/speakers/${id}` })).statusCode, 404)
})

t.test('a write-only key refused the delete of a quoted speaker is not told how many quotes hidden stories hold', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const published = await app.inject({ method: 'POST', url: '/v1/articles', headers: editor, payload: { title: 'Pier reopens', status: 'published', quotes: [{ text: 'We are open.', speaker: { name: 'Mara Quill' } }] } })
  t.equal(published.statusCode, 201, published.body)
  const draft = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: { title: 'Pier to close again', status: 'draft', quotes: [{ text: 'Not a word yet.', speaker: { slug: 'mara-quill' } }, { text: 'Nor now.', speaker: { slug: 'mara-quill' } }] }
  })
  t.equal(draft.statusCode, 201, draft.body)

  const refused = await app.inject({ method: 'DELETE', url: '/v1/speakers/mara-quill', headers: writer })
  t.equal(refused.statusCode, 409, 'a speaker with quotes stays')
  t.match(refused.json().detail, /still has 1 quote/, `the quotes the key may read, not the draft's (${refused.json().detail})`)
  const edited = await app.inject({ method: 'DELETE', url: '/v1/speakers/mara-quill', headers: editor })
  t.match(edited.json().detail, /still has 3 quote/, 'an editor is told of all of them')
})
