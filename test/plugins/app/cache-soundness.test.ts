import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'

// Soundness of precise invalidation (src/lib/cache-tags.ts): after random changes of every
// kind, made through one instance, every answer another instance has cached equals a fresh,
// uncached answer. (Precision is tested in cache-invalidation.test.ts.)

/** A small seeded generator, so a failing run can be replayed (CACHE_SOUNDNESS_SEED). */
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

t.test('after random changes of every kind, every cached answer equals a fresh one', async (t) => {
  t.setTimeout(600_000)
  const writerApp = await build(t)
  const cached = await another(writerApp)
  const fresh = await another(writerApp, { RESPONSE_CACHE_MAX_ENTRIES: 0 })
  t.teardown(async () => { await cached.close(); await fresh.close() })
  // An editor's key: the random changes edit drafts and scheduled stories too.
  const writer = await authHeaders(writerApp, 'content:write', 'content:read-drafts')
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
      // What a retag can move: topic-filtered lists (below), counts, trending, facets, related, feeds, sitemaps.
      '/v1/search?q=harbour&facets=topic,section,speaker', '/v1/topics/trending', '/v1/feeds/articles.json', '/v1/sitemaps/articles.xml',
      `/v1/articles?allTopics=${topicSlugs.slice(0, 2).join(',')}`, `/v1/articles?topic=${topicSlugs.slice(-2).join(',')}&count=true`,
      `/v1/articles?topic=${topicSlugs.slice(0, 3).join(',')}&section=news&include=topics`,
      ...stories.flatMap((story) => [`/v1/articles/${story.slug}`, `/v1/articles/${story.id}?include=topics,quotes`, `/v1/articles/${story.slug}/quotes`,
        `/v1/articles/${story.slug}/related`,
        ...story.oldSlugs.map((slug) => `/v1/articles/${slug}`)]),
      ...quoteIds.map((id) => `/v1/quotes/${id}?include=speaker,article,topics`),
      ...topicSlugs.flatMap((slug) => [`/v1/topics/${slug}`, `/v1/topics/${slug}?include=counts`, `/v1/topics/${slug}/articles`, `/v1/topics/${slug}/quotes`, `/v1/articles?topic=${slug}`,
        `/v1/topics/${slug}/articles?include=topics&limit=2`, `/v1/topics/${slug}/articles?sort=-updatedAt&count=true`, `/v1/articles?allTopics=${slug}&include=topics`,
        `/v1/quotes?topic=${slug}&include=article,topics`, `/v1/feeds/topics/${slug}.json`]),
      ...speakerSlugs.flatMap((slug) => [`/v1/speakers/${slug}`, `/v1/speakers/${slug}/quotes`, `/v1/articles?speaker=${slug}`, `/v1/quotes?speaker=${slug}`])
    ]
  }

  const changes: Record<string, () => Promise<unknown>> = {
    edit: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { body: [`Edited ${next()}`], summary: `Summary ${next()}` }),
    retitle: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { title: `Retitled ${Math.floor(next() * 1000)}` }),
    publish: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { status: 'published' }),
    unpublish: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { status: 'draft' }),
    retag: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { topics: [{ name: pick(topics) }] }),
    // As the newsroom's editors retag: existing topics by slug, sometimes with a new headline or summary.
    retagBySlug: async () => {
      const slugs = (await writerApp.pool.query<{ slug: string }>('SELECT slug FROM topics ORDER BY random() LIMIT 2')).rows.map((row) => row.slug)
      const text = pick([{}, { title: `Retagged ${Math.floor(next() * 1000)}` }, { summary: `Retag summary ${next()}` }])
      await write('PATCH', `/v1/articles/${pick(stories).id}`, { topics: slugs.slice(0, 1 + Math.floor(next() * 2)).map((slug) => ({ slug })), ...text })
    },
    untag: async () => write('PATCH', `/v1/articles/${pick(stories).id}`, { topics: [] }),
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

  const withoutWindow = (body: string) => body.replace(/"(window|baseline)Start":"[^"]*"/g, '')
  const kinds = Object.keys(changes)
  let compared = 0
  let hits = 0
  const compareAll = async (done: string[], round: number) => {
    for (const url of await urls()) {
      const mine = await cached.inject({ url })
      const truth = await fresh.inject({ url })
      compared++
      if (mine.headers['x-cache'] === 'HIT') hits++
      // Trending answers name the clock's window, which moves between the two reads (they are kept a minute).
      if (mine.statusCode !== truth.statusCode || withoutWindow(mine.body) !== withoutWindow(truth.body)) {
        t.fail(`after ${done.join(' + ')} (round ${round}), ${url} answered ${mine.statusCode} ${mine.headers['x-cache'] ?? 'MISS'} ${mine.body.slice(0, 300)}\nbut fresh: ${truth.statusCode} ${truth.body.slice(0, 300)}`)
      }
    }
  }
  // Each kind of change once, in turn, then two more picked at random; every answer compared
  // after each round also fills the cache for the next.
  for (const url of await urls()) await cached.inject({ url })
  for (let round = 0; round < kinds.length; round++) {
    const done = [kinds[round]!, pick(kinds), pick(kinds)]
    for (const kind of done) await changes[kind]!()
    await compareAll(done, round)
  }
  // Then the editors' everyday saves alone, which keep most lists cached (retags drop only the
  // lists of the topics a story joined or left): nothing broader hides a tag left unnamed.
  const everyday = ['retag', 'retagBySlug', 'untag', 'edit', 'retitle']
  for (let round = 0; round < 12; round++) {
    const done = [pick(everyday)]
    await changes[done[0]!]!()
    await compareAll(done, kinds.length + round)
  }
  t.ok(hits > compared / 20, `answers the changes could not alter stayed cached (${hits} hits of ${compared})`)
  t.pass(`${compared} cached answers compared with fresh ones`)
})
