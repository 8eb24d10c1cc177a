import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

// Facets count the stories a query finds, by topic, section and speaker, with the caller's
// visibility: the counts must equal what the hits themselves show.

interface Hit { slug: string }
interface Facets { topic?: Array<{ slug: string, name: string, count: number }>, section?: Array<{ name: string, count: number }>, speaker?: Array<{ slug: string, name: string, count: number }> }

async function searchWithFacets (app: FastifyInstance, query: string, headers = {}): Promise<{ hits: Hit[], facets: Facets }> {
  const res = await app.inject({ url: `/v1/search?type=articles&limit=50&facets=topic,section,speaker&${query}`, headers })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return { hits: res.json().data, facets: res.json().facets }
}

/** The facets counted by hand from the stories the hits name. */
async function expectedFacets (app: FastifyInstance, hits: Hit[], headers = {}): Promise<Facets> {
  const topics = new Map<string, number>(); const sections = new Map<string, number>(); const speakers = new Map<string, number>()
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)
  for (const hit of hits) {
    const story = (await app.inject({ url: `/v1/articles/${hit.slug}?include=topics,quotes`, headers })).json()
    for (const topic of story.topics) bump(topics, topic.slug)
    if (story.section) bump(sections, story.section)
    for (const slug of new Set<string>(story.quotes.filter((quote: { speaker: unknown }) => quote.speaker).map((quote: { speaker: { slug: string } }) => quote.speaker.slug))) bump(speakers, slug)
  }
  const sorted = (map: Map<string, number>) => Object.fromEntries([...map].sort())
  return { topic: sorted(topics), section: sorted(sections), speaker: sorted(speakers) } as unknown as Facets
}

const asMap = (facets: Facets) => ({
  topic: Object.fromEntries((facets.topic ?? []).map((value) => [value.slug, value.count]).sort()),
  section: Object.fromEntries((facets.section ?? []).map((value) => [value.name, value.count]).sort()),
  speaker: Object.fromEntries((facets.speaker ?? []).map((value) => [value.slug, value.count]).sort())
})

t.test('search facets count the stories found, as the caller may see them', async (t) => {
  const app = await build(t)
  const mayor = { name: 'Clara Mayor', role: 'Mayor', organization: 'City Council' }
  const engineer = { name: 'Omar Engineer', role: 'Engineer', organization: 'Port Authority' }
  const story = (title: string, section: string, topics: string[], speakers: Array<{ name: string }>, status: 'published' | 'draft' = 'published') =>
    saveArticleGraph(app.db, {
      title, section, status, publishedAt: '2024-05-01T10:00:00Z', body: ['The harbour was in the news again.'],
      topics: topics.map((name) => ({ name })), quotes: speakers.map((speaker, i) => ({ text: `Statement ${i} on ${title}.`, speaker }))
    })
  await story('Harbour wall repaired', 'Local', ['Harbour', 'Infrastructure'], [mayor, engineer])
  await story('Harbour fees rise', 'Business', ['Harbour', 'Shipping'], [mayor])
  await story('Ferry timetable changes', 'Local', ['Shipping'], [engineer])
  await story('Harbour festival planned', 'Culture', ['Harbour'], [])
  await story('Secret harbour deal', 'Business', ['Harbour', 'Secrets'], [engineer], 'draft')
  await saveArticleGraph(app.db, { title: 'Mountain hike', section: 'Travel', status: 'published', publishedAt: '2024-05-01T10:00:00Z', body: ['No water here.'] })

  const publicView = await searchWithFacets(app, 'q=harbour')
  t.equal(publicView.hits.length, 4, 'the ferry story says harbour in its body too; the draft is not found')
  t.same(asMap(publicView.facets), await expectedFacets(app, publicView.hits), 'public counts match the hits')
  t.same(publicView.facets.topic![0], { slug: 'harbour', name: 'Harbour', count: 3 }, 'most frequent first')
  t.notOk(publicView.facets.topic!.some((value) => value.slug === 'secrets'), 'a draft\'s topic is not counted')

  const editor = await authHeaders(app, 'content:read-drafts')
  const editorView = await searchWithFacets(app, 'q=harbour', editor)
  t.equal(editorView.hits.length, 5)
  t.same(asMap(editorView.facets), await expectedFacets(app, editorView.hits, editor), 'with drafts: counts match the hits too')

  const excluded = await searchWithFacets(app, 'q=harbour+-fees')
  t.same(asMap(excluded.facets), await expectedFacets(app, excluded.hits), 'operators hold for the counts')
  t.equal(excluded.facets.topic!.find((value) => value.slug === 'harbour')!.count, 2)

  const only = await app.inject({ url: '/v1/search?q=harbour&facets=section' })
  t.same(Object.keys(only.json().facets), ['counted', 'exact', 'section'], 'only the facets asked for')
  t.match(only.json().facets, { counted: 4, exact: true }, 'how many stories were counted')
  t.notOk('facets' in (await app.inject({ url: '/v1/search?q=harbour' })).json(), 'no facets unless asked')
  t.same((await app.inject({ url: '/v1/search?q=zeppelin&facets=topic' })).json().facets, { counted: 0, exact: true, topic: [] }, 'nothing found: empty facets')
})

t.test('search facets: bad values are 400 problems naming the allowed ones', async (t) => {
  const app = await build(t)
  const unknown = await app.inject({ url: '/v1/search?q=harbour&facets=topic,colour' })
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(unknown.json().detail, /topic, section, speaker/)
  const quotes = await app.inject({ url: '/v1/search?q=harbour&type=quotes&facets=topic' })
  t.equal(quotes.statusCode, 400)
  t.match(quotes.json().detail, /type=quotes/)
})
