import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// `/topics/{t}/articles` and `/authors/{a}/articles` look the topic or author up without the
// visibility rule (a public page of public stories shows only what the public may see). An
// old slug then answered 301 to the new slug of a topic or author only a draft uses: to a
// public caller, who gets 404 for that topic everywhere else, that named the hidden new slug.

t.test('an old slug of a hidden topic or author is a 404 to the public, a 301 to a key that may read drafts', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const draft = await app.inject({
    method: 'POST', url: '/v1/articles', headers: editor,
    payload: { title: 'Unannounced merger', status: 'draft', topics: [{ name: 'Secret Merger' }], authors: [{ name: 'Hidden Writer' }] }
  })
  t.equal(draft.statusCode, 201)
  for (const [resource, slug, renamed] of [['topics', 'secret-merger', 'project-falcon'], ['authors', 'hidden-writer', 'falcon-desk']] as const) {
    const renaming = await app.inject({ method: 'PATCH', url: `/v1/${resource}/${slug}`, headers: editor, payload: { slug: renamed } })
    t.equal(renaming.statusCode, 200, `${resource}: renamed`)

    for (const url of [`/v1/${resource}/${slug}`, `/v1/${resource}/${slug}/articles`, `/v1/${resource}/${renamed}/articles`]) {
      const res = await app.inject({ url })
      t.equal(res.statusCode, 404, `public ${url}: ${res.statusCode} ${res.headers.location ?? ''}`)
      if (!url.includes(renamed)) t.notMatch(res.body + (res.headers.location ?? ''), renamed, 'the new slug is not named')
    }
    const moved = await app.inject({ url: `/v1/${resource}/${slug}/articles`, headers: editor })
    t.equal(moved.statusCode, 301)
    t.equal(moved.headers.location, `/v1/${resource}/${renamed}/articles`)
  }
})

t.test('an old slug of a public topic still answers 301 to everyone', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  await app.inject({ method: 'POST', url: '/v1/articles', headers: editor, payload: { title: 'Open story', status: 'published', topics: [{ name: 'Open Topic' }] } })
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/topics/open-topic', headers: editor, payload: { slug: 'open-topic-renamed' } })).statusCode, 200)
  const moved = await app.inject({ url: '/v1/topics/open-topic/articles?limit=5' })
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, '/v1/topics/open-topic-renamed/articles?limit=5')
})
