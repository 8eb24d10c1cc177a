import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'

// A topic is public unless every story using it (through the story or one of its quotes) is
// hidden. A change to a quote's topics, or a quote or story going, can show or hide a topic
// that no event of its own names: the cached topic page and topic list must still follow.

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

type Change = (ctx: { write: (method: string, url: string, payload?: object) => Promise<unknown>, quoteId: string, publicStory: string }) => Promise<unknown>

const changes: Record<string, Change> = {
  'its only public quote is retagged away': ({ write, quoteId }) => write('PATCH', `/v1/quotes/${quoteId}`, { topics: [] }),
  'its only public quote is deleted': ({ write, quoteId }) => write('DELETE', `/v1/quotes/${quoteId}`),
  'the story holding its only public quote is unpublished': ({ write, publicStory }) => write('PATCH', `/v1/articles/${publicStory}`, { status: 'draft' }),
  'the story holding its only public quote is deleted': ({ write, publicStory }) => write('DELETE', `/v1/articles/${publicStory}`)
}

for (const [name, change] of Object.entries(changes)) {
  t.test(`a topic hidden when ${name} is hidden from cached readers too`, async (t) => {
    const writerApp = await build(t)
    const cached = await buildApp({ config: testConfig, databaseUrl: writerApp.pool.options.connectionString! })
    const fresh = await buildApp({ config: { ...testConfig, RESPONSE_CACHE_MAX_ENTRIES: 0 }, databaseUrl: writerApp.pool.options.connectionString! })
    await Promise.all([cached.ready(), fresh.ready()])
    t.teardown(async () => { await cached.close(); await fresh.close() })
    // An editor: the draft's topic is linked again by name, which a write-only key may not do (it gets a new topic).
    const writer = await authHeaders(writerApp, 'content:write', 'content:read-drafts')
    const write = async (method: string, url: string, payload?: object) => {
      const res = await writerApp.inject({ method: method as 'POST', url, headers: writer, ...(payload && { payload }) })
      t.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
      return res
    }
    // "Budget talks" is used by a draft story, and by one quote of a public story.
    await write('POST', '/v1/articles', { title: 'Draft budget leak', status: 'draft', topics: [{ name: 'Budget talks' }] })
    const story = (await write('POST', '/v1/articles', {
      title: 'Council meets', status: 'published', quotes: [{ text: 'We will balance the books', speaker: { name: 'Ada Port' }, topics: [{ name: 'Budget talks' }] }]
    }) as { json: () => { id: string } }).json()
    await settle()
    const quoteId = (await writerApp.inject({ url: `/v1/articles/${story.id}?include=quotes` })).json().quotes[0].id
    const urls = ['/v1/topics/budget-talks', '/v1/topics']
    for (const url of urls) {
      await cached.inject({ url })
      t.equal((await cached.inject({ url })).headers['x-cache'], 'HIT', `${url} is cached`)
    }
    t.match((await cached.inject({ url: '/v1/topics' })).body, 'Budget talks', 'the topic is public while the quote is')

    await change({ write, quoteId, publicStory: story.id })
    await settle()
    for (const url of urls) {
      const mine = await cached.inject({ url })
      const truth = await fresh.inject({ url })
      t.equal(mine.statusCode, truth.statusCode, `${url}: the cached reader answers as a fresh one`)
      t.notMatch(mine.body, 'Budget talks', `${url} no longer shows the topic only a draft uses`)
    }
  })
}
