import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

// Related stories: built so the order is known. B shares both topics, the speaker and most of
// the title, a day after; C1 and C2 one topic each, two days after, C1 with a similar title;
// D both topics, a year later (decayed); a draft that shares everything and an unrelated story
// never appear, nor the story itself.

const stoltenberg = { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }
const at = (day: string) => `${day}T10:00:00Z`

t.test('related stories: scored, decayed, public only, never the story itself', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, {
    title: 'Allies review the Afghanistan mission', status: 'published', publishedAt: at('2024-03-01'), section: 'World',
    body: ['Ministers met in Brussels.'], topics: [{ name: 'NATO' }, { name: 'Afghanistan' }],
    quotes: [{ text: 'Our mission was not in vain.', speaker: stoltenberg }]
  })
  await saveArticleGraph(app.db, {
    title: 'Allies review the Afghanistan mission again', status: 'published', publishedAt: at('2024-03-02'),
    body: ['A report followed.'], topics: [{ slug: 'nato' }, { slug: 'afghanistan' }],
    quotes: [{ text: 'We learnt a great deal.', speaker: { slug: 'jens-stoltenberg' } }]
  })
  await saveArticleGraph(app.db, {
    title: 'Budget talks continue', status: 'published', publishedAt: at('2024-03-03'),
    body: ['Spending was discussed.'], topics: [{ slug: 'nato' }]
  })
  await saveArticleGraph(app.db, {
    title: 'Allies review the budget mission', status: 'published', publishedAt: at('2024-03-03'),
    body: ['Spending again.'], topics: [{ slug: 'nato' }]
  })
  await saveArticleGraph(app.db, {
    title: 'Troops come home', status: 'published', publishedAt: at('2025-03-01'),
    body: ['The last flights landed.'], topics: [{ slug: 'nato' }, { slug: 'afghanistan' }]
  })
  await saveArticleGraph(app.db, {
    title: 'Afghanistan mission memo', status: 'draft',
    body: ['Internal.'], topics: [{ slug: 'nato' }, { slug: 'afghanistan' }],
    quotes: [{ text: 'Keep this quiet.', speaker: { slug: 'jens-stoltenberg' } }]
  })
  await saveArticleGraph(app.db, {
    title: 'Harvest festival opens', status: 'published', publishedAt: at('2024-03-01'),
    body: ['Farmers brought pumpkins.'], topics: [{ name: 'Farming' }]
  })

  const res = await app.inject({ url: '/v1/articles/allies-review-the-afghanistan-mission/related' })
  t.equal(res.statusCode, 200)
  const data = res.json().data as Array<{ title: string, score: number, sharedTopics: number, sharedSpeakers: number, titleSimilarity: number }>
  t.same(data.map((item) => item.title), ['Allies review the Afghanistan mission again', 'Allies review the budget mission', 'Budget talks continue', 'Troops come home'],
    'best first (a similar title lifts one of two equal stories); not itself, not the draft, not the unrelated story')
  t.ok(data.every((item, i) => i === 0 || data[i - 1]!.score > item.score), 'scores descend')
  t.match(data[0], { sharedTopics: 2, sharedSpeakers: 1 })
  t.ok(data[0]!.titleSimilarity >= 0.3, 'similar titles count')
  t.match(data[1], { sharedTopics: 1, sharedSpeakers: 0 })
  t.ok(data[1]!.titleSimilarity >= 0.3)
  t.match(data[2], { sharedTopics: 1, sharedSpeakers: 0, titleSimilarity: 0 })
  t.ok(data[3]!.score < 0.01, 'a year apart, two shared topics weigh almost nothing')
  t.match(res.headers['surrogate-key'], /list:articles/, 'cached with tags that every edit of a story can drop')
  t.match(res.headers['surrogate-key'], /search/)

  const limited = await app.inject({ url: '/v1/articles/allies-review-the-afghanistan-mission/related?limit=1' })
  t.equal(limited.json().data.length, 1, 'limit')

  const editor = await authHeaders(app, 'content:read-drafts')
  const keyed = await app.inject({ url: '/v1/articles/allies-review-the-afghanistan-mission/related', headers: editor })
  t.notOk(keyed.json().data.some((item: { title: string }) => item.title === 'Afghanistan mission memo'), 'no draft even for a key that may read drafts')
  const ofDraft = await app.inject({ url: '/v1/articles/afghanistan-mission-memo/related', headers: editor })
  t.equal(ofDraft.statusCode, 200, 'a draft\'s related stories, for its editor')
  // An undated draft is measured from its creation (now), so the most recent story comes first.
  t.same(ofDraft.json().data.map((item: { title: string }) => item.title).sort(),
    ['Allies review the Afghanistan mission', 'Allies review the Afghanistan mission again', 'Allies review the budget mission', 'Budget talks continue', 'Troops come home'])
  t.equal((await app.inject({ url: '/v1/articles/afghanistan-mission-memo/related' })).statusCode, 404, 'a draft is not found without a key')
})

t.test('related: bad parameters are 400 problems, unknown stories 404', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Lone story', status: 'published', publishedAt: at('2024-03-01'), body: ['Nothing else.'] })
  for (const query of ['limit=0', 'limit=21', 'limit=abc', 'sort=score']) {
    const res = await app.inject({ url: `/v1/articles/lone-story/related?${query}` })
    t.equal(res.statusCode, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  t.same((await app.inject({ url: '/v1/articles/lone-story/related' })).json(), { data: [] }, 'nothing related: an empty list')
  const missing = await app.inject({ url: '/v1/articles/no-such-story/related' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8')
})
