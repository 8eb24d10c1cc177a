import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'
import { createTestDatabase } from '../../helpers/database.js'
import { seedNewsroom, titles } from '../fixtures.js'

t.test('article list filters', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const get = async (query: string, headers = {}) => {
    const res = await app.inject({ url: `/v1/articles?${query}`, headers })
    t.equal(res.statusCode, 200, query)
    return titles(res.json())
  }
  t.same(await get(''), ['NATO summit ends', 'Economy grows', 'Afghanistan update'], 'newest first, public only')
  t.same(await get('topic=nato'), ['NATO summit ends'], 'topic (hidden stories on nato stay hidden)')
  t.same(await get('topic=economy,nato'), ['NATO summit ends', 'Economy grows'], 'topic: any of')
  t.same(await get('allTopics=nato,afghanistan'), ['NATO summit ends'], 'allTopics: all of')
  t.same(await get('allTopics=nato,economy'), [], 'allTopics with no story on both')
  t.same(await get('allTopics=nato,no-such-topic'), [], 'an unknown topic in allTopics matches nothing')
  t.same(await get('topic=no-such-topic'), [], 'an unknown topic matches nothing')
  t.same(await get('section=World'), ['NATO summit ends', 'Afghanistan update'])
  t.same(await get('speaker=joe-biden'), ['NATO summit ends', 'Economy grows'])
  t.same(await get('speaker=nobody'), [])
  t.same(await get('publishedAfter=2024-01-02T00:00:00Z'), ['NATO summit ends', 'Economy grows'])
  t.same(await get('publishedBefore=2024-01-02T10:00:00Z'), ['Afghanistan update'], 'publishedBefore is exclusive')
  t.same(await get('publishedAfter=2024-01-02T00:00:00Z&publishedBefore=2024-01-03T00:00:00Z&section=Business'), ['Economy grows'])

  const editor = await authHeaders(app, 'content:read-drafts')
  t.same(await get('status=draft', editor), ['Secret draft'])
  t.same(await get('status=scheduled,archived', editor), ['Future story', 'Old archived story'])
  t.same(await get('topic=nato&sort=title', editor), ['Future story', 'NATO summit ends', 'Old archived story', 'Secret draft'])

  const publicStatus = await app.inject({ url: '/v1/articles?status=published' })
  t.equal(publicStatus.statusCode, 403, 'status= without a draft-reading key is a 403')
  t.equal(publicStatus.headers['content-type'], 'application/problem+json; charset=utf-8')
  const bad = ['status=secret', 'topic=Not A Slug', 'publishedAfter=yesterday', 'include=comments', 'fields=colour', 'sort=-section']
  for (const query of bad) t.equal((await app.inject({ url: `/v1/articles?${query}` })).statusCode, 400, query)
})

t.test('article list sorting', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const get = async (sort: string) => titles((await app.inject({ url: `/v1/articles?sort=${sort}` })).json())
  t.same(await get('publishedAt'), ['Afghanistan update', 'Economy grows', 'NATO summit ends'])
  t.same(await get('-publishedAt'), ['NATO summit ends', 'Economy grows', 'Afghanistan update'])
  t.same(await get('title'), ['Afghanistan update', 'Economy grows', 'NATO summit ends'])
  t.same(await get('-title'), ['NATO summit ends', 'Economy grows', 'Afghanistan update'])
  t.same(await get('createdAt'), ['NATO summit ends', 'Economy grows', 'Afghanistan update'], 'creation order')
  t.same(await get('-createdAt'), ['Afghanistan update', 'Economy grows', 'NATO summit ends'])
  t.same(await get('-updatedAt'), ['Afghanistan update', 'Economy grows', 'NATO summit ends'])
  // Unknown publication dates sort last both ways.
  await app.inject({ method: 'POST', url: '/v1/articles', headers: await authHeaders(app, 'content:write', 'content:read-drafts'), payload: { title: 'Undated', status: 'published', publishedAt: null } })
  t.equal((await get('-publishedAt')).at(-1), 'Undated')
  t.equal((await get('publishedAt')).at(-1), 'Undated')
  const walked: string[] = []
  let url: string | undefined = '/v1/articles?limit=1&sort=publishedAt'
  while (url) {
    const res: { json: () => { data: { title?: string }[] }, headers: Record<string, unknown> } = await app.inject({ url })
    walked.push(...titles(res.json()) as string[])
    url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1]
  }
  t.same(walked, ['Afghanistan update', 'Economy grows', 'NATO summit ends', 'Undated'], 'the Link header walks past the null dates')
})

t.test('include and fields', async (t) => {
  const app = await build(t)
  const { summit } = await seedNewsroom(app)
  const res = await app.inject({ url: '/v1/articles?topic=nato&include=topics,quotes' })
  t.equal(res.statusCode, 200)
  const [story] = res.json().data
  t.same(story.topics.map((topic: { slug: string }) => topic.slug), ['afghanistan', 'nato'], 'topics by name')
  t.match(story.quotes, [
    { text: /^We agreed/, position: 0, speaker: { slug: 'jens-stoltenberg', name: 'Jens Stoltenberg', role: 'Secretary General' } },
    { text: 'Allies stand united', position: 1, speaker: { slug: 'joe-biden' } }
  ])
  t.notOk('topics' in (await app.inject({ url: '/v1/articles' })).json().data[0], 'no relations unless asked')

  const sparse = (await app.inject({ url: '/v1/articles?fields=title,slug&limit=1' })).json()
  t.same(sparse.data, [{ id: summit.id, title: 'NATO summit ends', slug: 'nato-summit-ends' }], 'id always, then only the fields asked')
  const sparseWithTopics = (await app.inject({ url: '/v1/articles?fields=title&include=topics&limit=1' })).json()
  t.same(Object.keys(sparseWithTopics.data[0]).sort(), ['id', 'title', 'topics'])
  const withBody = (await app.inject({ url: '/v1/articles?fields=body&limit=1' })).json()
  t.same(withBody.data[0], { id: summit.id, body: [] })
  // The cursor still works when the sort field is not among the fields.
  const page = await app.inject({ url: '/v1/articles?fields=title&limit=2&sort=-publishedAt' })
  const next = (await app.inject({ url: `/v1/articles?fields=title&limit=2&sort=-publishedAt&cursor=${page.json().nextCursor}` })).json()
  t.same(titles(next), ['Afghanistan update'])

  const one = (await app.inject({ url: '/v1/articles/nato-summit-ends?include=quotes' }))
  t.equal(one.json().quotes.length, 2)
  t.not(one.headers.etag, `"${summit.id}.1"`, 'an embedded representation has its own ETag')
})

t.test('includes cost one query per relation per page, not one per row', async (t) => {
  let queries = 0
  const database = await createTestDatabase()
  const app = await buildApp({ config: testConfig, databaseUrl: database.url, onQuery: () => { queries++ } })
  t.teardown(async () => {
    await app.close()
    await database.drop()
  })
  await app.ready()
  for (let i = 0; i < 12; i++) {
    await saveArticleGraph(app.db, {
      title: `Story ${i}`, status: 'published', topics: [{ name: `Topic ${i}` }, { name: 'Shared' }],
      quotes: [{ text: `Quote ${i}`, speaker: { name: `Speaker ${i}` } }]
    })
  }
  const count = async (url: string) => {
    queries = 0
    t.equal((await app.inject({ url })).statusCode, 200)
    return queries
  }
  const small = await count('/v1/articles?limit=2&include=topics,quotes')
  const large = await count('/v1/articles?limit=12&include=topics,quotes')
  t.equal(large, small, `the same number of queries for 2 and 12 rows (${small})`)
  t.ok(small <= 5, 'articles, their topic links, topics, quotes, speakers')
  t.equal(await count('/v1/quotes?limit=12&include=speaker,article,topics'), await count('/v1/quotes?limit=2&include=speaker,article,topics'))
  t.equal(await count('/v1/topics?limit=12&include=counts'), await count('/v1/topics?limit=2&include=counts'))
  t.equal(await count('/v1/speakers?limit=12&include=counts'), await count('/v1/speakers?limit=2&include=counts'))
})
