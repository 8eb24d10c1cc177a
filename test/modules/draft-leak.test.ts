import t from 'tap'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../helpers/app.js'

// The draft-leak matrix: every public read route × every status a public caller must not
// see. A hidden story, its quotes, its slug and its id must never appear in any answer
// without a key, and must appear with a `content:read-drafts` key.

const HIDDEN = {
  draft: { status: 'draft' as const, publishedAt: null },
  'scheduled in the future': { status: 'scheduled' as const, publishedAt: '2999-01-01T00:00:00.000Z' },
  archived: { status: 'archived' as const, publishedAt: '2023-06-01T00:00:00.000Z' },
  'draft with a past date': { status: 'draft' as const, publishedAt: '2023-06-01T00:00:00.000Z' }
}

t.test('no public route shows a hidden story or its quotes; a draft-reading key sees them', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:read-drafts')
  // A public story on the same topic, section and speaker, so every list has something to show.
  await saveArticleGraph(app.db, {
    title: 'Public story', section: 'World', status: 'published', publishedAt: '2024-01-01T00:00:00.000Z', topics: [{ name: 'Shared' }], authors: [{ name: 'Shared Author' }],
    quotes: [{ text: 'Public words', speaker: { name: 'Shared Speaker' }, topics: [{ slug: 'shared' }] }]
  })

  let n = 0
  for (const [label, visibility] of Object.entries(HIDDEN)) {
    n++
    const story = await saveArticleGraph(app.db, {
      title: `Hidden story ${n}`, section: 'World', ...visibility, topics: [{ slug: 'shared' }, { name: `Only hidden ${n}` }],
      authors: [{ slug: 'shared-author' }, { name: `Hidden Author ${n}` }],
      quotes: [
        { text: `Hidden words ${n}`, speaker: { name: 'Shared Speaker' }, saidAt: '2024-01-02T00:00:00.000Z', topics: [{ slug: 'shared' }] },
        { text: `Hidden words ${n}b`, speaker: { name: `Hidden Speaker ${n}` }, topics: [{ slug: `only-hidden-${n}` }] }
      ]
    })
    const quoteIds = (await app.db.quote.findMany({ where: { articleId: story.id }, select: { id: true } })).map((q) => q.id)
    // The topic and the speaker only this hidden story uses are as secret as the story.
    const secrets = [story.id, story.slug, `Hidden story ${n}`, `Hidden words ${n}`, `Only hidden ${n}`, `Hidden Speaker ${n}`, `Hidden Author ${n}`, ...quoteIds]

    const everyPublicRead = [
      '/v1/articles', '/v1/articles?limit=100', '/v1/articles?include=topics,quotes', '/v1/articles?topic=shared',
      `/v1/articles?allTopics=shared,only-hidden-${n}`, '/v1/articles?section=World', '/v1/articles?speaker=shared-speaker',
      `/v1/articles?speaker=hidden-speaker-${n}`, '/v1/articles?sort=title&fields=title,slug', '/v1/articles?publishedAfter=2000-01-01T00:00:00Z',
      `/v1/articles/${story.slug}`, `/v1/articles/${story.id}`, `/v1/articles/${story.slug}?include=quotes,topics`,
      `/v1/articles/${story.slug}/quotes`, `/v1/articles/${story.id}/quotes?include=article`,
      '/v1/topics/shared/articles', `/v1/topics/only-hidden-${n}/articles?include=quotes`,
      '/v1/topics/shared/quotes', `/v1/topics/only-hidden-${n}/quotes?include=article`,
      '/v1/speakers/shared-speaker/quotes', `/v1/speakers/hidden-speaker-${n}/quotes?include=article,topics`,
      '/v1/quotes', '/v1/quotes?limit=100&include=article,speaker,topics', '/v1/quotes?speaker=shared-speaker', `/v1/quotes?article=${story.slug}`,
      '/v1/quotes?topic=shared', `/v1/quotes?saidAfter=2024-01-01T12:00:00Z`, '/v1/quotes?sort=createdAt&fields=text',
      ...quoteIds.map((id) => `/v1/quotes/${id}`), ...quoteIds.map((id) => `/v1/quotes/${id}?include=article`),
      `/v1/quotes/random?article=${story.slug}`, `/v1/quotes/random?speaker=hidden-speaker-${n}`, `/v1/quotes/random?topic=only-hidden-${n}`,
      '/v1/quotes/random?speaker=shared-speaker', '/v1/quotes/random', '/v1/quotes/today', '/v1/quotes/today?include=article',
      '/v1/topics', '/v1/topics?limit=100&include=counts', '/v1/topics?q=only', `/v1/topics/only-hidden-${n}`,
      `/v1/topics/only-hidden-${n}?include=counts`, '/v1/speakers', '/v1/speakers?q=hidden&include=counts',
      `/v1/speakers/hidden-speaker-${n}`, `/v1/speakers/hidden-speaker-${n}?include=counts`, '/v1/changes?limit=1000',
      '/v1/authors', '/v1/authors?q=hidden&count=true', `/v1/authors/hidden-author-${n}`, `/v1/authors/hidden-author-${n}/articles`,
      '/v1/authors/shared-author/articles?include=authors', `/v1/articles?author=hidden-author-${n}`, '/v1/articles?include=authors', '/v1/changes?resource=author'
    ]
    for (const url of everyPublicRead) {
      const res = await app.inject({ url })
      t.ok(res.statusCode === 200 || res.statusCode === 404, `${label}: ${url} answers ${res.statusCode}`)
      // A 404 problem echoes the URL the caller sent (in `detail` and `instance`): that is no leak.
      const body = res.statusCode === 404 ? JSON.stringify({ ...res.json(), detail: '', instance: '' }) : res.body
      const leaked = secrets.filter((secret) => body.includes(secret))
      t.same(leaked, [], `${label}: ${url} leaks nothing`)
    }
    // Counts on topics and speakers count only what the caller may see.
    t.match((await app.inject({ url: '/v1/topics/shared?include=counts' })).json(), { articleCount: 1, quoteCount: 1 }, `${label}: topic counts`)
    t.equal((await app.inject({ url: '/v1/speakers/shared-speaker?include=counts' })).json().quoteCount, 1, `${label}: speaker counts`)
    t.equal((await app.inject({ url: '/v1/topics?count=true' })).json().total, 1, `${label}: only the public topic is counted`)
    t.equal((await app.inject({ url: '/v1/speakers?count=true&limit=1' })).json().total, 1, `${label}: only the public speaker is counted`)

    // With a draft-reading key the same story is there.
    const seenWithKey = [
      `/v1/articles?topic=only-hidden-${n}`, `/v1/articles/${story.slug}`, `/v1/articles/${story.id}?include=quotes`,
      `/v1/articles/${story.slug}/quotes`, `/v1/topics/only-hidden-${n}/articles`, `/v1/topics/only-hidden-${n}/quotes`,
      `/v1/speakers/hidden-speaker-${n}/quotes`, `/v1/quotes?article=${story.slug}`, `/v1/quotes/${quoteIds[0]}`,
      `/v1/quotes/random?speaker=hidden-speaker-${n}`, '/v1/articles?limit=100&include=quotes',
      `/v1/topics/only-hidden-${n}`, `/v1/speakers/hidden-speaker-${n}?include=counts`, '/v1/topics?limit=100', '/v1/speakers?limit=100',
      `/v1/authors/hidden-author-${n}`, `/v1/authors/hidden-author-${n}/articles`, '/v1/authors?limit=100'
    ]
    for (const url of seenWithKey) {
      const res = await app.inject({ url, headers: editor })
      t.equal(res.statusCode, 200, `${label} with a key: ${url}`)
      t.ok(secrets.some((secret) => res.body.includes(secret)), `${label} with a key: ${url} shows the story`)
    }
    t.match((await app.inject({ url: `/v1/speakers/hidden-speaker-${n}?include=counts`, headers: editor })).json(), { quoteCount: 1 })
  }
})

t.test('topics and speakers: public unless only hidden stories use them', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Standalone' } })
  await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'Nobody Yet' } })
  t.equal((await app.inject({ url: '/v1/topics/standalone' })).statusCode, 200, 'a topic an editor made on its own is public')
  t.equal((await app.inject({ url: '/v1/speakers/nobody-yet' })).statusCode, 200, 'and a speaker nobody quotes yet')

  const draft = (await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: 'Draft', topics: [{ slug: 'standalone' }, { name: 'Embargoed Subject' }], quotes: [{ text: 'Soon', speaker: { name: 'Quiet Source' } }] }
  })).json()
  const names = async (url: string) => (await app.inject({ url })).json().data.map((item: { slug: string }) => item.slug)
  t.same(await names('/v1/topics'), [], 'a topic only a draft uses is hidden, even one that was public before')
  t.same(await names('/v1/speakers'), ['nobody-yet'])
  t.equal((await app.inject({ url: '/v1/speakers/quiet-source/quotes' })).statusCode, 404, 'its nested lists are a 404 too')
  t.equal((await app.inject({ url: '/v1/topics/embargoed-subject/articles' })).statusCode, 404)
  const etag = (await app.inject({ url: '/v1/topics/embargoed-subject', headers: writer })).headers.etag as string
  t.equal((await app.inject({ url: '/v1/topics/embargoed-subject', headers: { 'if-none-match': etag } })).statusCode, 404, 'not even a 304 gives it away')

  await app.inject({ method: 'PATCH', url: `/v1/articles/${draft.id}`, headers: writer, payload: { status: 'published' } })
  t.same(await names('/v1/topics'), ['embargoed-subject', 'standalone'], 'publishing the story makes them public')
  t.same(await names('/v1/speakers'), ['nobody-yet', 'quiet-source'])
  t.equal((await app.inject({ url: '/v1/speakers/quiet-source/quotes' })).json().data.length, 1)

  const deleted = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Spiked', quotes: [{ text: 'Never ran', speaker: { name: 'Spiked Source' } }] } })).json()
  await app.inject({ method: 'DELETE', url: `/v1/articles/${deleted.id}`, headers: writer })
  t.equal((await app.inject({ url: '/v1/speakers/spiked-source' })).statusCode, 404, 'a deleted draft\'s speaker stays hidden, though nothing uses it now')
})

t.test('the quote of the day is public even for a key, and a scheduled story appears at its time', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:read-drafts')
  await saveArticleGraph(app.db, { title: 'Draft', status: 'draft', quotes: [{ text: 'Draft quote', speaker: { name: 'Ann' } }] })
  t.equal((await app.inject({ url: '/v1/quotes/today' })).statusCode, 404, 'no public quote, no quote of the day')
  t.equal((await app.inject({ url: '/v1/quotes/today', headers: editor })).statusCode, 404, 'even for a draft-reading key')

  const soon = new Date(Date.now() + 1500).toISOString()
  await saveArticleGraph(app.db, { title: 'Embargoed', status: 'scheduled', publishedAt: soon, quotes: [{ text: 'Embargoed quote', speaker: { name: 'Bob' } }] })
  t.equal((await app.inject({ url: '/v1/articles/embargoed' })).statusCode, 404, 'hidden before its time')
  t.equal((await app.inject({ url: '/v1/quotes/today' })).statusCode, 404)
  await new Promise((resolve) => setTimeout(resolve, 1600))
  t.equal((await app.inject({ url: '/v1/articles/embargoed' })).statusCode, 200, 'public once its time has come, with no job run')
  t.equal((await app.inject({ url: '/v1/quotes/today' })).json().text, 'Embargoed quote')
})
