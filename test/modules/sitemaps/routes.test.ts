import { XMLParser, XMLValidator } from 'fast-xml-parser'
import t, { type Test } from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom } from '../fixtures.js'

const SITE = 'https://news.example.com'
const API = 'https://api.example.com'
const config = { PUBLIC_API_URL: API, PUBLIC_ARTICLE_URL: `${SITE}/{section}/{slug}`, PUBLICATION_NAME: 'The Daily Example' }
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['url', 'sitemap'].includes(name) })

/** The document, after checking it is well-formed XML. */
function parse (t: Test, xml: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  t.equal(XMLValidator.validate(xml), true, 'well-formed XML')
  return parser.parse(xml)
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3600_000).toISOString()

t.test('the index lists pages of at most SITEMAP_PAGE_SIZE stories that together hold every public story once', async (t) => {
  const app = await build(t, { ...config, SITEMAP_PAGE_SIZE: 2 })
  await seedNewsroom(app)
  for (const title of ['Fourth public story', 'Fifth public story']) {
    await saveArticleGraph(app.db, { title, section: 'Sport', status: 'published', publishedAt: '2024-02-01T00:00:00.000Z' })
  }
  const index = await app.inject('/v1/sitemaps/index.xml')
  t.equal(index.statusCode, 200)
  t.equal(index.headers['content-type'], 'application/xml; charset=utf-8')
  const doc = parse(t, index.body)
  t.equal(doc.sitemapindex['@xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9')
  const locs: string[] = doc.sitemapindex.sitemap.map((entry: { loc: string }) => entry.loc)
  t.equal(locs.length, 4, 'three pages of two for five stories, and the news sitemap')
  t.equal(locs[0], `${API}/v1/sitemaps/articles.xml`)
  t.match(locs[1], new RegExp(`^${API}/v1/sitemaps/articles\\.xml\\?after=[\\w-]+$`))
  t.equal(locs[3], `${API}/v1/sitemaps/news.xml`)

  const seen: string[] = []
  for (const loc of locs.slice(0, 3)) {
    const page = await app.inject(loc.replace(API, ''))
    t.equal(page.statusCode, 200)
    const urls = parse(t, page.body).urlset.url ?? []
    t.ok(urls.length <= 2, `${loc}: at most SITEMAP_PAGE_SIZE URLs`)
    for (const url of urls) {
      t.match(url.lastmod, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      seen.push(url.loc)
    }
  }
  t.same(seen.sort(), [
    `${SITE}/business/economy-grows`, `${SITE}/sport/fifth-public-story`, `${SITE}/sport/fourth-public-story`,
    `${SITE}/world/afghanistan-update`, `${SITE}/world/nato-summit-ends`
  ], 'every public story once, and nothing hidden')

  const bad = await app.inject('/v1/sitemaps/articles.xml?after=not-a-cursor')
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('the full-size default puts every story on one page; 304 by ETag and by date', async (t) => {
  const app = await build(t, config)
  await seedNewsroom(app)
  const index = parse(t, (await app.inject('/v1/sitemaps/index.xml')).body)
  t.equal(index.sitemapindex.sitemap.length, 2, 'one article sitemap and the news sitemap')
  const page = await app.inject('/v1/sitemaps/articles.xml')
  t.equal(parse(t, page.body).urlset.url.length, 3)
  t.equal((await app.inject({ url: '/v1/sitemaps/articles.xml', headers: { 'if-none-match': page.headers.etag as string } })).statusCode, 304)
  t.equal((await app.inject({ url: '/v1/sitemaps/articles.xml', headers: { 'if-modified-since': page.headers['last-modified'] as string } })).statusCode, 304)
})

t.test('the news sitemap holds the public stories of the last 48 hours, newest first', async (t) => {
  const app = await build(t, { ...config, PUBLICATION_LANGUAGE: 'en-GB' })
  await seedNewsroom(app) // stories of 2024: too old for it
  const make = (title: string, status: 'published' | 'draft' | 'scheduled', publishedAt: string) =>
    saveArticleGraph(app.db, { title, section: 'World', status, publishedAt })
  await make('An hour old', 'published', hoursAgo(1))
  await make('Almost two days old', 'published', hoursAgo(47))
  await make('Just over two days old', 'published', hoursAgo(49))
  await make('A draft of today', 'draft', hoursAgo(1))
  await make('Scheduled for tomorrow', 'scheduled', hoursAgo(-24))
  await make('\u0001\u0002', 'published', hoursAgo(30)) // nothing XML can carry: named by its slug

  const res = await app.inject('/v1/sitemaps/news.xml')
  t.equal(res.statusCode, 200)
  const doc = parse(t, res.body)
  t.equal(doc.urlset['@xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9')
  const urls = doc.urlset.url
  // A title slugify leaves nothing of gets `item-` and a hash of it (src/lib/slugs.ts).
  const locs = urls.map((url: { loc: string }) => url.loc)
  t.match(locs, [`${SITE}/world/an-hour-old`, /^https:\/\/news\.example\.com\/world\/item-[0-9a-f]{12}$/, `${SITE}/world/almost-two-days-old`])
  t.equal(locs.length, 3)
  t.equal(urls[1]['news:news']['news:title'], locs[1].split('/').at(-1))
  const news = urls[0]['news:news']
  t.equal(news['news:publication']['news:name'], 'The Daily Example')
  t.equal(news['news:publication']['news:language'], 'en')
  t.equal(news['news:title'], 'An hour old')
  t.match(news['news:publication_date'], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  t.notMatch(res.body, /draft|Scheduled|Just over/)
})

t.test('an empty archive has an index, an empty article sitemap and an empty news sitemap', async (t) => {
  const app = await build(t, config)
  for (const path of ['/v1/sitemaps/index.xml', '/v1/sitemaps/articles.xml', '/v1/sitemaps/news.xml']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 200, path)
    parse(t, res.body)
  }
  t.same(parse(t, (await app.inject('/v1/sitemaps/index.xml')).body).sitemapindex.sitemap.map((entry: { loc: string }) => entry.loc),
    [`${API}/v1/sitemaps/articles.xml`, `${API}/v1/sitemaps/news.xml`])
  t.equal((await app.inject('/v1/feeds/articles.rss')).statusCode, 200, 'and an empty feed')
})

t.test('a change to a draft moves no Last-Modified of a sitemap or feed: a public 304 stays a 304', async (t) => {
  // No response cache: each answer is made anew, as it is once any write drops the kept one.
  const app = await build(t, { ...config, RESPONSE_CACHE_MAX_ENTRIES: 0 })
  await seedNewsroom(app)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const urls = ['/v1/sitemaps/news.xml', '/v1/sitemaps/index.xml', '/v1/sitemaps/articles.xml', '/v1/feeds/articles.rss', '/v1/feeds/topics/nato.atom', '/v1/feeds/speakers/jens-stoltenberg.json']
  // Last-Modified has whole seconds: the draft's save comes in a later second than every public write.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const before = new Map<string, string>()
  for (const url of urls) before.set(url, (await app.inject(url)).headers['last-modified'] as string)
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const draft = await app.inject({ method: 'PATCH', url: '/v1/articles/secret-draft', headers: editor, payload: { title: 'Secret draft, rewritten', topics: [{ slug: 'nato' }] } })
  t.equal(draft.statusCode, 200, draft.body)
  await app.inject({ method: 'POST', url: '/v1/quotes', headers: editor, payload: { article: 'secret-draft', text: 'More words never to leak', speaker: { slug: 'jens-stoltenberg' } } })
  for (const url of urls) {
    const res = await app.inject({ url, headers: { 'if-modified-since': before.get(url)! } })
    t.equal(res.statusCode, 304, `${url}: still 304 after a draft changed (Last-Modified ${res.headers['last-modified']}, was ${before.get(url)})`)
  }
})
