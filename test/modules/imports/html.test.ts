import { readFileSync } from 'node:fs'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

const FERRY = readFileSync(new URL('../../fixtures/html/01-island-ferry.html', import.meta.url), 'utf8')
const FERRY_TEXT = readFileSync(new URL('../../fixtures/html/01-island-ferry.txt', import.meta.url), 'utf8')
const AIRLINE = readFileSync(new URL('../../fixtures/html/03-airline-grounded.html', import.meta.url), 'utf8')
const FERRY_URL = 'https://coastalherald.example/news/local/island-ferry-service-cut-crew-shortage/'

t.test('text/html: the story, its metadata and canonical URL; the same page again creates nothing', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  const post = (payload: string) => app.inject({ method: 'POST', url: '/v1/imports', headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }, payload })

  const res = await post(FERRY)
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body.article, {
    title: 'Island ferry service cut to three sailings a day as crew shortage bites',
    section: 'Local news',
    byline: 'Maren Holt',
    publishedAt: '2025-03-14T08:30:00.000Z',
    sourceUrl: FERRY_URL,
    status: 'draft'
  })
  t.equal(body.article.body.length, 9, 'the story paragraphs only')
  t.notOk(body.article.body.join(' ').includes('cookie'), 'no cookie banner')
  const reid = body.quotes.find((quote: { speaker: { slug: string } | null }) => quote.speaker?.slug === 'alison-reid')
  t.ok(reid, 'Alison Reid is quoted')
  t.equal(reid.speakerRole, reid.speaker.role, 'the quote keeps the role she had in this story')

  // The same page saved again with other ads and scripts is the same story.
  const again = await post(FERRY.replace('<script src="/js/app.js"></script>', '<script src="/js/app.v2.js"></script><div class="ad-slot">Ad</div>'))
  t.equal(again.statusCode, 200)
  t.equal(again.json().outcome, 'existing')
  t.equal(await app.db.article.count(), 1)
})

t.test('JSON {"html"}: sourceUrl may be given or cleared; a dry run writes nothing', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  const dry = await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers, payload: { html: AIRLINE } })
  t.equal(dry.statusCode, 200)
  t.match(dry.json().article, {
    title: 'Regional airline grounds fleet after software fault', section: 'Business', byline: 'Lena Ortiz',
    sourceUrl: 'https://northwindwire.example/business/2025/06/02/airline-grounds-fleet', publishedAt: '2025-06-02T06:10:00.000Z'
  })
  t.equal(await app.db.article.count(), 0)

  const given = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: { html: AIRLINE, sourceUrl: 'https://mirror.example/airline', status: 'published' } })
  t.equal(given.statusCode, 201)
  t.match(given.json().article, { sourceUrl: 'https://mirror.example/airline', status: 'published' })

  const cleared = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: { html: FERRY, sourceUrl: null } })
  t.equal(cleared.json().article.sourceUrl, null)

  for (const payload of [{ html: AIRLINE, text: 'both' }, { html: '' }, { html: AIRLINE, url: 'x' }, {}]) {
    const res = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 40))
  }
  t.equal(await app.db.article.count(), 2)
})

t.test('the HTML and text versions of a story give the same quotes and speakers', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  const preview = async (payload: Record<string, string>) =>
    (await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers, payload })).json()
  const [fromHtml, fromText] = [await preview({ html: FERRY }), await preview({ text: FERRY_TEXT })]
  t.same(fromHtml.quotes, fromText.quotes)
  t.same(fromHtml.speakers, fromText.speakers)
  t.same([fromHtml.article.title, fromHtml.article.publishedAt], [fromText.article.title, fromText.article.publishedAt])
})
