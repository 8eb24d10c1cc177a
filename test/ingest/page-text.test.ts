import t from 'tap'
import { parsePageText } from '../../src/ingest/page-text.js'
import { parseDate } from '../../src/ingest/dates.js'

const story = 'The council met on Monday to vote on the plan for the depot site.'

t.test('section, title, byline and date from the header', async (t) => {
  const page = parsePageText(`Business\n\nBank holds rates steady\n\nBy Jane Doe, Staff Reporter\n\nPublished on March 3, 2025\n\n${story}`)
  t.match(page, { section: 'Business', title: 'Bank holds rates steady', byline: 'Jane Doe', publishedAt: '2025-03-03T00:00:00.000Z', body: [story] })
})

t.test('a title alone has no section', async (t) => {
  t.match(parsePageText(`Bank holds rates steady\n\n${story}`), { section: null, title: 'Bank holds rates steady', publishedAt: null })
})

t.test('breadcrumbs give the section', async (t) => {
  t.equal(parsePageText(`Home > World > Europe\n\nFloods hit Valencia\n\n${story}`).section, 'Europe')
})

t.test('"Published on" split over lines with no date is unknown, not today', async (t) => {
  t.equal(parsePageText(`Latest News\n\nFloods hit Valencia\n\nPublished\n\non\n\n${story}`).publishedAt, null)
  t.equal(parsePageText(`Latest News\n\nFloods hit Valencia\n\nPublished\n\non\n\n14 April 2025\n\n${story}`).publishedAt, '2025-04-14T00:00:00.000Z')
})

t.test('an update time is not the publication time', async (t) => {
  const page = parsePageText(`Tech\n\nHack hits water firm\n\nUpdated: 2025-02-19T08:00:00Z\n\nPublished: 2025-02-18T09:30:00Z\n\n${story}`)
  t.equal(page.publishedAt, '2025-02-18T09:30:00.000Z')
})

t.test('date formats', async (t) => {
  t.equal(parseDate('Thursday 3 March 2025'), '2025-03-03T00:00:00.000Z')
  t.equal(parseDate('Sept. 9, 2025'), '2025-09-09T00:00:00.000Z')
  t.equal(parseDate('March 12, 2025 10:45 GMT'), '2025-03-12T10:45:00.000Z')
  t.equal(parseDate('October 8, 2024 at 9:15 pm ET'), '2024-10-09T01:15:00.000Z', 'ET in daylight time')
  t.equal(parseDate('January 8, 2025 at 9:15 pm ET'), '2025-01-09T02:15:00.000Z', 'ET in standard time')
  t.equal(parseDate('Published: 22:41 BST, 30 August 2024'), '2024-08-30T21:41:00.000Z', 'time before the date')
  t.equal(parseDate('17 October 2024, 12:36'), '2024-10-17T12:36:00.000Z')
  t.equal(parseDate('2 hours ago'), null)
  t.equal(parseDate('February 31, 2025'), null)
})

t.test('site chrome is removed from the body', async (t) => {
  const page = parsePageText([
    'World', 'Floods hit Valencia', 'Share this article', '5 min read', story,
    'Advertisement', 'Read more: Why the floods keep coming', 'Click here to subscribe to our newsletter',
    'We use cookies to improve your experience. Accept all cookies', 'The water rose through the night in six villages.',
    'Trending', 'Storm warning issued for the coast', 'Ferry services cancelled', 'Exit mobile version',
  ].join('\n\n'))
  t.same(page.body, [story, 'The water rose through the night in six villages.'])
})

t.test('a link list without a heading after the story is dropped', async (t) => {
  t.same(parsePageText(`World\n\nFloods hit Valencia\n\n${story}\n\nStorm warning issued for the coast\n\nFerry services cancelled`).body, [story])
})

t.test('a crawl date line, a byline with the date in it, and a page without a headline', async (t) => {
  t.match(parsePageText(`date 2024-05-06\n\nBank holds rates steady\n\n${story}`), { title: 'Bank holds rates steady', publishedAt: '2024-05-06T00:00:00.000Z' })
  t.match(parsePageText(`Bank holds rates steady\n\nBy PETER MWANGI March 3rd, 2025 2 min read\n\n${story}`), { byline: 'PETER MWANGI', publishedAt: '2025-03-03T00:00:00.000Z' })
  const lead = 'Raipur, Feb 8 (PTI) The state government will take basic services to every village in the forest districts within three years, the Chief Minister said on Thursday in the Assembly.'
  const page = parsePageText(`date 2024-02-08 ${lead}\n\n${story}`)
  t.match(page, { publishedAt: '2024-02-08T00:00:00.000Z', body: [lead, story] })
  t.ok(page.title.startsWith('Raipur, Feb 8 (PTI) The state government'))
})

t.test('wrapped wire lines are joined; captions and chrome in the body are dropped', async (t) => {
  const page = parsePageText('Dalmark in talks\n\nDanish shipping group Dalmark is in early talks to sell its\ntanker division, two sources told Reuters on Monday.\n' +
    'The talks could value the unit at about $2.4 billion, one source said.\n\n(Image: Atlantic Deep Survey)\n\nAdvertisement\n\n' +
    'Crews at the port worked through the night to load the ships.\n\nBe the first to comment')
  t.same(page.body, ['Danish shipping group Dalmark is in early talks to sell its tanker division, two sources told Reuters on Monday.',
    'The talks could value the unit at about $2.4 billion, one source said.', 'Crews at the port worked through the night to load the ships.'])
})
