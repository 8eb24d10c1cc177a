import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { paragraphPatterns } from '../../../src/modules/search/repository.js'
import { build } from '../../helpers/app.js'

// A story whose title and summary miss a word of the query gets its snippet from the
// paragraphs that show the words (not the whole story), and every word found is marked.

t.test('a snippet marks words found in a later paragraph, from that paragraph', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, {
    title: 'Harbour bridge reopens', status: 'published', publishedAt: '2024-03-01T10:00:00Z',
    summary: 'Engineers finished the repairs a week early.',
    body: ['Traffic was light on the first morning.', 'Cyclists welcomed the wider lanes.', 'Flights from the new airport will ease the queues, officials said.', 'Tolls stay the same.']
  })
  const res = await app.inject({ url: `/v1/search?type=articles&q=${encodeURIComponent('bridge airports')}` })
  t.equal(res.statusCode, 200)
  const [hit] = res.json().data as { snippet: string }[]
  t.match(hit!.snippet, /<mark>bridge<\/mark>/i, 'the title word is marked')
  t.match(hit!.snippet, /<mark>airport<\/mark>/, 'another form of the word typed is marked, from its paragraph')
  t.notMatch(hit!.snippet, /Cyclists|Tolls/, 'paragraphs without a word of the query are left out')
})

t.test('title, summary and paragraphs stay apart in a snippet: the fragment delimiter between them', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, {
    title: 'Harbour cranes idle', status: 'published', publishedAt: '2024-03-02T10:00:00Z',
    summary: 'Dockworkers walked out over pay', body: ['The quay was quiet on Monday.', 'Ships waited offshore for the dockworkers to return.']
  })
  const head = await app.inject({ url: `/v1/search?type=articles&q=${encodeURIComponent('dockworkers')}` })
  t.match(head.json().data[0].snippet, /^Harbour cranes idle … <mark>Dockworkers<\/mark> walked out/, 'the headline does not run into the summary')
  const body = await app.inject({ url: `/v1/search?type=articles&q=${encodeURIComponent('harbour offshore')}` })
  const snippet = body.json().data[0].snippet as string
  t.match(snippet, /^<mark>Harbour<\/mark> cranes idle … Dockworkers walked out over pay … Ships waited <mark>offshore<\/mark>/, 'nor the summary into a paragraph')
})

t.test('paragraph patterns: stem-like prefixes of the words looked for, wildcards typed taken literally', async (t) => {
  t.same(paragraphPatterns('navies "defence ruling" -taliban or 5%_', { names: ['Islamic State'], topicIds: [], speakerIds: [] }),
    ['%nav%', '%defenc%', '%rul%', '%5\\%\\_%', '%islamic%', '%stat%'])
})

t.test('one word and an excluded one: the newest matches first, however many stories there are', async (t) => {
  const app = await build(t)
  for (let i = 0; i < 30; i++) {
    await saveArticleGraph(app.db, {
      title: `Ferry timetable ${i}`, status: 'published', publishedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      body: [i % 3 === 0 ? 'Strikes cancelled sailings.' : 'Sailings run as usual.']
    })
  }
  const res = await app.inject({ url: `/v1/search?type=articles&limit=5&q=${encodeURIComponent('ferry -strike')}` })
  t.equal(res.statusCode, 200)
  t.same(res.json().data.map((hit: { title: string }) => hit.title), ['Ferry timetable 29', 'Ferry timetable 28', 'Ferry timetable 26', 'Ferry timetable 25', 'Ferry timetable 23'])
})
