import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

// /speakers/{s}/quotes: one speaker's quotes, most recent first, only from stories the
// caller may see, walked page by page past ties and unknown dates.

t.test('a speaker\'s quotes: order, ties, unknown dates, cursors, visibility', async (t) => {
  const app = await build(t)
  const speaker = { name: 'Ana Ruiz' }
  // Five quotes said at the same moment (the id breaks the tie), two undated, one hidden.
  await saveArticleGraph(app.db, {
    title: 'Council meets', status: 'published', publishedAt: '2024-05-01T10:00:00.000Z',
    quotes: [
      ...['A', 'B', 'C', 'D', 'E'].map((text) => ({ text, speaker, saidAt: '2024-05-01T09:00:00.000Z' })),
      { text: 'Undated 1', speaker: { slug: 'ana-ruiz' }, saidAt: null },
      { text: 'Latest', speaker: { slug: 'ana-ruiz' }, saidAt: '2024-05-02T00:00:00.001Z' }
    ]
  })
  await saveArticleGraph(app.db, {
    title: 'Undated story', status: 'published', publishedAt: null,
    quotes: [{ text: 'Undated 2', speaker: { slug: 'ana-ruiz' } }]
  })
  await saveArticleGraph(app.db, {
    title: 'Secret', status: 'draft',
    quotes: [{ text: 'Hidden', speaker: { slug: 'ana-ruiz' }, saidAt: '2030-01-01T00:00:00.000Z' }]
  })
  const all = await app.db.quote.findMany({ orderBy: [{ saidAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }] })
  const expected = all.filter((quote) => quote.text !== 'Hidden').map((quote) => quote.id)

  const walk = async (query: string, headers: Record<string, string> = {}) => {
    const ids: string[] = []
    let url: string | undefined = `/v1/speakers/ana-ruiz/quotes?${query}`
    while (url) {
      const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ url, headers })
      t.equal(res.statusCode, 200, url)
      ids.push(...res.json().data.map((quote: { id: string }) => quote.id))
      url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1]
    }
    return ids
  }
  t.same(await walk(''), expected, 'one page: newest first, undated last, ties by id')
  t.same(await walk('limit=2'), expected, 'pages of 2 cross the ties and the undated quotes')
  t.same(await walk('limit=1&fields=text'), expected, 'with fields=')
  const oldestFirst = await app.db.quote.findMany({ where: { text: { not: 'Hidden' } }, orderBy: [{ saidAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }] })
  t.same(await walk('limit=3&sort=saidAt'), oldestFirst.map((quote) => quote.id), 'ascending, undated still last')
  const byCreation = await app.db.quote.findMany({ where: { text: { not: 'Hidden' } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
  t.same(await walk('limit=4&sort=-createdAt'), byCreation.map((quote) => quote.id))

  const editor = await authHeaders(app, 'content:read-drafts')
  t.same(await walk('limit=3', editor), all.map((quote) => quote.id), 'a key that may read drafts sees the hidden quote too')
  const [first] = (await app.inject({ url: '/v1/speakers/ana-ruiz/quotes?limit=1' })).json().data
  t.match(first, { text: 'Latest', saidAt: '2024-05-02T00:00:00.001Z', context: null, position: 6, version: 1 })
  t.same(first, (await app.inject({ url: `/v1/quotes/${first.id}` })).json(), 'the same quote as on its own')
})

t.test('a speaker\'s quotes: unknown, renamed, no quotes, bad cursors', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Story', status: 'published', quotes: [{ text: 'Hello', speaker: { name: 'Ana Ruiz' } }] })
  await saveArticleGraph(app.db, { title: 'Draft', status: 'draft', quotes: [{ text: 'Hidden', speaker: { name: 'Bo Li' } }] })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const silent = (await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'Silent Sam' } })).json()
  const page = (url: string) => app.inject({ url })

  t.same((await page('/v1/speakers/silent-sam/quotes')).json(), { data: [], nextCursor: null }, 'a speaker without quotes: an empty page')
  t.same((await page(`/v1/speakers/${silent.id}/quotes`)).json(), { data: [], nextCursor: null }, 'by id too')
  t.equal((await page('/v1/speakers/bo-li/quotes')).statusCode, 404, 'a speaker only hidden stories quote does not exist for the public')
  t.equal((await page('/v1/speakers/nobody/quotes')).statusCode, 404)
  t.equal((await page('/v1/speakers/00000000-0000-4000-8000-000000000000/quotes')).statusCode, 404)
  t.equal((await page('/v1/speakers/nobody/quotes?cursor=bad')).statusCode, 404, 'an unknown speaker is a 404 before a bad cursor')
  t.equal((await page('/v1/speakers/ana-ruiz/quotes?cursor=bad')).statusCode, 400)
  t.equal((await page('/v1/speakers/ana-ruiz/quotes?sort=position')).statusCode, 400, 'position needs an article')

  await app.inject({ method: 'PATCH', url: '/v1/speakers/ana-ruiz', headers: writer, payload: { slug: 'ana' } })
  for (const query of ['', '?limit=1', '?cursor=bad']) {
    const moved = await page(`/v1/speakers/ana-ruiz/quotes${query}`)
    t.equal(moved.statusCode, 301, `old slug${query}`)
    t.equal(moved.headers.location, `/v1/speakers/ana/quotes${query}`)
  }
  t.same((await page('/v1/speakers/ana/quotes')).json().data.map((quote: { text: string }) => quote.text), ['Hello'])
})
