import { readFileSync } from 'node:fs'
import t from 'tap'
import { parseArticleHtml } from '../../src/ingest/html/parse-html.js'
import { parseArticle } from '../../src/ingest/parse-article.js'
import type { ParsedArticle } from '../../src/ingest/types.js'

// Saved pages of our own making (test/fixtures/html), each carrying its metadata the way
// publishers do: a CMS's JSON-LD @graph with an author by @id, a JSON-LD list in a CDATA
// wrapper with entities and raw line breaks, Open Graph article:* with a relative canonical
// link, and a page with no metadata at all (read from the visible text).
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/html/${name}`, import.meta.url), 'utf8')

const EXPECTED_METADATA = {
  '01-island-ferry': {
    title: 'Island ferry service cut to three sailings a day as crew shortage bites',
    byline: 'Maren Holt',
    section: 'Local news',
    publishedAt: '2025-03-14T08:30:00.000Z',
    canonicalUrl: 'https://coastalherald.example/news/local/island-ferry-service-cut-crew-shortage/'
  },
  '02-library-budget': {
    title: 'Council approves £4m cut to library budget despite ‘sad day’ protest',
    byline: 'Priya Banerjee, Owen Lloyd',
    section: 'Politics',
    publishedAt: '2025-02-06T17:45:00.000Z',
    canonicalUrl: 'https://www.eastbridgeecho.example/politics/2025/02/06/council-approves-library-budget-cut'
  },
  '03-airline-grounded': {
    title: 'Regional airline grounds fleet after software fault',
    byline: 'Lena Ortiz',
    section: 'Business',
    publishedAt: '2025-06-02T06:10:00.000Z',
    canonicalUrl: 'https://northwindwire.example/business/2025/06/02/airline-grounds-fleet'
  },
  '04-village-school': {
    title: 'Village school wins fight to keep its doors open',
    byline: 'Sam Okoro',
    section: null,
    publishedAt: '2025-04-03T00:00:00.000Z',
    canonicalUrl: null
  }
}

const parsed = new Map(Object.keys(EXPECTED_METADATA).map((name) => [name, parseArticleHtml(fixture(`${name}.html`))]))

t.test('metadata comes from JSON-LD, Open Graph and <meta>, else from the visible text', async (t) => {
  for (const [name, expected] of Object.entries(EXPECTED_METADATA)) {
    const article = parsed.get(name)!
    t.same({ title: article.title, byline: article.byline, section: article.section, publishedAt: article.publishedAt, canonicalUrl: article.canonicalUrl },
      expected, name)
  }
})

t.test('the body is the story: no chrome, captions, pull quotes, embedded posts or link lists', async (t) => {
  const everything = [...parsed.values()].flatMap((article) => article.body).join('\n')
  for (const noise of ['cookie', 'Share on', 'Advertisement', 'Photo: Coastal Herald', 'Save our libraries', 'Shame!', 'newsletter',
    'More from Local news', 'Harbour wall repairs', 'Most read', 'Trending', 'Rail strike talks', 'Reporting by', 'All rights reserved',
    'Skip to content', 'dataLayer', 'Topics:', 'Sign in', 'volunteers', 'Updated 4 hours ago', 'Published 3 April']) {
    t.notOk(everything.includes(noise), `no "${noise}"`)
  }
  t.equal(parsed.get('01-island-ferry')!.body.length, 9, 'the nine paragraphs of the ferry story')
  const ferryQuotes = parsed.get('01-island-ferry')!.quotes.map((quote) => quote.text)
  t.equal(ferryQuotes.filter((text) => text.includes('we simply do not have one')).length, 1, 'the pull quote does not repeat the quote')
  t.ok(parsed.get('02-library-budget')!.body.some((paragraph) => paragraph.startsWith('“This is a sad day for the town”')), '<q> keeps its quotation marks')
})

t.test('the HTML and text versions of a story give the same quotes, speakers, title and date', async (t) => {
  const essentials = (article: ParsedArticle) => ({
    title: article.title,
    publishedAt: article.publishedAt,
    body: article.body,
    quotes: article.quotes.map(({ text, speakerName, description, organization }) => ({ text, speakerName, description, organization })),
    speakers: article.speakers
  })
  for (const name of ['01-island-ferry', '02-library-budget', '03-airline-grounded']) {
    const fromHtml = parsed.get(name)!
    const fromText = parseArticle(fixture(`${name}.txt`))
    t.ok(fromHtml.quotes.length >= 2, `${name}: quotes found`)
    t.same(essentials(fromHtml), essentials(fromText), name)
  }
})

t.test('fragments, empty pages and broken JSON-LD do not throw', async (t) => {
  t.equal(parseArticleHtml('').title, '')
  const fragment = parseArticleHtml('<h1>Harbour reopens</h1><p>The harbour reopened on Friday after repairs to its outer wall were finished ahead of time.</p>')
  t.equal(fragment.title, 'Harbour reopens')
  t.same(fragment.body, ['The harbour reopened on Friday after repairs to its outer wall were finished ahead of time.'])
  const broken = parseArticleHtml('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>' +
    '<meta property="og:title" content="Storm closes bridge"></head><body><p>The bridge closed at noon as winds reached ninety miles an hour.</p></body></html>')
  t.equal(broken.title, 'Storm closes bridge')
})

t.test('a canonical link never carries credentials into the stored address', async (t) => {
  const page = parseArticleHtml('<html><head><link rel="canonical" href="https://editor:secret@news.example/world/flood-warning?ref=1">' +
    '</head><body><h1>Flood warnings issued</h1><p>Forecasters issued flood warnings for three river valleys on Thursday evening.</p></body></html>')
  t.equal(page.canonicalUrl, 'https://news.example/world/flood-warning?ref=1')
})

t.test('JSON-LD variants: a WebPage with the article as mainEntity, types as URLs, a breadcrumb section', async (t) => {
  const page = parseArticleHtml(`<html><head>
    <link rel="canonical" href="https://news.example/world/europe/flood-warning">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"WebPage","mainEntity":{"@type":"http://schema.org/NewsArticle",
      "headline":"Flood warnings issued for river valleys","datePublished":"2025-01-09T21:15:00+01:00","author":"Karin Vos"}}</script>
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[
      {"@type":"ListItem","position":1,"name":"Home","item":"https://news.example/"},
      {"@type":"ListItem","position":2,"name":"World","item":"https://news.example/world"},
      {"@type":"ListItem","position":3,"name":"Europe","item":"https://news.example/world/europe"},
      {"@type":"ListItem","position":4,"name":"Flood warnings issued for river valleys","item":"https://news.example/world/europe/flood-warning"}]}</script>
    </head><body><article><h1>Flood warnings issued for river valleys</h1>
    <p>Forecasters issued flood warnings for three river valleys on Thursday evening after a week of heavy rain.</p></article></body></html>`)
  t.same({ title: page.title, byline: page.byline, section: page.section, publishedAt: page.publishedAt },
    { title: 'Flood warnings issued for river valleys', byline: 'Karin Vos', section: 'Europe', publishedAt: '2025-01-09T20:15:00.000Z' })
})

t.test('captions printed outside their figure: a list after the figure, a line repeating the image description', async (t) => {
  const page = parseArticleHtml(`<html><body><article><h1>Lighthouse keepers return</h1>
    <p>The lighthouse on Garra Point has a keeper again for the first time since 1987, the trust that runs it said on Monday.</p>
    <figure><img src="keeper.jpg" alt="Mairi Lennox on the gallery of the Garra Point lighthouse at dusk"></figure>
    <ul><li><p>Mairi Lennox on the gallery of the Garra Point lighthouse at dusk</p></li></ul>
    <p>“I have wanted this job since I was nine,” said Mairi Lennox, who started in March.</p>
    <p>Mairi Lennox on the gallery of the Garra Point lighthouse at dusk. Photograph: Ewan Dunn</p>
    <ul><li>Opening hours: Saturdays, 10am to 4pm</li><li>Tickets: free for children</li></ul>
    <p>The trust will open the tower to visitors on Saturdays.</p>
    </article></body></html>`)
  t.same(page.body, [
    'The lighthouse on Garra Point has a keeper again for the first time since 1987, the trust that runs it said on Monday.',
    '“I have wanted this job since I was nine,” said Mairi Lennox, who started in March.',
    'Opening hours: Saturdays, 10am to 4pm',
    'Tickets: free for children',
    'The trust will open the tower to visitors on Saturdays.'
  ])
})

// Seen on real saved pages (Readability's own test pages from news sites): a headline with no
// full stop was read as wrapped text and joined to the lead, which then skipped the chrome
// filter; a headline that ends with "U.S." read as a lead paragraph; gallery counters, rules,
// bracketed newsletter promotions and bare date lines stayed in the body.
const page = (headline: string, paragraphs: string[]): string => `<!doctype html><html><head><title>${headline} | Harbour Times</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"${headline}","datePublished":"2026-02-03T09:00:00Z"}</script>
</head><body><article><h1>${headline}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>`

t.test('the DOM decides where the headline ends and the body begins', async (t) => {
  const lead = 'PORT KESSEL — The harbour board voted on Tuesday to open a second ferry route to the islands, its chair said after a long meeting with residents.'
  const quote = '“We listened, and the islands will have their boat,” said Ada Mensah, who chairs the board.'
  const last = 'The route will open in the spring, when the new vessel arrives from the yard, and fares will match the current service.'
  const story = ['1 / 4', lead, 'Feb. 3, 2026', '[Get the harbour news in your inbox every morning.]', quote, '__', last]
  const parsed = parseArticleHtml(page('Harbour board backs second ferry route', story))
  t.equal(parsed.title, 'Harbour board backs second ferry route')
  t.same(parsed.body, [lead, quote, last], 'no counter, date line, promotion or rule in the body')
  t.equal(parsed.quotes[0]?.speakerName, 'Ada Mensah')

  const dotted = parseArticleHtml(page('Ferry makers from the U.S. and Norway bid for the islands contract worth millions to the yard.', [lead, last]))
  t.same(dotted.body, [lead, last], 'a headline ending with a full stop is not repeated as a paragraph')
})

t.test('a page the text reader cannot read as sentences keeps its paragraphs', async (t) => {
  const paragraphs = ['港の理事会は火曜日、島へ向かう二つ目のフェリー航路を開くことを決めた。', '新しい船は春に造船所から届く予定だ。']
  t.same(parseArticleHtml(page('島へのフェリー航路', paragraphs)).body, paragraphs)
})

t.test('a page with no headline: its lead sentence is the title and stays the first paragraph, as in a text import', async (t) => {
  const lead = 'The Regional Commissioner, Ewan Tulloch McRae has defended the pier closure on Monday after a storm damaged it.'
  const story = [lead, '“We had no choice,” McRae said.', '“The pier was not safe,” the commissioner added.']
  const html = parseArticleHtml(page(lead, story))
  const text = parseArticle(story.join('\n\n'))
  t.same(html.body, story, 'the lead repeated under the headline is kept')
  t.same(html.quotes.map((q) => q.speakerName), ['Ewan Tulloch McRae', 'Ewan Tulloch McRae'], 'the full name comes from the lead')
  t.same(html.quotes.map((q) => [q.text, q.speakerName]), text.quotes.map((q) => [q.text, q.speakerName]))
})

t.test('a byline box that prints the date after the names; no declared headline and a section name in the first h1', async (t) => {
  // Invented page: the names glued to the date and a comment count, as a publisher's byline box prints them.
  const story = '<p>The harbour board voted on Tuesday to close the old ferry ramp for repairs over the winter months.</p>' +
    '<p>“The ramp has done sixty years of work and it needs a rest,” said Nora Feld, who chairs the board.</p>' +
    '<p>Repairs are expected to take until April, when the ramp will reopen with a new surface and lighting.</p>'
  const glued = parseArticleHtml(`<html><head><title>Ferry ramp closes for repairs</title><meta property="og:title" content="Ferry ramp closes for repairs"></head><body>
    <article><h1>Ferry ramp closes for repairs</h1><p class="byline"><span>by</span> <a href="/author/ilee">Iris Lee</a><span>4 Nov 2026</span><a href="#comments">83</a></p>${story}</article></body></html>`)
  t.equal(glued.byline, 'Iris Lee')
  const spaced = parseArticleHtml(`<html><head><title>Ferry ramp closes for repairs</title></head><body>
    <h1>Coastal News Centre</h1><article><h2>Ferry ramp closes for repairs</h2><div class="byline">By IRIS LEE
      November 4, 2026 9:10 AM</div>${story}</article></body></html>`)
  t.equal(spaced.byline, 'IRIS LEE')
  t.equal(spaced.title, 'Ferry ramp closes for repairs', 'the heading that prints the <title>, not the section name in the first h1')
})

t.test('a block quotation introduced as someone\'s words is their quote; one after any other line is not', async (t) => {
  // Invented page: a reader's letter set off as a <blockquote> with no marks, after a line that names her and ends in a colon.
  const page = (intro: string, quoted: string): ParsedArticle => parseArticleHtml(`<html><head><title>Harbour car park to charge overnight</title></head><body>
    <article><h1>Harbour car park to charge overnight</h1>
    <p>The harbour board will start charging for overnight parking at the quay from the first of March.</p>
    <p>${intro}</p><blockquote><p>${quoted}</p></blockquote>
    <p>The board meets again in April to review the charges after the first month of the scheme.</p></article></body></html>`)
  const letter = 'I have parked there for twenty years to catch the early ferry, and now the board wants to charge me for sleeping at home.'
  const written = page('One resident, Maud Pellow, wrote to the board after the vote:', letter)
  t.same(written.quotes.map((quote) => [quote.text, quote.speakerName]), [[letter, 'Maud Pellow']], 'her letter is her quote')
  const table = page('The busiest nights last year were:', 'Friday 212 cars Saturday 240 cars Sunday 96 cars')
  t.same(table.quotes, [], 'a block of figures after a colon is not anyone\'s words')
  const excerpt = page('The board’s notice is short.', letter)
  t.same(excerpt.quotes, [], 'a block quotation after a line that introduces nobody\'s words stays unquoted')
})

t.test('a section name before the declared headline, and a story Readability passes over for a column of teasers (289)', async (t) => {
  // Invented page: a long column of short video teasers beside a story set in the page's one <article>.
  const teasers = Array.from({ length: 12 }, (_, i) => `<li><a href="/v/${i}">SHOW ${i}</a><p>Teaser line number ${i} for a programme</p></li>`).join('')
  const page = parseArticleHtml(`<html><head><title>Europe - Ferry strike ends after nine days</title>
    <meta property="og:title" content="Europe - Ferry strike ends after nine days"><meta property="og:site_name" content="Newsroom 24"></head><body>
    <h1>Newsroom 24</h1><div class="videos"><ul>${teasers}</ul></div>
    <article><h1>Ferry strike ends after nine days</h1>
    <p>Crews on the island ferries returned to work on Sunday after nine days of strikes over rosters and pay.</p>
    <p>Union organiser Petra Lind said the deal was “a fair end to a hard fight” and thanked passengers for their patience.</p>
    </article></body></html>`)
  t.equal(page.title, 'Ferry strike ends after nine days', 'the printed h1, not the section name before it')
  t.same(page.quotes.map((quote) => [quote.text, quote.speakerName]), [['a fair end to a hard fight', 'Petra Lind']], 'the story\'s quote')
})
