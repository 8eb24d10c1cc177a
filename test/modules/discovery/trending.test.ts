import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { build } from '../../helpers/app.js'

// Trending is built so the answer is known. "Economy" is big and steady: two stories a day for
// 29 days, so its window (2) is exactly what its baseline predicts (56 / 28 a day): score 1.
// "Floods" had nothing for four weeks and three stories today: (3 + 2) / (0 + 2) = 2.5.
// "Budget" had one story a week and two today: (2 + 2) / (4/28 + 2) = 1.87. A drafts-only
// spike ("Secret plans") counts for nothing. Speakers likewise: the economist is quoted every
// day, the hydrologist only today.

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
const economist = { name: 'Ada Economist', role: 'Chief Economist', organization: 'Central Bank' }
const hydrologist = { name: 'Ben Hydrologist', role: 'Hydrologist', organization: 'River Authority' }

t.test('trending ranks by rise over the baseline, not by volume', async (t) => {
  const app = await build(t)
  let n = 0
  const story = async (hours: number, topic: string, speaker?: { name: string }, status: 'published' | 'draft' = 'published') => saveArticleGraph(app.db, {
    title: `${topic} story ${++n}`, status, publishedAt: hoursAgo(hours), body: ['Text.'], topics: [{ name: topic }],
    ...(speaker && { quotes: [{ text: `Statement ${n}.`, speaker }] })
  })
  for (let day = 0; day < 29; day++) {
    await story(day * 24 + 6, 'Economy', economist)
    await story(day * 24 + 18, 'Economy', economist)
  }
  for (const hours of [2, 5, 9]) await story(hours, 'Floods', hydrologist)
  for (const day of [3, 10, 17, 24]) await story(day * 24 + 12, 'Budget')
  for (const hours of [3, 7]) await story(hours, 'Budget')
  for (const hours of [1, 2, 3, 4, 5]) await story(hours, 'Secret plans', undefined, 'draft')

  const topics = await app.inject({ url: '/v1/topics/trending' })
  t.equal(topics.statusCode, 200)
  const body = topics.json()
  t.equal(body.window, '24h')
  t.same(body.data.map((item: { slug: string }) => item.slug), ['floods', 'budget', 'economy'], 'the spike first, the big steady topic last, drafts nowhere')
  t.match(body.data[0], { windowCount: 3, baselineCount: 0, expected: 0, score: 2.5 })
  t.match(body.data[2], { windowCount: 2, baselineCount: 56, score: 1 })
  t.ok(Math.abs(body.data[1].score - 4 / (4 / 28 + 2)) < 1e-9, 'budget: (2 + 2) / (4/28 + 2)')
  t.match(topics.headers['cache-control'], /s-maxage=60/, 'a minute in shared caches: the window moves with the clock')
  t.match(topics.headers['surrogate-key'], /counts/)

  const speakers = await app.inject({ url: '/v1/speakers/trending?window=24h' })
  t.same(speakers.json().data.map((item: { slug: string }) => item.slug), ['ben-hydrologist', 'ada-economist'])

  const week = await app.inject({ url: '/v1/topics/trending?window=7d&limit=1' })
  t.same(week.json().data.map((item: { slug: string }) => item.slug), ['floods'], 'over 7 days too, with limit')
  t.equal(week.json().window, '7d')
})

t.test('trending: bad parameters are 400 problems naming the allowed values', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/topics/trending?window=1h', '/v1/speakers/trending?window=30d', '/v1/topics/trending?limit=0', '/v1/topics/trending?limit=51', '/v1/topics/trending?sort=name']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    if (url.includes('window')) t.match(res.json().detail, /24h, 7d/, 'the allowed windows are named')
  }
  t.same((await app.inject({ url: '/v1/speakers/trending' })).json().data, [], 'nothing published: nothing trends')
})
