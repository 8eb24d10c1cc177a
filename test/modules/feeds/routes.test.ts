import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom } from '../fixtures.js'
import { readers, RFC_3339, RFC_822 } from './validate.js'

const SITE = 'https://news.example.com'
const API = 'https://api.example.com'
const config = { PUBLIC_API_URL: API, PUBLIC_SITE_URL: `${SITE}/`, PUBLIC_ARTICLE_URL: `${SITE}/{section}/{slug}`, PUBLICATION_NAME: 'The Daily Example' }
const FORMATS = ['rss', 'atom', 'json'] as const
const MEDIA = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' }
const HIDDEN = /Secret draft|Future story|Old archived story|never to leak/

t.test('every feed, in every format, validates, links absolutely to public stories only, with stable ids and real dates', async (t) => {
  const app = await build(t, config)
  const { summit, economy, kabul } = await seedNewsroom(app)
  const feeds = {
    '/v1/feeds/articles': ['NATO summit ends', 'Economy grows', 'Afghanistan update'],
    '/v1/feeds/topics/afghanistan': ['NATO summit ends', 'Afghanistan update'],
    '/v1/feeds/sections/World': ['NATO summit ends', 'Afghanistan update']
  }
  for (const [path, titles] of Object.entries(feeds)) {
    for (const format of FORMATS) {
      const res = await app.inject(`${path}.${format}`)
      t.equal(res.statusCode, 200, `${path}.${format}`)
      t.equal(res.headers['content-type'], `${MEDIA[format]}; charset=utf-8`)
      t.notMatch(res.body, HIDDEN, `${path}.${format}: no draft, scheduled or archived story`)
      const feed = readers[format](res.body)
      t.same(feed.problems, [], `${path}.${format} validates`)
      t.same(feed.entries.map((entry) => entry.title), titles, `${path}.${format}: the public stories, newest first`)
      t.ok(feed.entries.every((entry) => entry.link.startsWith(`${SITE}/world/`) || entry.link.startsWith(`${SITE}/business/`)), 'links follow PUBLIC_ARTICLE_URL')
      t.ok(feed.entries.every((entry) => /^urn:uuid:[0-9a-f-]{36}$/.test(entry.id)), 'ids are urn:uuid')
      t.match(res.headers.etag, /^"/)
      t.match(res.headers['last-modified'], RFC_822)
    }
  }
  const rss = await app.inject('/v1/feeds/articles.rss')
  t.match(rss.body, `<guid isPermaLink="false">urn:uuid:${summit.id}</guid>`)
  t.match(rss.body, '<pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate>', 'RSS dates are RFC 822')
  t.match(rss.body, `<link>${SITE}/business/economy-grows</link>`)
  t.match(rss.body, `<atom:link href="${API}/v1/feeds/articles.rss" rel="self" type="application/rss+xml"/>`)
  const atom = await app.inject('/v1/feeds/topics/afghanistan.atom')
  t.match(atom.body, '<published>2024-01-03T10:00:00.000Z</published>', 'Atom dates are RFC 3339')
  t.match(atom.body, '<category label="Afghanistan" term="Afghanistan"/>', 'topics are categories')
  const json = JSON.parse((await app.inject('/v1/feeds/sections/World.json')).body)
  t.equal(json.items[0].date_published, '2024-01-03T10:00:00.000Z')
  t.match(json.items[0].date_modified, RFC_3339)
  t.equal(json.language, 'en')
  t.same(json.authors, [{ name: 'The Daily Example', url: `${SITE}/` }])
  t.same(json.items.map((item: { id: string }) => item.id), [`urn:uuid:${summit.id}`, `urn:uuid:${kabul.id}`])
  t.notOk(json.items.some((item: { id: string }) => item.id.includes(economy.id)), 'another section\'s story is not in it')
})

t.test('a speaker\'s feed holds their quotes in public stories, each linking to its story', async (t) => {
  const app = await build(t, config)
  await seedNewsroom(app)
  for (const format of FORMATS) {
    const res = await app.inject(`/v1/feeds/speakers/jens-stoltenberg.${format}`)
    t.equal(res.statusCode, 200)
    t.notMatch(res.body, HIDDEN, 'no quote of a hidden story')
    const feed = readers[format](res.body)
    t.same(feed.problems, [], `${format} validates`)
    t.equal(feed.entries.length, 2, 'both public quotes')
    t.same(feed.entries.map((entry) => entry.link).sort(), [`${SITE}/world/afghanistan-update`, `${SITE}/world/nato-summit-ends`])
    t.ok(feed.entries.every((entry) => entry.title.startsWith('Jens Stoltenberg: “')), 'titled with the speaker and the words')
  }
  const json = JSON.parse((await app.inject('/v1/feeds/speakers/jens-stoltenberg.json')).body)
  t.match(json.items[0].content_html, /<blockquote><p>.+<\/p><\/blockquote>/)
})

t.test('ids survive an edit of the title and slug; the edit reaches the feed at once, and conditional GETs answer 304', async (t) => {
  const app = await build(t, config)
  const { summit } = await seedNewsroom(app)
  const key = await authHeaders(app, 'content:write')
  const before = await app.inject('/v1/feeds/articles.atom')
  const entry = readers.atom(before.body).entries.find((e) => e.title === 'NATO summit ends')!
  t.equal(entry.id, `urn:uuid:${summit.id}`)

  t.equal((await app.inject('/v1/feeds/articles.atom')).headers['x-cache'], 'HIT', 'kept in the response cache')
  t.match((await app.inject('/v1/feeds/articles.atom')).headers['surrogate-key'], `a:${summit.id}`, 'tagged with its stories')

  // Unchanged: 304 by ETag and by date.
  const etag = before.headers.etag as string
  const lastModified = before.headers['last-modified'] as string
  t.equal((await app.inject({ url: '/v1/feeds/articles.atom', headers: { 'if-none-match': etag } })).statusCode, 304)
  t.equal((await app.inject({ url: '/v1/feeds/articles.atom', headers: { 'if-modified-since': lastModified } })).statusCode, 304)

  const patch = await app.inject({
    method: 'PATCH', url: `/v1/articles/${summit.id}`, headers: key,
    payload: { title: 'NATO summit closes with a pledge', slug: 'nato-summit-closes' }
  })
  t.equal(patch.statusCode, 200)
  for (const format of FORMATS) {
    const response = await app.inject(`/v1/feeds/articles.${format}`)
    t.not(response.headers['x-cache'], 'HIT', `${format}: the edit dropped the kept feed`)
    const after = readers[format](response.body)
    const edited = after.entries.find((e) => e.id === `urn:uuid:${summit.id}`)
    t.ok(edited, `${format}: the same id after the edit`)
    t.equal(edited?.title, 'NATO summit closes with a pledge', `${format}: the new title`)
    t.equal(edited?.link, `${SITE}/world/nato-summit-closes`, `${format}: the new link`)
  }
  const changed = await app.inject({ url: '/v1/feeds/articles.atom', headers: { 'if-none-match': etag } })
  t.equal(changed.statusCode, 200, 'the old ETag no longer matches')
  const since = await app.inject({ url: '/v1/feeds/articles.atom', headers: { 'if-modified-since': lastModified } })
  t.ok(since.statusCode === 200 || Date.parse(since.headers['last-modified'] as string) === Date.parse(lastModified),
    'the old date no longer matches (unless the edit fell in the same second)')

  // A story unpublished leaves the feeds, its topic's and section's too.
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${summit.id}`, headers: key, payload: { status: 'draft' } })).statusCode, 200)
  for (const path of ['/v1/feeds/articles.rss', '/v1/feeds/topics/afghanistan.rss', '/v1/feeds/sections/World.rss', '/v1/feeds/speakers/jens-stoltenberg.rss']) {
    t.notMatch((await app.inject(path)).body, summit.id, `${path}: an unpublished story leaves`)
  }
})

t.test('unknown or hidden subjects are 404 problems; an old topic slug is a 301', async (t) => {
  const app = await build(t, config)
  await seedNewsroom(app)
  const key = await authHeaders(app, 'content:write')
  for (const path of ['/v1/feeds/topics/no-such-topic.rss', '/v1/feeds/speakers/nobody.atom', '/v1/feeds/sections/Sport.json']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 404, path)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  t.equal(JSON.parse((await app.inject('/v1/feeds/topics/no-such-topic.rss')).body).detail, 'Topic "no-such-topic" was not found.')
  t.equal((await app.inject('/v1/feeds/articles.xml')).statusCode, 404, 'no such format')

  const renamed = await app.inject({ method: 'PATCH', url: '/v1/topics/afghanistan', headers: key, payload: { slug: 'afghan-war' } })
  t.equal(renamed.statusCode, 200)
  const moved = await app.inject('/v1/feeds/topics/afghanistan.json')
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, '/v1/feeds/topics/afghan-war.json')
  const feed = JSON.parse((await app.inject('/v1/feeds/topics/afghan-war.json')).body)
  t.equal(feed.feed_url, `${API}/v1/feeds/topics/afghan-war.json`)
})

t.test('a section named with a line break is reachable: its feeds answer, and link to themselves', async (t) => {
  const app = await build(t, config)
  const key = await authHeaders(app, 'content:write')
  // Named by escape in the messages: a raw U+2028 would break the TAP stream itself.
  const sections = { 'World U+2028 Politics': 'World\u2028Politics', 'Home LF Affairs': 'Home\nAffairs', 'Sport U+2029 Results': 'Sport\u2029Results', 'Tech.json': 'Tech.json' }
  for (const [name, section] of Object.entries(sections)) {
    const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: key, payload: { title: `A story in ${name}`, status: 'published', section, body: ['Text.'] } })
    t.equal(created.statusCode, 201, name)
    for (const format of FORMATS) {
      const res = await app.inject(`/v1/feeds/sections/${encodeURIComponent(section)}.${format}`)
      t.equal(res.statusCode, 200, `${name}.${format}`)
      t.equal(res.headers['content-type'], `${MEDIA[format]}; charset=utf-8`)
      t.same(readers[format](res.body).entries.map((entry) => entry.title), [`A story in ${name}`], `${name}.${format}: its story`)
    }
    const json = JSON.parse((await app.inject(`/v1/feeds/sections/${encodeURIComponent(section)}.json`)).body)
    t.ok(json.feed_url === `${API}/v1/feeds/sections/${encodeURIComponent(section)}.json`, `${name}: the feed's own URL`)
  }
  t.equal((await app.inject('/v1/feeds/sections/a%2Fb%2Fc.json')).statusCode, 404, 'an unknown section is still a 404')
  t.equal((await app.inject('/v1/feeds/sections/World/Politics.json')).statusCode, 404, 'a section is one path segment')
})

t.test('without public URLs configured, links are the API\'s own absolute URLs', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const res = await app.inject({ url: '/v1/feeds/articles.rss', headers: { host: 'feeds.test:8080' } })
  const feed = readers.rss(res.body)
  t.same(feed.problems, [])
  t.equal(feed.entries[0]?.link, 'http://feeds.test:8080/v1/articles/nato-summit-ends')
  t.match(res.body, '<link>http://feeds.test:8080/</link>')
})
