import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

const SEED = readFileSync(new URL('../../../prisma/seed/000_07f2eec5293161bf.txt', import.meta.url), 'utf8')
const SEED_SLUG = 'allies-have-the-capabilities-to-strike-from-afar-against-terrorist-threats-nato'
// Names the speaker by surname only and the group by one alias.
const SHORT_STORY = [
  'World',
  'Coalition partners meet in Brussels on Daesh',
  'Coalition partners will meet in Brussels on Friday, Stoltenberg said on Thursday.',
  '“We will hold a meeting of the coalition to defeat Daesh,” Stoltenberg said. “Daesh remains a threat to all of us.”',
  'Ministers from forty countries will attend the talks.'
].join('\n\n')

async function rowCounts (app: FastifyInstance) {
  const [articles, quotes, speakers, topics, articleTopics] = await Promise.all([
    app.db.article.count(), app.db.quote.count(), app.db.speaker.count(), app.db.topic.count(), app.db.articleTopic.count()
  ])
  return { articles, quotes, speakers, topics, articleTopics }
}

t.test('text/plain: creates a draft with its quotes, speakers and topics; the same text again creates nothing', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')

  const res = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, payload: SEED })
  t.equal(res.statusCode, 201)
  const created = res.json()
  t.equal(res.headers.location, `/v1/articles/${created.article.id}`, 'by id, as POST /v1/articles gives it')
  t.match(created, {
    outcome: 'created',
    article: { slug: SEED_SLUG, title: 'Allies have the capabilities to strike from afar against terrorist threats: NATO', section: 'Latest News', status: 'draft', publishedAt: null, externalId: /^import:[0-9a-f]{32}$/ }
  })
  t.equal(created.quotes.length, 9)
  t.match(created.quotes[3], { position: 3, text: 'we agreed together to end our military presence in Afghanistan', speaker: { slug: 'jens-stoltenberg', name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' } })
  t.match(created.topics.find((topic: { slug: string }) => topic.slug === 'islamic-state'), { name: 'Islamic State', aliases: ['Islamic State group', 'Daesh', 'ISIS', 'ISIL', 'Islamic State of Iraq and the Levant', 'Islamic State of Iraq and Syria'] })

  // The importer writes through the one write path: its changes are in the feed, by the key that sent them.
  const feed = (await app.inject({ url: '/v1/changes?limit=500', headers })).json().data as Array<{ kind: string, resource: string, resourceId: string, articleId: string | null, actor: string, actorKeyId: string }>
  const keyId = (await app.db.apiKey.findFirstOrThrow({ where: { scopes: { has: 'content:write' } } })).id
  const ofStory = feed.filter((e) => e.resourceId === created.article.id || e.articleId === created.article.id)
  t.same(ofStory.filter((e) => e.resource === 'article').map((e) => e.kind), ['created'], 'one created event for the story (a draft: not published)')
  t.equal(ofStory.filter((e) => e.resource === 'quote' && e.kind === 'created').length, 9, 'and one for each quote')
  t.ok(ofStory.every((e) => e.actor === 'api' && e.actorKeyId === keyId), 'each names the importing key')
  t.ok(feed.some((e) => e.resource === 'speaker' && e.kind === 'created') && feed.some((e) => e.resource === 'topic' && e.kind === 'created'), 'the speakers and topics it made too')

  t.equal((await app.inject({ url: `/v1/articles/${SEED_SLUG}` })).statusCode, 404, 'a draft: the public does not see it yet')
  t.equal((await app.inject({ url: `/v1/articles/${SEED_SLUG}`, headers })).statusCode, 200)

  const before = await rowCounts(app)
  // Same text, other line endings and spacing, as JSON this time.
  const again = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: { text: `  ${SEED.replaceAll('\n', '\r\n')}\n\n`, status: 'published' } })
  t.equal(again.statusCode, 200)
  t.equal(again.headers['content-location'], `/v1/articles/${created.article.id}`)
  t.match(again.json(), { outcome: 'existing', article: { id: created.article.id, status: 'draft', version: 1 } }, 'the stored article, untouched')
  t.equal(again.json().quotes.length, 9)
  t.same(await rowCounts(app), before, 'nothing written')
  const head = (await app.inject({ url: '/v1/changes?limit=500', headers })).json().data
  t.equal(head.length, feed.length, 'and no event: the same text again changes nothing')
})

t.test('JSON: status, publishedAt and sourceUrl are taken from the request', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  const res = await app.inject({
    method: 'POST',
    url: '/v1/imports',
    headers,
    payload: { text: SHORT_STORY, status: 'published', publishedAt: '2024-03-01T09:30:00Z', sourceUrl: 'https://news.example/coalition' }
  })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body.article, { title: 'Coalition partners meet in Brussels on Daesh', section: 'World', status: 'published', publishedAt: '2024-03-01T09:30:00.000Z', sourceUrl: 'https://news.example/coalition' })
  t.same(body.quotes.map((quote: { text: string }) => quote.text), ['We will hold a meeting of the coalition to defeat Daesh', 'Daesh remains a threat to all of us.'])
  t.ok(body.quotes.every((quote: { saidAt: string }) => quote.saidAt === '2024-03-01T09:30:00.000Z'), 'quotes said when the article was published')
  t.equal((await app.inject({ url: `/v1/articles/${body.article.slug}` })).statusCode, 200, 'published: public')
})

t.test('dryRun: says what would be created, marks what exists, writes nothing', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  await saveArticleGraph(app.db, { title: 'Earlier story', topics: [{ name: 'NATO' }] })
  const before = await rowCounts(app)

  const res = await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers: { ...headers, 'content-type': 'text/plain' }, payload: SEED })
  t.equal(res.statusCode, 200)
  const preview = res.json()
  t.match(preview, { outcome: 'preview', article: { slug: SEED_SLUG, status: 'draft', publishedAt: null, externalId: /^import:/ } })
  t.notOk('id' in preview.article)
  t.equal(preview.quotes.length, 9)
  t.match(preview.quotes[0], { position: 0, speaker: { slug: 'jens-stoltenberg', name: 'Jens Stoltenberg' } })
  t.same(preview.speakers, [{ slug: 'jens-stoltenberg', name: 'Jens Stoltenberg', kind: 'person', role: 'Secretary General', organization: 'NATO', exists: false }])
  t.match(preview.topics.find((topic: { slug: string }) => topic.slug === 'nato'), { name: 'NATO', exists: true })
  t.match(preview.topics.find((topic: { slug: string }) => topic.slug === 'islamic-state'), { exists: false, aliases: ['Islamic State group', 'Daesh', 'ISIS', 'ISIL', 'Islamic State of Iraq and the Levant', 'Islamic State of Iraq and Syria'] })
  t.same(await rowCounts(app), before, 'no row written')

  // After a real import, a dry run of the same text answers with the stored article.
  t.equal((await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: { text: SEED } })).statusCode, 201)
  const repeat = await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers, payload: { text: SEED } })
  t.equal(repeat.statusCode, 200)
  t.equal(repeat.json().outcome, 'existing')
})

t.test('stored topics are reused by alias and stored speakers by slug, unchanged', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  await saveArticleGraph(app.db, {
    title: 'Earlier story',
    topics: [{ name: 'Islamic State (militant group)', aliases: ['Daesh', 'ISIS'] }],
    quotes: [{ text: 'Earlier words', speaker: { name: 'Jens Stoltenberg', role: 'NATO chief' } }]
  })

  const dry = (await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers, payload: { text: SHORT_STORY } })).json()
  t.same(dry.speakers, [{ slug: 'jens-stoltenberg', name: 'Jens Stoltenberg', kind: 'person', role: 'NATO chief', organization: null, exists: true }], '"Stoltenberg" is the stored speaker')
  t.match(dry.topics.find((topic: { exists: boolean }) => topic.exists), { slug: 'islamic-state-militant-group', name: 'Islamic State (militant group)', aliases: ['Daesh', 'ISIS'] }, '"Daesh" is the stored topic')
  t.notOk(dry.topics.some((topic: { name: string }) => /Daesh|^Islamic State$/.test(topic.name)), 'no second topic for the group')

  const before = await rowCounts(app)
  const res = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: { text: SHORT_STORY } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.ok(body.quotes.every((quote: { speaker: { slug: string, role: string } }) => quote.speaker.slug === 'jens-stoltenberg' && quote.speaker.role === 'NATO chief'))
  t.ok(body.topics.some((topic: { slug: string }) => topic.slug === 'islamic-state-militant-group'))
  const after = await rowCounts(app)
  t.equal(after.speakers, before.speakers, 'no new speaker')
  t.same(await app.db.topic.findUnique({ where: { slug: 'islamic-state-militant-group' }, select: { name: true, aliases: true, version: true } }),
    { name: 'Islamic State (militant group)', aliases: ['Daesh', 'ISIS'], version: 1 }, 'the stored topic is not rewritten')

  // The seed names the group "Daesh [or the Islamic State group]": the same stored topic.
  const seed = (await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: { text: SEED } })).json()
  t.ok(seed.topics.some((topic: { slug: string }) => topic.slug === 'islamic-state-militant-group'))
  t.notOk(seed.topics.some((topic: { slug: string }) => topic.slug === 'islamic-state'))
})

t.test('a stored speaker is not given quotes by someone else of the same surname', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  await saveArticleGraph(app.db, { title: 'Earlier story', quotes: [{ text: 'Earlier words', speaker: { name: 'John Smith', role: 'mayor' } }] })
  const text = 'Local\n\nNurses march on the town hall\n\nJane Smith, a nurse, led the march on Monday.\n\n“We are tired of waiting,” Smith said.'
  const dry = (await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers, payload: { text } })).json()
  t.same(dry.speakers.map((speaker: { name: string, exists: boolean }) => [speaker.name, speaker.exists]), [['Jane Smith', false]])
})

t.test('bad requests are problems: empty text 400, unknown field 400, other content types 415, no article 422', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  const before = await rowCounts(app)
  const post = (payload: string, contentType: string) => app.inject({ method: 'POST', url: '/v1/imports', headers: { ...headers, 'content-type': contentType }, payload })

  for (const [payload, type] of [['', 'text/plain'], ['  \n\n ', 'text/plain'], ['{"text":""}', 'application/json'], ['{"text":" \\n "}', 'application/json'], ['{}', 'application/json']]) {
    const res = await post(payload!, type!)
    t.equal(res.statusCode, 400, `${type} ${JSON.stringify(payload)}`)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  const typo = await post(JSON.stringify({ text: SEED, staus: 'published' }), 'application/json')
  t.equal(typo.statusCode, 400)
  t.match(typo.json().errors, [{ in: 'body', pointer: '/staus' }])
  t.equal((await app.inject({ method: 'POST', url: '/v1/imports?dryrun=true', headers, payload: { text: SEED } })).statusCode, 400, 'unknown query parameter')

  for (const type of ['application/xml', 'application/x-ndjson']) {
    const res = await post('<p>hello</p>', type)
    t.equal(res.statusCode, 415, type)
    t.equal(res.json().status, 415)
  }
  t.equal((await post('<p>hello</p>', 'text/html')).statusCode, 422, 'HTML without an article')
  t.equal((await post('   ', 'text/html')).statusCode, 400, 'blank HTML')
  const noArticle = await post('Just a line', 'text/plain')
  t.equal(noArticle.statusCode, 422)
  t.match(noArticle.json().detail, /headline followed by at least one paragraph/)
  t.same(await rowCounts(app), before)
})

t.test('needs a key with content:write', async (t) => {
  const app = await build(t)
  const none = await app.inject({ method: 'POST', url: '/v1/imports', headers: { 'content-type': 'text/plain' }, payload: SEED })
  t.equal(none.statusCode, 401)
  t.equal(none.headers['www-authenticate'], 'Bearer realm="newsdesk"')
  const reader = await authHeaders(app, 'content:read-drafts')
  const forbidden = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...reader, 'content-type': 'text/plain' }, payload: SEED })
  t.equal(forbidden.statusCode, 403)
  t.equal(await app.db.article.count(), 0)
})
