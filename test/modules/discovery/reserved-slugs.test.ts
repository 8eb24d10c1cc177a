import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

const NDJSON = { 'content-type': 'application/x-ndjson' }

// `/v1/topics/trending` and `/v1/speakers/trending` are the trending lists: a topic or speaker
// with the slug `trending` could never be read. Generated slugs skip it; an explicit one is a 409.
t.test('no topic or speaker is given the slug "trending", the path of the trending list', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')

  for (const resource of ['topics', 'speakers'] as const) {
    const created = await app.inject({ method: 'POST', url: `/v1/${resource}`, headers: writer, payload: { name: 'Trending' } })
    t.equal(created.statusCode, 201, `${resource}: created`)
    t.equal(created.json().slug, 'trending-2', `${resource}: the generated slug skips "trending"`)
    t.equal((await app.inject({ url: `/v1/${resource}/trending-2` })).json().name, 'Trending', `${resource}: readable at its slug`)
    t.equal((await app.inject({ url: `/v1/${resource}/trending` })).statusCode, 200, `${resource}: the trending list still answers`)

    const explicit = await app.inject({ method: 'POST', url: `/v1/${resource}`, headers: writer, payload: { name: 'Whatever is hot', slug: 'trending' } })
    t.equal(explicit.statusCode, 409, `${resource}: an explicit "trending" is refused`)
    t.match(explicit.headers['content-type'], /^application\/problem\+json/)
    t.match(explicit.json().detail, /reserved/)

    const renamed = await app.inject({ method: 'PATCH', url: `/v1/${resource}/trending-2`, headers: writer, payload: { slug: 'trending' } })
    t.equal(renamed.statusCode, 409, `${resource}: renaming to "trending" is refused`)
  }

  // An article naming the topic and speaker reuses the ones above; an explicit reserved slug is refused and writes nothing.
  const article = await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: 'What is hot', topics: [{ name: 'Trending' }], quotes: [{ text: 'Everything, always.', speaker: { name: 'Trending' } }] }
  })
  t.equal(article.statusCode, 201)
  const stored = await app.db.article.findUniqueOrThrow({ where: { slug: 'what-is-hot' }, include: { topics: { include: { topic: true } }, quotes: { include: { speaker: true } } } })
  t.same(stored.topics.map(({ topic }) => topic.slug), ['trending-2'])
  t.same(stored.quotes.map((quote) => quote.speaker?.slug), ['trending-2'])
  const refused = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Sneaky', topics: [{ name: 'Sneaky', slug: 'trending' }] } })
  t.equal(refused.statusCode, 409)
  t.equal(await app.db.article.count({ where: { slug: 'sneaky' } }), 0)

  // The bulk writer follows the same rule.
  const bulk = await app.inject({
    method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer },
    payload: [
      { title: 'Bulk story', status: 'draft', topics: [{ name: 'Trending' }], quotes: [{ text: 'Words.', speaker: { name: 'Trending' } }] },
      { title: 'Bulk sneaky', status: 'draft', topics: [{ name: 'Sneaky', slug: 'trending' }] }
    ].map((line) => JSON.stringify(line)).join('\n') + '\n'
  })
  t.equal(bulk.statusCode, 200)
  t.match(bulk.json(), { created: 1, failed: 1 })
  t.same(bulk.json().errors.map((e: { line: number, status: number }) => [e.line, e.status]), [[2, 409]])
  t.equal(await app.db.topic.count({ where: { slug: 'trending' } }), 0)
  t.equal(await app.db.speaker.count({ where: { slug: 'trending' } }), 0)
})

// `/v1/topics/trending` has GET (and HEAD) only; PATCH or DELETE there once reached the
// `/:idOrSlug` routes (a 400 or 404). A method the fixed route lacks is its 405, with Allow.
t.test('a method the trending list lacks is a 405 naming the ones it has', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  for (const resource of ['topics', 'speakers'] as const) {
    for (const method of ['PATCH', 'DELETE', 'POST', 'PUT'] as const) {
      const res = await app.inject({ method, url: `/v1/${resource}/trending?window=7d`, headers: writer, ...(method !== 'DELETE' && { payload: { name: 'x' } }) })
      t.equal(res.statusCode, 405, `${method} /v1/${resource}/trending`)
      t.equal(res.headers.allow, 'GET, HEAD')
      t.match(res.headers['content-type'], /^application\/problem\+json/)
    }
    t.equal((await app.inject({ url: `/v1/${resource}/trending` })).statusCode, 200)
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/${resource}/nobody`, headers: writer, payload: { name: 'x' } })).statusCode, 404, 'other slugs still reach the item routes')
  }
  t.equal(await app.db.topic.count(), 0)
  t.equal(await app.db.speaker.count(), 0)
})
