import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom } from '../fixtures.js'
import { readers, RFC_3339 } from './validate.js'

// What the other parts of issue 13 add to every feed: an author feed, the authors of each story
// in byline order (in place of its free-text byline), and each story's corrections.

const SITE = 'https://news.example.com'
const API = 'https://api.example.com'
const config = { PUBLIC_API_URL: API, PUBLIC_SITE_URL: `${SITE}/`, PUBLIC_ARTICLE_URL: `${SITE}/{section}/{slug}`, PUBLICATION_NAME: 'The Daily Example' }
const FORMATS = ['rss', 'atom', 'json'] as const
const json = { 'content-type': 'application/json' }

t.test('an author feed holds their public stories, each with its authors in byline order, in every format', async (t) => {
  const app = await build(t, config)
  const { summit, economy, kabul } = await seedNewsroom(app)
  const key = await authHeaders(app, 'content:write')
  const patch = async (id: string, payload: object) =>
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: { ...key, ...json }, payload })).statusCode, 200)
  await patch(summit.id, { byline: 'By our reporters', authors: [{ name: 'Tomas Berg' }, { name: 'Ingrid Halvorsen' }] })
  await patch(kabul.id, { authors: [{ slug: 'ingrid-halvorsen' }] })
  await patch(economy.id, { byline: 'Reuters' })
  const draft = await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...key, ...json }, payload: { title: 'Unfinished draft by Ingrid', authors: [{ slug: 'ingrid-halvorsen' }] } })
  t.equal(draft.statusCode, 201)

  for (const format of FORMATS) {
    const res = await app.inject(`/v1/feeds/authors/ingrid-halvorsen.${format}`)
    t.equal(res.statusCode, 200, format)
    const feed = readers[format](res.body)
    t.same(feed.problems, [], `${format} validates`)
    t.equal(feed.title, 'Ingrid Halvorsen · The Daily Example')
    t.same(feed.entries.map((entry) => entry.title), ['NATO summit ends', 'Afghanistan update'], `${format}: their public stories, newest first`)
    t.notMatch(res.body, 'Unfinished draft', `${format}: never a draft`)
    // RSS and Atom list every author; the parser reads each.
    t.same(feed.entries[0]!.authors, ['Tomas Berg', 'Ingrid Halvorsen'], `${format}: the authors in byline order, not the byline text`)
    t.same(feed.entries[1]!.authors, ['Ingrid Halvorsen'])

    const all = readers[format]((await app.inject(`/v1/feeds/articles.${format}`)).body)
    t.same(all.entries.find((entry) => entry.title === 'Economy grows')!.authors, ['Reuters'], `${format}: no author record, the byline stays`)
  }
  const jsonFeed = JSON.parse((await app.inject('/v1/feeds/authors/ingrid-halvorsen.json')).body)
  t.equal(jsonFeed.feed_url, `${API}/v1/feeds/authors/ingrid-halvorsen.json`)
  t.same(jsonFeed.items[0].authors, [{ name: 'Tomas Berg' }, { name: 'Ingrid Halvorsen' }])
  const speakerFeed = JSON.parse((await app.inject('/v1/feeds/speakers/jens-stoltenberg.json')).body)
  t.ok(speakerFeed.items.every((item: { authors: Array<{ name: string }> }) => item.authors[0]!.name === 'Jens Stoltenberg'), 'a quote\'s author stays its speaker')

  // A renamed author: the old slug answers 301; an unknown or hidden one is a 404.
  const renamed = await app.inject({ method: 'PATCH', url: '/v1/authors/ingrid-halvorsen', headers: { ...key, ...json }, payload: { slug: 'ingrid-m-halvorsen' } })
  t.equal(renamed.statusCode, 200)
  const moved = await app.inject('/v1/feeds/authors/ingrid-halvorsen.atom')
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, '/v1/feeds/authors/ingrid-m-halvorsen.atom')
  t.equal((await app.inject('/v1/feeds/authors/no-one.rss')).statusCode, 404)
  const hidden = await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...key, ...json }, payload: { title: 'Another draft', authors: [{ name: 'Draft Only Writer' }] } })
  t.equal(hidden.statusCode, 201)
  const hiddenFeed = await app.inject('/v1/feeds/authors/draft-only-writer.json')
  t.equal(hiddenFeed.statusCode, 404, 'an author only drafts name is not public')
  t.equal(hiddenFeed.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('a correction reaches every feed of its story at once: a block with kind, date and text, and a newer date', async (t) => {
  const app = await build(t, config)
  const { summit } = await seedNewsroom(app)
  const key = await authHeaders(app, 'content:write')
  const paths = ['/v1/feeds/articles', '/v1/feeds/topics/nato', '/v1/feeds/sections/World']
  const before = new Map<string, { etag: string, updated: string | null }>()
  for (const path of paths) {
    const res = await app.inject(`${path}.atom`)
    t.equal((await app.inject(`${path}.atom`)).headers['x-cache'], 'HIT', `${path}: kept in the response cache`)
    const entry = readers.atom(res.body).entries.find((e) => e.id === `urn:uuid:${summit.id}`)!
    t.notMatch(entry.content ?? '', 'Corrections')
    before.set(path, { etag: res.headers.etag as string, updated: entry.updated })
  }

  const posted = await app.inject({
    method: 'POST', url: `/v1/articles/${summit.id}/corrections`, headers: { ...key, ...json },
    payload: { kind: 'correction', text: 'An earlier version gave the wrong day for the summit\'s end.' }
  })
  t.equal(posted.statusCode, 201)
  const correction = posted.json() as { createdAt: string }

  for (const path of paths) {
    const stale = await app.inject({ url: `${path}.atom`, headers: { 'if-none-match': before.get(path)!.etag } })
    t.equal(stale.statusCode, 200, `${path}: the correction dropped the kept feed and its ETag`)
    for (const format of FORMATS) {
      const res = await app.inject(`${path}.${format}`)
      const feed = readers[format](res.body)
      t.same(feed.problems, [], `${path}.${format} validates`)
      const entry = feed.entries.find((e) => e.id === `urn:uuid:${summit.id}`)!
      t.match(entry.content, /<aside class="corrections"><h2>Corrections<\/h2><ul><li><strong>Correction<\/strong>, <time datetime="[^"]+">\d{4}-\d{2}-\d{2}<\/time>: An earlier version gave the wrong day for the summit(&#39;|')s end\.<\/li><\/ul><\/aside>/,
        `${path}.${format}: the correction after the body`)
      if (format !== 'rss') {
        t.match(entry.updated, RFC_3339)
        t.equal(Date.parse(entry.updated!), Date.parse(correction.createdAt), `${path}.${format}: updated is the correction's time`)
      }
    }
  }

  // A later one supersedes it: both shown, in order, the first marked.
  const corrections = (await app.inject(`/v1/articles/${summit.id}?include=corrections`)).json().corrections as Array<{ id: string }>
  const second = await app.inject({
    method: 'POST', url: `/v1/articles/${summit.id}/corrections`, headers: { ...key, ...json },
    payload: { kind: 'clarification', text: 'The summit ended on Wednesday.', supersedes: corrections[0]!.id }
  })
  t.equal(second.statusCode, 201)
  const entry = readers.json((await app.inject('/v1/feeds/articles.json')).body).entries.find((e) => e.id === `urn:uuid:${summit.id}`)!
  t.match(entry.content, /<strong>Correction<\/strong>, <time [^>]+>[^<]+<\/time> \(superseded\): An earlier.*<strong>Clarification<\/strong>, <time [^>]+>[^<]+<\/time>: The summit ended on Wednesday\./)
})
