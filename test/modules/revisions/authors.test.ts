import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Revisions hold the article's authors in byline order (migration 020): a change to the author
// list makes a revision, the diff shows who was added, removed or moved, and restore brings the
// list back.

const json = { 'content-type': 'application/json' }
type Author = { id: string, slug: string, name: string, role: string | null }

t.test('author changes make revisions that hold the ordered authors; the diff and restore follow them', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({
    method: 'POST', url: '/v1/articles', headers: { ...editor, ...json },
    payload: { title: 'Ministers meet in Brussels', authors: [{ name: 'Ingrid Halvorsen', role: 'Brussels correspondent' }, { name: 'Per Olsen' }] }
  })
  t.equal(created.statusCode, 201)
  const id = created.json().id as string
  const url = `/v1/articles/${id}/revisions`
  const shown = (await app.inject({ url: `/v1/articles/${id}?include=authors`, headers: editor })).json().authors as Author[]
  const first = (await app.inject({ url: `${url}/1`, headers: editor })).json()
  t.same(first.article.authors, shown, 'the snapshot holds the authors as include=authors shows them')
  t.same(shown.map((a) => a.slug), ['ingrid-halvorsen', 'per-olsen'])

  // Reorder: a revision of its own, the article's other fields unchanged.
  const reordered = await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: { ...editor, ...json }, payload: { authors: [{ slug: 'per-olsen' }, { slug: 'ingrid-halvorsen' }] } })
  t.equal(reordered.statusCode, 200)
  const second = (await app.inject({ url: `${url}?limit=1`, headers: editor })).json().data[0]
  t.match(second, { number: 2, changed: ['authors'] })
  const moved = (await app.inject({ url: `${url}/1/diff?to=2`, headers: editor })).json()
  t.same(moved.changes.map((c: { field: string }) => c.field), ['authors'])
  t.match(moved.changes[0], { field: 'authors', added: [], removed: [], reordered: true })

  // Replace one author.
  await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: { ...editor, ...json }, payload: { authors: [{ slug: 'per-olsen' }, { name: 'Lena Voss' }] } })
  const replaced = (await app.inject({ url: `${url}/2/diff?to=3`, headers: editor })).json()
  t.match(replaced.changes[0], { field: 'authors', added: [{ slug: 'lena-voss' }], removed: [{ slug: 'ingrid-halvorsen' }], reordered: false })

  // SQL writes to the links leave revisions too.
  await app.db.$executeRaw`DELETE FROM article_authors WHERE article_id = ${id}::uuid AND position = 1`
  const sql = (await app.inject({ url: `${url}?limit=1`, headers: editor })).json().data[0]
  t.match(sql, { number: 4, actor: 'sql', changed: ['authors'] })
  t.same(((await app.inject({ url: `${url}/4`, headers: editor })).json().article.authors as Author[]).map((a) => a.slug), ['per-olsen'])

  // Restore brings the list back, in its order.
  const restored = await app.inject({ method: 'POST', url: `${url}/1/restore`, headers: editor })
  t.equal(restored.statusCode, 201)
  t.same((restored.json().article.authors as Author[]).map((a) => a.slug), ['ingrid-halvorsen', 'per-olsen'])
  const now = (await app.inject({ url: `/v1/articles/${id}?include=authors`, headers: editor })).json()
  t.same(now.authors, shown, 'the article has its first authors again, in their order')
  const same = (await app.inject({ url: `${url}/1/diff?to=${restored.json().number as number}`, headers: editor })).json()
  t.same(same.changes, [], 'the restored revision equals the first in content')
})

t.test('restoring a revision whose author was deleted since is a 409, nothing changed', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const admin = await authHeaders(app, 'content:write', 'content:read-drafts', 'admin')
  const { id } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Ministers meet', authors: [{ name: 'Ingrid Halvorsen' }] } })).json() as { id: string }
  await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: { ...editor, ...json }, payload: { authors: [{ name: 'Per Olsen' }] } })
  const deleted = await app.inject({ method: 'DELETE', url: '/v1/authors/ingrid-halvorsen', headers: admin })
  t.ok([204, 200].includes(deleted.statusCode), `author deleted (${deleted.statusCode})`)
  const before = (await app.inject({ url: `/v1/articles/${id}?include=authors`, headers: editor })).json()
  const res = await app.inject({ method: 'POST', url: `/v1/articles/${id}/revisions/1/restore`, headers: editor })
  t.equal(res.statusCode, 409)
  t.match(res.json(), { status: 409, detail: /Author "ingrid-halvorsen" was deleted since this revision/ })
  const after = (await app.inject({ url: `/v1/articles/${id}?include=authors`, headers: editor })).json()
  t.same(after, before, 'nothing changed')
})
