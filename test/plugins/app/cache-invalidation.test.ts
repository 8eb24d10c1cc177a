import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { MAX_TAG_HEADER_CHARS, headerTags } from '../../../src/lib/cache-tags.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

// Precise invalidation (src/plugins/app/response-cache.ts, src/lib/cache-tags.ts): a change
// drops every cached answer that could show it, on every instance, and nothing else
// (soundness after random changes: cache-soundness.test.ts).

async function another (a: FastifyInstance, overrides: Partial<typeof testConfig> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: { ...testConfig, ...overrides }, databaseUrl: a.pool.options.connectionString! })
  await app.ready()
  return app
}

t.test('an edit to one story leaves another story\'s cached answer in place, on every instance', async (t) => {
  const a = await build(t)
  const b = await another(a)
  t.teardown(() => b.close())
  const writer = await authHeaders(a, 'content:write')
  const create = (title: string) => a.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title, status: 'published', topics: [{ name: 'Harbour' }], quotes: [{ text: `${title} said`, speaker: { name: 'Ada Port' } }] } })
  const storyA = (await create('Story A')).json()
  const storyB = (await create('Story B')).json()
  await settle() // an answer made while a change is being applied is not kept
  const urls = [`/v1/articles/${storyB.slug}`, `/v1/articles/${storyB.id}?include=topics,quotes`, '/v1/topics/harbour', '/v1/speakers/ada-port']
  for (const app of [a, b]) {
    for (const url of [...urls, `/v1/articles/${storyA.slug}`]) {
      await app.inject({ url })
      t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} is cached`)
    }
  }

  const edited = await a.inject({ method: 'PATCH', url: `/v1/articles/${storyA.id}`, headers: writer, payload: { body: ['A new paragraph.'], summary: 'Changed' } })
  t.equal(edited.statusCode, 200)
  for (const app of [b, a]) {
    const fresh = await app.inject({ url: `/v1/articles/${storyA.slug}` })
    t.notOk(fresh.headers['x-cache'], 'the edited story is made again')
    t.same(fresh.json().body, ['A new paragraph.'])
    for (const url of urls) t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} survived the edit`)
  }
})

t.test('a new headline drops the answers that show the story and title-sorted lists, and keeps a list page without it', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const create = (title: string, publishedAt: string) => app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title, status: 'published', publishedAt } })
  const older = (await create('Older story', '2026-01-01T00:00:00Z')).json()
  await create('Newer story', '2026-02-01T00:00:00Z')
  await settle()
  const kept = '/v1/articles?limit=1' // the newer story only
  const dropped = ['/v1/articles', '/v1/articles?sort=title&limit=1', `/v1/articles/${older.slug}`]
  for (const url of [kept, ...dropped]) {
    await app.inject({ url })
    t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} is cached`)
  }
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${older.id}`, headers: writer, payload: { title: 'A story retitled' } })).statusCode, 200)
  t.equal((await app.inject({ url: kept })).headers['x-cache'], 'HIT', 'a page the story is not on stays cached')
  for (const url of dropped) {
    const fresh = await app.inject({ url })
    t.notOk(fresh.headers['x-cache'], `${url} is made again`)
    t.match(fresh.body, 'A story retitled', `${url} shows the new headline`)
  }
})

t.test('rewording a story keeps the answers that show only its quotes; hiding it drops them', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const story = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Harbour vote', status: 'published', quotes: [{ text: 'We will rebuild the pier', speaker: { name: 'Ada Port' } }] } })).json()
  await settle()
  const quoteId = (await app.inject({ url: `/v1/articles/${story.id}?include=quotes` })).json().quotes[0].id
  const quotePages = ['/v1/speakers/ada-port/quotes', `/v1/quotes/${quoteId}`, `/v1/articles/${story.slug}/quotes`, '/v1/quotes']
  const cacheAll = async () => {
    for (const url of quotePages) {
      await app.inject({ url })
      t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} is cached`)
    }
  }
  await cacheAll()
  t.match((await app.inject({ url: quotePages[0] })).headers['surrogate-key'], `ar:${story.id}`, 'a quote names its story by id')
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { summary: 'Reworded', body: ['New text.'], title: 'Harbour vote, retitled' } })).statusCode, 200)
  for (const url of quotePages) t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} survived the rewording`)
  t.notOk((await app.inject({ url: `/v1/articles/${story.slug}` })).headers['x-cache'], 'the story itself is made again')

  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { status: 'draft' } })).statusCode, 200)
  for (const url of quotePages) {
    const fresh = await app.inject({ url })
    t.notOk(fresh.headers['x-cache'], `${url} is made again once the story is hidden`)
    t.notMatch(fresh.body, 'rebuild the pier', `${url} no longer shows the quote`)
  }
})


t.test('a retag drops the story and the lists of the topics it joined or left, and keeps every other list cached, on every instance', async (t) => {
  const a = await build(t)
  const b = await another(a)
  t.teardown(() => b.close())
  const writer = await authHeaders(a, 'content:write')
  const create = (title: string, topics: string[], extra: object) => a.inject({
    method: 'POST', url: '/v1/articles', headers: writer, payload: { title, status: 'published', topics: topics.map((name) => ({ name })), ...extra }
  })
  // The story retagged is an older one: not on the first page of the homepage, and quoting nobody.
  const story = (await create('Harbour dredging starts', ['Harbour', 'Shipping'], { publishedAt: '2026-01-05T08:00:00Z' })).json()
  const quoted = { quotes: [{ text: 'Said on the record', speaker: { name: 'Ada Port' }, topics: [{ name: 'Budget' }] }] }
  await create('Rain all week', ['Weather'], quoted)
  await create('Ferry timetable', ['Shipping'], quoted)
  t.equal((await a.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Elections' } })).statusCode, 201)
  await settle()
  const kept = [
    '/v1/articles?limit=2', '/v1/articles?include=topics&limit=2', '/v1/topics/weather/articles', '/v1/articles?topic=weather',
    '/v1/topics/budget/quotes', '/v1/speakers/ada-port/quotes', '/v1/quotes?topic=budget', '/v1/quotes', '/v1/topics', '/v1/topics/harbour'
  ]
  const dropped = [
    // The story itself; the pages of the topics it left (harbour) and joined (elections); what counts or filters by them.
    `/v1/articles/${story.slug}?include=topics`, '/v1/topics/harbour/articles', '/v1/topics/elections/articles', '/v1/articles?topic=elections,weather',
    '/v1/articles?allTopics=harbour,shipping', '/v1/topics/shipping/articles', '/v1/feeds/topics/harbour.json', '/v1/topics?include=counts', '/v1/articles?sort=-updatedAt'
  ]
  for (const app of [a, b]) {
    for (const url of [...kept, ...dropped]) {
      await app.inject({ url })
      t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} is cached`)
    }
  }
  const retag = await a.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { topics: [{ slug: 'shipping' }, { slug: 'elections' }], summary: 'Retagged.' } })
  t.equal(retag.statusCode, 200)
  for (const app of [b, a]) {
    for (const url of kept) t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} stayed cached`)
    for (const url of dropped) t.notOk((await app.inject({ url })).headers['x-cache'], `${url} is made again`)
    t.same((await app.inject({ url: '/v1/topics/elections/articles' })).json().data.map((item: { id: string }) => item.id), [story.id], 'the joined topic\'s page shows the story')
    t.same((await app.inject({ url: '/v1/topics/harbour/articles' })).json().data, [], 'the left topic\'s page no longer does')
  }
})


t.test('public answers carry their tags for a CDN', async (t) => {
  const app = await build(t, { CORS_ORIGINS: 'https://www.example.com' })
  const writer = await authHeaders(app, 'content:write')
  const story = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Tagged', status: 'published', topics: [{ name: 'Ports' }] } })).json()
  const topicId = story.topics[0].id
  await settle()
  const item = await app.inject({ url: `/v1/articles/${story.slug}?include=topics` })
  t.same(item.headers['surrogate-key']!.toString().split(' ').sort(), [`a:${story.id}`, `t:${topicId}`].sort())
  t.same(item.headers['cache-tag']!.toString().split(',').sort(), [`a:${story.id}`, `t:${topicId}`].sort())
  const list = await app.inject({ url: '/v1/articles' })
  t.same(list.headers['surrogate-key'], `list:articles a:${story.id}`)
  t.match(list.headers.vary, /Origin/, 'CDN-cacheable answers vary by Origin when CORS origins are configured')
  const hit = await app.inject({ url: '/v1/articles' })
  t.equal(hit.headers['x-cache'], 'HIT')
  t.equal(hit.headers['surrogate-key'], list.headers['surrogate-key'], 'a hit carries the same tags')
  t.match(hit.headers.vary, /Origin/)
  const keyed = await app.inject({ url: '/v1/articles', headers: await authHeaders(app, 'content:read-drafts') })
  t.notOk(keyed.headers['surrogate-key'], 'keyed answers are never tagged for a CDN')

  // A page too long to name its items falls back to its list tags and `any`.
  const many = Array.from({ length: 200 }, (_, i) => `a:${String(i).padStart(36, '0')}`)
  t.same(headerTags(['list:articles', 'counts', ...many]), ['list:articles', 'counts', 'any'])
  t.same(headerTags(['list:articles', ...many.slice(0, 50)]).length, 51, 'a page that fits names every item')
  t.ok(many.join(' ').length > MAX_TAG_HEADER_CHARS)
})

t.test('without CORS origins nothing varies by Origin', async (t) => {
  const app = await build(t)
  t.notMatch((await app.inject({ url: '/v1/articles' })).headers.vary, /Origin/)
})

t.test('a scheduled story going live shows at its time and leaves other stories cached', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const other = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Already out', status: 'published' } })).json()
  await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: 'Due soon', status: 'scheduled', publishedAt: new Date(Date.now() + 1500).toISOString(), quotes: [{ text: 'Soon', speaker: { name: 'Dee Later' } }] }
  })
  await settle()
  for (const url of ['/v1/articles', `/v1/articles/${other.slug}`]) {
    await app.inject({ url })
    t.equal((await app.inject({ url })).headers['x-cache'], 'HIT', `${url} is cached`)
  }
  await new Promise((resolve) => setTimeout(resolve, 1700))
  t.same((await app.inject({ url: '/v1/articles' })).json().data.map((a: { title: string }) => a.title), ['Due soon', 'Already out'])
  t.equal((await app.inject({ url: `/v1/articles/${other.slug}` })).headers['x-cache'], 'HIT', 'the other story stayed cached')
})

t.test('after a commit, hits wait only for the cache\'s own event read, never for the readers\' pool', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 1 })
  const headers = await authHeaders(app, 'content:write')
  for (const title of ['Kept story', 'Edited story']) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers, payload: { title, status: 'published' } })).statusCode, 201)
  }
  await settle()
  await app.inject('/v1/articles/kept-story')
  t.equal((await app.inject('/v1/articles/kept-story')).headers['x-cache'], 'HIT')
  const held = await app.pool.connect() // the readers' one connection, taken
  try {
    // The save has connections of its own; its commit is announced and must be read before the next hit.
    t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/edited-story', headers, payload: { summary: 'Edited.' } })).statusCode, 200)
    const began = Date.now()
    const hit = await app.inject('/v1/articles/kept-story')
    t.equal(hit.statusCode, 200)
    t.equal(hit.headers['x-cache'], 'HIT', 'the other story is still a hit')
    t.ok(Date.now() - began < 2_000, 'served while the readers\' connection is held')
  } finally {
    held.release()
  }
})
