import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { MAX_TAG_HEADER_CHARS, headerTags } from '../../../src/lib/cache-tags.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

// Precise invalidation (src/plugins/app/response-cache.ts, src/lib/cache-tags.ts): a change
// drops every cached answer that could show it, on every instance, and nothing else.

/** A small seeded generator, so a failing run can be replayed. */
function random (seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
}

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

t.test('after random changes of every kind, every cached answer equals a fresh one', async (t) => {
  t.setTimeout(600_000)
  const writerApp = await build(t)
  const cached = await another(writerApp)
  const fresh = await another(writerApp, { RESPONSE_CACHE_MAX_ENTRIES: 0 })
  t.teardown(async () => { await cached.close(); await fresh.close() })
  const writer = await authHeaders(writerApp, 'content:write')
  const next = random(Number(process.env.CACHE_SOUNDNESS_SEED ?? 12))
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!
  const topics = ['Harbour', 'Elections', 'Weather']
  const speakers = ['Ada Port', 'Ben Vote', 'Cleo Rain']
  const roles = ['Mayor', 'Minister', null]
  const write = async (method: string, url: string, payload?: object) => {
    const res = await writerApp.inject({ method: method as 'POST', url, headers: writer, ...(payload && { payload }) })
    if (res.statusCode >= 400) t.fail(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res
  }
  const newStory = async (n: number) => (await write('POST', '/v1/articles', {
    title: `Story ${n}`,
    status: next() < 0.8 ? 'published' : 'draft',
    section: pick(['news', 'sport']),
    body: [`Harbour news number ${n}.`],
    topics: [{ name: pick(topics) }, { name: pick(topics) }].filter((v, i, all) => all.findIndex((o) => o.name === v.name) === i),
    // Some stories quote nobody: their publication is announced by the story's event alone.
    quotes: [{ text: `Quote ${n} about the harbour`, speaker: { name: pick(speakers) }, speakerRole: pick(roles) },
      { text: `Second quote ${n}`, speaker: { name: pick(speakers) }, speakerRole: pick(roles) }].slice(0, Math.floor(next() * 3))
  })).json()
  const stories: Array<{ id: string, slug: string, oldSlugs: string[] }> = []
  for (let n = 0; n < 6; n++) stories.push({ ...(await newStory(n)), oldSlugs: [] })
  let created = 6

  const urls = async (): Promise<string[]> => {
    const quoteIds = (await writerApp.pool.query<{ id: string }>('SELECT id FROM quotes ORDER BY id')).rows.map((row) => row.id)
    const topicSlugs = (await writerApp.pool.query<{ slug: string }>('SELECT slug FROM topics ORDER BY slug')).rows.map((row) => row.slug)
    const speakerSlugs = (await writerApp.pool.query<{ slug: string }>('SELECT slug FROM speakers ORDER BY slug')).rows.map((row) => row.slug)
    return [
      // Short pages too: a story can enter one without having been on it.
      '/v1/articles?limit=2', '/v1/articles?limit=2&count=true', '/v1/quotes?limit=2&count=true', '/v1/articles?sort=title&limit=2', '/v1/articles?sort=-updatedAt&limit=2', '/v1/quotes?limit=2', '/v1/topics?limit=1',
      '/v1/speakers?limit=1', '/v1/topics?include=counts&limit=1', '/v1/search?q=harbour&limit=2',
      '/v1/articles', '/v1/articles?include=topics,quotes', '/v1/articles?sort=-updatedAt', '/v1/articles?sort=title&count=true',
      '/v1/articles?section=news', '/v1/quotes?include=speaker,article,topics', '/v1/quotes?count=true', '/v1/topics?include=counts', '/v1/topics',
      '/v1/speakers?include=counts,roles', '/v1/speakers', '/v1/search?q=harbour', '/v1/search?q=quote',
      ...stories.flatMap((story) => [`/v1/articles/${story.slug}`, `/v1/articles/${story.id}?include=topics,quotes`, `/v1/articles/${story.slug}/quotes`,
        ...story.oldSlugs.map((slug) => `/v1/articles/${slug}`)]),
      ...quoteIds.map((id) => `/v1/quotes/${id}?include=speaker,article,topics`),
      ...topicSlugs.flatMap((slug) => [`/v1/topics/${slug}`, `/v1/topics/${slug}?include=counts`, `/v1/topics/${slug}/articles`, `/v1/topics/${slug}/quotes`, `/v1/articles?topic=${slug}`]),
      ...speakerSlugs.flatMap((slug) => [`/v1/speakers/${slug}`, `/v1/speakers/${slug}/quotes`, `/v1/articles?speaker=${slug}`, `/v1/quotes?speaker=${slug}`])
    ]
  }

  const changes: Record<string, () => Promise<unknown>> = {
    edit: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { body: [`Edited ${next()}`], summary: `Summary ${next()}` }),
    retitle: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { title: `Retitled ${Math.floor(next() * 1000)}` }),
    publish: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { status: 'published' }),
    unpublish: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { status: 'draft' }),
    retag: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { topics: [{ name: pick(topics) }] }),
    slug: async () => {
      const story = pick(stories)
      const slug = `moved-${created++}`
      await write('PATCH', `/v1/articles/${story.id}`, { slug })
      story.oldSlugs.push(story.slug)
      story.slug = slug
    },
    delete: async () => {
      if (stories.length < 3) return
      const story = stories.splice(Math.floor(next() * stories.length), 1)[0]!
      await write('DELETE', `/v1/articles/${story.id}`)
    },
    create: async () => { stories.push({ ...(await newStory(created++)), oldSlugs: [] }) },
    // A published story's quote, to another speaker: both speakers' pages change.
    reattribute: async () => {
      const quote = (await writerApp.pool.query<{ id: string, name: string }>(`
        SELECT q.id, s.name FROM quotes q JOIN speakers s ON s.id = q.speaker_id JOIN articles a ON a.id = q.article_id
        WHERE a.status = 'published' ORDER BY random() LIMIT 1`)).rows[0]
      if (quote) await write('PATCH', `/v1/quotes/${quote.id}`, { speaker: { name: pick(speakers.filter((name) => name !== quote.name)) }, speakerRole: pick(roles) })
    },
    // A story with no quotes, written as a draft and then published: only its own event says so.
    publishBare: async () => {
      const story = (await write('POST', '/v1/articles', { title: `Bare ${created++}`, status: 'draft', topics: [{ name: pick(topics) }] })).json()
      stories.push({ ...story, oldSlugs: [] })
      await write('PATCH', `/v1/articles/${story.id}`, { status: 'published' })
    },
    requote: async () => {
      const quote = (await writerApp.pool.query<{ id: string }>('SELECT id FROM quotes ORDER BY random() LIMIT 1')).rows[0]
      if (quote) await write('PATCH', `/v1/quotes/${quote.id}`, { text: `Reworded harbour quote ${next()}` })
    },
    addQuote: async () => write('POST', '/v1/quotes', { text: `Added quote ${next()}`, speaker: { name: pick(speakers) }, speakerRole: pick(roles), article: pick(stories).id }),
    renameSpeaker: async () => {
      const slug = (await writerApp.pool.query<{ slug: string }>('SELECT slug FROM speakers ORDER BY random() LIMIT 1')).rows[0]!.slug
      await write('PATCH', `/v1/speakers/${slug}`, { name: `Speaker ${Math.floor(next() * 1000)}` })
    },
    renameTopic: async () => {
      const slug = (await writerApp.pool.query<{ slug: string }>('SELECT slug FROM topics ORDER BY random() LIMIT 1')).rows[0]!.slug
      await write('PATCH', `/v1/topics/${slug}`, { name: `Topic ${Math.floor(next() * 1000)}` })
    },
    // Outside the API: the triggers still record it.
    sql: async () => writerApp.pool.query('UPDATE articles SET title = $1, version = version + 1 WHERE id = $2', [`By SQL ${next()}`, pick(stories).id])
  }

  const kinds = Object.keys(changes)
  let compared = 0
  let hits = 0
  // Each kind of change once, in turn, then two more picked at random; every answer compared
  // after each round also fills the cache for the next.
  for (const url of await urls()) await cached.inject({ url })
  for (let round = 0; round < kinds.length; round++) {
    const done = [kinds[round]!, pick(kinds), pick(kinds)]
    for (const kind of done) await changes[kind]!()
    for (const url of await urls()) {
      const mine = await cached.inject({ url })
      const truth = await fresh.inject({ url })
      compared++
      if (mine.headers['x-cache'] === 'HIT') hits++
      if (mine.statusCode !== truth.statusCode || mine.body !== truth.body) {
        t.fail(`after ${done.join(' + ')} (round ${round}), ${url} answered ${mine.statusCode} ${mine.headers['x-cache'] ?? 'MISS'} ${mine.body.slice(0, 300)}\nbut fresh: ${truth.statusCode} ${truth.body.slice(0, 300)}`)
      }
    }
  }
  t.ok(hits > compared / 20, `answers the changes could not alter stayed cached (${hits} hits of ${compared})`)
  t.pass(`${compared} cached answers compared with fresh ones`)
})
