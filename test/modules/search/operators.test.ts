import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { build } from '../../helpers/app.js'

// When the words find nothing, search tries close speaker and topic names, and topic aliases
// widen it: neither may bring back a story the query excludes (`-word`) or one without a
// phrase it requires (`"..."`). The README's own example is the first case.

async function titles (app: FastifyInstance, query: string): Promise<string[]> {
  const res = await app.inject({ url: `/v1/search?type=articles&q=${encodeURIComponent(query)}` })
  t.equal(res.statusCode, 200, query)
  return res.json().data.map((hit: { title: string }) => hit.title).sort()
}
async function quoteTexts (app: FastifyInstance, query: string): Promise<string[]> {
  const res = await app.inject({ url: `/v1/search?type=quotes&q=${encodeURIComponent(query)}` })
  t.equal(res.statusCode, 200, query)
  return res.json().data.map((hit: { text: string }) => hit.text).sort()
}

t.test('search operators hold for name and alias matches too', async (t) => {
  const app = await build(t)
  const stoltenberg = { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }
  await saveArticleGraph(app.db, {
    title: 'Allies meet in Brussels', status: 'published', publishedAt: '2024-02-01T10:00:00Z',
    summary: 'NATO defence ministers gather.', body: ['Afghanistan is on the agenda, Stoltenberg said.', 'The Taliban regime was discussed.'],
    topics: [{ name: 'Islamic State', aliases: ['Daesh', 'ISIS'] }],
    quotes: [{ text: 'The Taliban must keep their word.', speaker: stoltenberg }]
  })
  await saveArticleGraph(app.db, {
    title: 'Alliance budget agreed', status: 'published', publishedAt: '2024-02-02T10:00:00Z',
    body: ['Members agreed to spend more, Stoltenberg said.'],
    topics: [{ slug: 'islamic-state' }],
    quotes: [{ text: 'Every member will pay its share.', speaker: { slug: 'jens-stoltenberg' } }]
  })

  t.same(await titles(app, '"defence ministers" -taliban'), [], 'the README example: the only defence-ministers story mentions the Taliban')
  t.same(await titles(app, 'Stoltenber'), ['Alliance budget agreed', 'Allies meet in Brussels'], 'a misspelt name finds both stories')
  t.same(await titles(app, 'Stoltenber -taliban'), ['Alliance budget agreed'], 'an excluded word excludes name matches')
  t.same(await titles(app, 'Stoltenber "defence ministers"'), ['Allies meet in Brussels'], 'a phrase is required of name matches')
  t.same(await titles(app, 'Daesh'), ['Alliance budget agreed', 'Allies meet in Brussels'], 'an alias finds the tagged stories')
  t.same(await titles(app, 'Daesh -afghanistan'), ['Alliance budget agreed'], 'an excluded word excludes alias matches')
  t.same(await quoteTexts(app, 'Stoltenber -taliban'), ['Every member will pay its share.'], 'quote search too')
})
