import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

interface Hit { type: string, slug?: string, title?: string, text?: string, snippet: string, speaker?: { name: string } }

async function search (app: FastifyInstance, query: string, headers = {}): Promise<Hit[]> {
  const res = await app.inject({ url: `/v1/search?${query}`, headers })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json().data
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()

t.test('ranked search over a small corpus', async (t) => {
  const app = await build(t)
  const stoltenberg = { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }
  await saveArticleGraph(app.db, {
    title: 'Pipeline deal signed', status: 'published', publishedAt: daysAgo(10),
    summary: 'Energy ministers met in Vienna.', body: ['The talks touched briefly on alliance matters and on submarines.']
  })
  await saveArticleGraph(app.db, {
    title: 'Submarines ordered for the navy', status: 'published', publishedAt: daysAgo(10),
    body: ['The defence ministry confirmed the order.']
  })
  await saveArticleGraph(app.db, {
    title: 'Allies meet in Brussels', status: 'published', publishedAt: daysAgo(3), section: 'Latest News',
    summary: 'NATO defence ministers gather.', body: ['Afghanistan is on the agenda, Stoltenberg said.', 'The Taliban regime was discussed.'],
    topics: [{ name: 'Islamic State', aliases: ['Daesh', 'ISIS'] }],
    quotes: [{ text: 'Our mission was not in vain.', speaker: stoltenberg }]
  })
  await saveArticleGraph(app.db, {
    title: 'Kabul airport reopens', status: 'published', publishedAt: daysAgo(400),
    body: ['Flights to Kabul resumed after the Taliban took control.']
  })
  await saveArticleGraph(app.db, {
    title: 'Kabul markets busy', status: 'published', publishedAt: daysAgo(2),
    body: ['Flights to Kabul resumed after the Taliban took control.']
  })
  await saveArticleGraph(app.db, {
    title: 'Secret submarines memo', status: 'draft', body: ['Internal only.'],
    quotes: [{ text: 'This submarines plan must stay secret.', speaker: stoltenberg }]
  })

  const submarines = await search(app, 'q=submarines&type=articles')
  t.same(submarines.map((hit) => hit.title), ['Submarines ordered for the navy', 'Pipeline deal signed'], 'a title match ranks above a body match; drafts are not found')
  t.match(submarines[0]!.snippet, /<mark>Submarines<\/mark>/)

  const kabul = await search(app, 'q=kabul+taliban&type=articles')
  t.same(kabul.map((hit) => hit.title), ['Kabul markets busy', 'Kabul airport reopens'], 'with equal text, the recent story ranks first')

  t.same((await search(app, 'q=%22defence+ministers%22&type=articles')).map((hit) => hit.title), ['Allies meet in Brussels'], 'quoted phrase')
  t.same((await search(app, 'q=kabul+-airport&type=articles')).map((hit) => hit.title), ['Kabul markets busy'], 'excluded word')
  t.same((await search(app, 'q=vienna+or+brussels&type=articles')).map((hit) => hit.title).sort(), ['Allies meet in Brussels', 'Pipeline deal signed'], 'or')

  const typo = await search(app, 'q=Stoltenber')
  t.ok(typo.some((hit) => hit.type === 'quote' && hit.speaker?.name === 'Jens Stoltenberg'), 'a misspelt speaker finds their quotes')
  t.ok(typo.some((hit) => hit.type === 'article' && hit.title === 'Allies meet in Brussels'), 'and the story that names them')
  t.notOk(typo.some((hit) => hit.text?.includes('secret')), 'but never a quote from a draft')

  const alias = await search(app, 'q=Daesh&type=articles')
  t.same(alias.map((hit) => hit.title), ['Allies meet in Brussels'], 'a topic alias finds stories tagged with the topic')

  const editor = await authHeaders(app, 'content:read-drafts')
  const withDrafts = await search(app, 'q=submarines', editor)
  t.ok(withDrafts.some((hit) => hit.title === 'Secret submarines memo'), 'an editor key also finds drafts')
  t.ok(withDrafts.some((hit) => hit.type === 'quote'), 'and their quotes')

  const quotesOnly = await search(app, 'q=mission&type=quotes')
  t.same(quotesOnly.map((hit) => hit.type), ['quote'])
  t.match(quotesOnly[0]!.snippet, /<mark>mission<\/mark>/)
})

t.test('search pages through results and rejects bad input', async (t) => {
  const app = await build(t)
  for (let i = 0; i < 5; i++) await saveArticleGraph(app.db, { title: `Election night ${i}`, status: 'published', body: ['<b>Votes</b> were counted.'] })
  const first = (await app.inject({ url: '/v1/search?q=election&limit=2' })).json()
  t.equal(first.data.length, 2)
  const second = (await app.inject({ url: `/v1/search?q=election&limit=2&cursor=${first.nextCursor}` })).json()
  const third = (await app.inject({ url: `/v1/search?q=election&limit=2&cursor=${second.nextCursor}` })).json()
  t.equal(third.nextCursor, null)
  const ids = [...first.data, ...second.data, ...third.data].map((hit: { id: string }) => hit.id)
  t.equal(new Set(ids).size, 5, 'every hit once')
  t.notOk(JSON.stringify(first.data).includes('<b>'), 'snippets are HTML-escaped')

  for (const url of ['/v1/search', '/v1/search?q=', '/v1/search?q=x&type=videos', '/v1/search?q=x&cursor=zzz', '/v1/search?q=x&limit=500', '/v1/search?q=x&sort=title']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
  }
  const stopwords = await app.inject({ url: '/v1/search?q=the' })
  t.equal(stopwords.statusCode, 200)
  t.same(stopwords.json().data, [], 'a query of stop words finds nothing, without an error')
  const symbols = await app.inject({ url: `/v1/search?q=${encodeURIComponent("'); DROP TABLE articles; -- & | ! :*")}` })
  t.equal(symbols.statusCode, 200, 'operators and SQL in q are just text')
})

t.test('article results are the textbook ranked query: ts_rank of the words typed, newer first on ties', async (t) => {
  const app = await build(t)
  const words = ['harbour', 'strike', 'council', 'budget', 'river', 'flood']
  for (let i = 0; i < 40; i++) {
    const pick = (n: number) => words[(i * n) % words.length]!
    await saveArticleGraph(app.db, {
      title: `${pick(1)} report ${i}`, status: i % 7 === 0 ? 'draft' : 'published', publishedAt: daysAgo(i % 9),
      summary: `${pick(5)} and ${pick(2)} news.`, body: [`The ${pick(3)} ${pick(2)} story ${pick(1)}.`, `More on the ${pick(5)}.`]
    })
  }
  for (const q of ['harbour', 'strike council', '"budget river"', 'flood -strike', 'river or harbour']) {
    const textbook = await app.db.$queryRawUnsafe<{ id: string }[]>(`
      SELECT a.id FROM articles a, websearch_to_tsquery('english', $1) query
       WHERE a.search_vector @@ query AND a.status = 'published'
       ORDER BY ts_rank(a.search_vector, query) DESC, a.published_at DESC NULLS LAST, a.id LIMIT 20`, q)
    const res = await app.inject({ url: `/v1/search?type=articles&limit=20&q=${encodeURIComponent(q)}` })
    t.same(res.json().data.map((hit: { id: string }) => hit.id), textbook.map((row) => row.id), q)
  }
})
