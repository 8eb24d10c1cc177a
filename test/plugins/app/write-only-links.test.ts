import t, { type Test } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { authHeaders, build } from '../../helpers/app.js'

// A key with `content:write` alone must not link a topic, speaker or author that only hidden
// stories use: linking it to a published story would make it public, and the link succeeding
// would tell the key it exists. By slug (or id) it is a slug no item has: the same 422. By name
// a new item is made under the next free slug (`lighthouse-works-2`), as a name whose slug an
// item holds already gets; the hidden one stays as it was, hidden. An editor links it as before.

type Headers = Record<string, string>
const PROBLEM = /^application\/problem\+json/

async function seed (app: FastifyInstance, editor: Headers) {
  const draft = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: {
      title: 'Quiet plans for the lighthouse',
      status: 'draft',
      topics: [{ name: 'Lighthouse works' }],
      authors: [{ name: 'Petra Vell' }],
      quotes: [{ text: 'It is far too early to say.', speaker: { name: 'Odo Brannigan' } }]
    }
  })
  if (draft.statusCode !== 201) throw new Error(draft.body)
  const published = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: { title: 'Ferry times change', status: 'published', quotes: [{ text: 'The boats will be late.', speaker: null }] }
  })
  if (published.statusCode !== 201) throw new Error(published.body)
  const story = draft.json()
  return {
    topic: story.topics[0] as { id: string, slug: string },
    speaker: story.quotes[0].speaker as { id: string, slug: string },
    author: story.authors[0] as { id: string, slug: string },
    published: published.json() as { id: string, slug: string, quotes: Array<{ id: string }> }
  }
}

type Ids = Awaited<ReturnType<typeof seed>>

/** The hidden items as an editor reads them, and how many stories and quotes there are. */
async function snapshot (app: FastifyInstance, editor: Headers, ids: Ids) {
  const urls = [`/v1/topics/${ids.topic.id}`, `/v1/speakers/${ids.speaker.id}`, `/v1/authors/${ids.author.id}`,
    `/v1/articles/${ids.published.id}?include=topics,quotes,authors`, '/v1/topics?count=true', '/v1/speakers?count=true', '/v1/authors?count=true',
    '/v1/articles?status=draft,scheduled,published,archived&count=true', '/v1/quotes?count=true']
  return Promise.all(urls.map(async (url) => {
    const res = await app.inject({ url, headers: editor })
    return { url, status: res.statusCode, etag: res.headers.etag, body: res.body }
  }))
}

/** The hidden items are still a 404 to the public and to the write-only key. */
async function assertStillHidden (t: Test, app: FastifyInstance, writer: Headers, ids: Ids, label: string) {
  for (const [kind, item] of [['topics', ids.topic], ['speakers', ids.speaker], ['authors', ids.author]] as const) {
    t.equal((await app.inject({ url: `/v1/${kind}/${item.slug}` })).statusCode, 404, `${label}: the ${kind} item is a 404 to the public`)
    t.equal((await app.inject({ url: `/v1/${kind}/${item.slug}`, headers: writer })).statusCode, 404, `${label}: and to the write-only key`)
  }
}

/** The answer an unknown slug gets, with the hidden slug in its place: a 422 problem, nothing else. */
async function assertLikeUnknown (t: Test, res: LightMyRequestResponse, unknown: LightMyRequestResponse, unknownRef: string, hiddenRef: string, label: string) {
  t.equal(unknown.statusCode, 422, `${label}: an unknown slug is a 422 (${unknown.body})`)
  t.equal(res.statusCode, 422, `${label}: 422 (${res.body})`)
  t.match(res.headers['content-type'], PROBLEM, `${label}: problem+json`)
  t.notOk(res.headers.etag, `${label}: no ETag`)
  t.notOk(res.headers.location, `${label}: no Location`)
  const { instance: _unknownInstance, ...expected } = unknown.json()
  const { instance: _instance, ...problem } = res.json()
  t.same(problem, { ...expected, detail: expected.detail.replace(unknownRef, hiddenRef) }, `${label}: the unknown slug's problem`)
}

t.test('a write-only key linking a hidden topic, speaker or author by slug gets the unknown slug\'s 422', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const ids = await seed(app, editor)
  const before = await snapshot(app, editor, ids)
  const story = (extra: object) => ({ title: 'Lighthouse opens to visitors', status: 'published', ...extra })

  // [label, the request naming `ref`, the hidden item's slug (or id)]
  const cases: Array<[string, (ref: string) => { method: 'POST' | 'PATCH', url: string, payload: object }, string]> = [
    ['new story, topic by slug', (ref) => ({ method: 'POST', url: '/v1/articles', payload: story({ topics: [{ slug: ref }] }) }), ids.topic.slug],
    ['new story, author by slug', (ref) => ({ method: 'POST', url: '/v1/articles', payload: story({ authors: [{ slug: ref }] }) }), ids.author.slug],
    ['new story, author by id', (ref) => ({ method: 'POST', url: '/v1/articles', payload: story({ authors: [{ id: ref }] }) }),
      ids.author.id],
    ['new story, quote\'s speaker by slug', (ref) => ({ method: 'POST', url: '/v1/articles', payload: story({ quotes: [{ text: 'Come and see.', speaker: { slug: ref } }] }) }),
      ids.speaker.slug],
    ['new story, quote\'s topic by slug', (ref) => ({ method: 'POST', url: '/v1/articles', payload: story({ quotes: [{ text: 'Come and see.', speaker: null, topics: [{ slug: ref }] }] }) }),
      ids.topic.slug],
    ['public story retagged', (ref) => ({ method: 'PATCH', url: `/v1/articles/${ids.published.slug}`, payload: { topics: [{ slug: ref }] } }), ids.topic.slug],
    ['public story\'s authors', (ref) => ({ method: 'PATCH', url: `/v1/articles/${ids.published.slug}`, payload: { authors: [{ slug: ref }] } }), ids.author.slug],
    ['new quote\'s speaker', (ref) => ({ method: 'POST', url: '/v1/quotes', payload: { article: ids.published.slug, text: 'Come and see.', speaker: { slug: ref } } }),
      ids.speaker.slug],
    ['new quote\'s topic', (ref) => ({ method: 'POST', url: '/v1/quotes', payload: { article: ids.published.slug, text: 'Come and see.', speaker: null, topics: [{ slug: ref }] } }),
      ids.topic.slug],
    ['quote reattributed', (ref) => ({ method: 'PATCH', url: `/v1/quotes/${ids.published.quotes[0]!.id}`, payload: { speaker: { slug: ref } } }), ids.speaker.slug],
    ['quote retagged', (ref) => ({ method: 'PATCH', url: `/v1/quotes/${ids.published.quotes[0]!.id}`, payload: { topics: [{ slug: ref }] } }), ids.topic.slug]
  ]
  for (const [label, request, ref] of cases) {
    const unknownRef = ref === ids.author.id ? '00000000-0000-4000-8000-000000000000' : 'no-such-item'
    const unknown = await app.inject({ ...request(unknownRef), headers: writer })
    const res = await app.inject({ ...request(ref), headers: writer })
    await assertLikeUnknown(t, res, unknown, unknownRef, ref, label)
  }

  t.same(await snapshot(app, editor, ids), before, 'nothing was written')
  await assertStillHidden(t, app, writer, ids, 'after the refused links')

  // An editor's key links them as before (and so makes them public).
  const edited = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: story({ topics: [{ slug: ids.topic.slug }], authors: [{ id: ids.author.id }], quotes: [{ text: 'Come and see.', speaker: { slug: ids.speaker.slug } }] })
  })
  t.equal(edited.statusCode, 201, edited.body)
  t.same([edited.json().topics[0].id, edited.json().authors[0].id, edited.json().quotes[0].speaker.id], [ids.topic.id, ids.author.id, ids.speaker.id], 'the editor linked the stored items')
  t.equal((await app.inject({ url: `/v1/topics/${ids.topic.slug}` })).statusCode, 200, 'the topic is public now')
})

t.test('a write-only key linking by the name of a hidden item gets a new item under the next free slug', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const ids = await seed(app, editor)
  const hiddenBefore = (await snapshot(app, editor, ids)).slice(0, 3)
  const byName = {
    topics: [{ name: 'Lighthouse works' }],
    authors: [{ name: 'Petra Vell' }],
    quotes: [{ text: 'Come and see.', speaker: { name: 'Odo Brannigan' } }]
  }

  const first = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Lighthouse opens to visitors', status: 'published', ...byName } })
  t.equal(first.statusCode, 201, first.body)
  const made = first.json()
  t.same([made.topics[0].slug, made.authors[0].slug, made.quotes[0].speaker.slug], ['lighthouse-works-2', 'petra-vell-2', 'odo-brannigan-2'], 'new items, next free slugs')
  t.notSame([made.topics[0].id, made.authors[0].id, made.quotes[0].speaker.id], [ids.topic.id, ids.author.id, ids.speaker.id], 'not the hidden ones')
  t.same([made.topics[0].name, made.authors[0].name, made.quotes[0].speaker.name], ['Lighthouse works', 'Petra Vell', 'Odo Brannigan'], 'with the names sent')
  t.same((await snapshot(app, editor, ids)).slice(0, 3), hiddenBefore, 'the hidden items are unchanged')
  await assertStillHidden(t, app, writer, ids, 'after a story linked their names')
  t.equal((await app.inject({ url: '/v1/topics/lighthouse-works-2' })).statusCode, 200, 'the new topic is public with its story')

  // The same names again link the items just made, as a name finds its item.
  const second = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Lighthouse keeps its hours', status: 'published', ...byName } })
  t.equal(second.statusCode, 201, second.body)
  t.same([second.json().topics[0].id, second.json().authors[0].id, second.json().quotes[0].speaker.id], [made.topics[0].id, made.authors[0].id, made.quotes[0].speaker.id],
    'the same new items again')

  // On the public story, in a quote, and with the hidden slug sent along with the name.
  const quote = await app.inject({
    method: 'POST',
    url: '/v1/quotes',
    headers: writer,
    payload: { article: ids.published.slug, text: 'We look forward to it.', speaker: { name: 'Odo Brannigan', slug: ids.speaker.slug }, topics: [{ name: 'Lighthouse works', slug: ids.topic.slug }] }
  })
  t.equal(quote.statusCode, 201, quote.body)
  const stored = (await app.inject({ url: `/v1/quotes/${quote.json().id}?include=topics`, headers: editor })).json()
  t.equal(stored.speakerId, made.quotes[0].speaker.id, 'the quote is the new speaker\'s')
  t.same(stored.topics.map((topic: { id: string }) => topic.id), [made.topics[0].id], 'with the new topic')
  await assertStillHidden(t, app, writer, ids, 'after a quote linked their names')

  // An editor's key naming them links the stored ones, as before.
  const edited = await app.inject({ method: 'PATCH', url: `/v1/articles/${ids.published.slug}`, headers: editor, payload: { topics: [{ name: 'Lighthouse works' }], authors: [{ name: 'Petra Vell' }] } })
  t.equal(edited.statusCode, 200, edited.body)
  const story = (await app.inject({ url: `/v1/articles/${ids.published.slug}?include=topics,authors`, headers: editor })).json()
  t.same([story.topics[0].id, story.authors[0].id], [ids.topic.id, ids.author.id], 'the editor linked the stored items')
})

t.test('a write-only key\'s bulk lines do not link what it cannot read', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const ids = await seed(app, editor)
  const before = (await snapshot(app, editor, ids)).slice(0, 3)
  const bulk = (headers: Headers, lines: object[]) => app.inject({
    method: 'POST',
    url: '/v1/bulk/articles',
    headers: { ...headers, 'content-type': 'application/x-ndjson' },
    payload: lines.map((line) => JSON.stringify(line)).join('\n') + '\n'
  })
  const line = (title: string, extra: object) => ({ title, status: 'published', ...extra })

  const unknown = await bulk(writer, [
    line('Unknown topic', { topics: [{ slug: 'no-such-item' }] }),
    line('Unknown speaker', { quotes: [{ text: 'Come and see.', speaker: { slug: 'no-such-item' } }] }),
    line('Unknown author', { authors: [{ slug: 'no-such-item' }] })
  ])
  const res = await bulk(writer, [
    line('Hidden topic by slug', { topics: [{ slug: ids.topic.slug }] }),
    line('Hidden speaker by slug', { quotes: [{ text: 'Come and see.', speaker: { slug: ids.speaker.slug } }] }),
    line('Hidden author by slug', { authors: [{ slug: ids.author.slug }] }),
    line('Hidden quote topic by slug', { quotes: [{ text: 'Come and see.', speaker: null, topics: [{ slug: ids.topic.slug }] }] }),
    line('Lighthouse opens to visitors', { topics: [{ name: 'Lighthouse works' }], authors: [{ name: 'Petra Vell' }], quotes: [{ text: 'Come and see.', speaker: { name: 'Odo Brannigan' } }] })
  ])
  t.equal(res.statusCode, 200, res.body)
  t.match(res.json(), { lines: 5, created: 1, failed: 4 }, 'the by-slug lines fail, the by-name line lands')
  const expected = unknown.json().errors.map((error: { status: number, detail: string }) => ({ status: error.status, detail: error.detail }))
  const slugs = [ids.topic.slug, ids.speaker.slug, ids.author.slug]
  t.same(res.json().errors.slice(0, 3).map((error: { line: number, status: number, detail: string }) => ({ status: error.status, detail: error.detail })),
    expected.map((error: { status: number, detail: string }, i: number) => ({ ...error, detail: error.detail.replace('no-such-item', slugs[i]!) })), 'each as an unknown slug\'s line error')
  t.match(res.json().errors[3], { line: 4, status: 422, detail: `Topic "${ids.topic.slug}" does not exist; give its name to create it.` }, 'a quote\'s topic too')

  const made = (await app.inject({ url: '/v1/articles/lighthouse-opens-to-visitors?include=topics,quotes,authors' })).json()
  t.same([made.topics[0].slug, made.authors[0].slug, made.quotes[0].speaker.slug], ['lighthouse-works-2', 'petra-vell-2', 'odo-brannigan-2'], 'by name: new items, next free slugs')
  t.same((await snapshot(app, editor, ids)).slice(0, 3), before, 'the hidden items are unchanged')
  await assertStillHidden(t, app, writer, ids, 'after the bulk lines')

  // Sent again, the line is unchanged: its names find the items made the first time.
  const again = await bulk(writer, [line('Lighthouse opens to visitors', { topics: [{ name: 'Lighthouse works' }], authors: [{ name: 'Petra Vell' }], quotes: [{ text: 'Come and see.', speaker: { name: 'Odo Brannigan' } }] })])
  t.match(again.json(), { lines: 1, unchanged: 1, failed: 0 }, 'the same line again changes nothing')

  // An editor's lines link the stored items.
  const edited = await bulk(editor, [line('Editor links the hidden topic', { topics: [{ slug: ids.topic.slug }], authors: [{ name: 'Petra Vell' }] })])
  t.match(edited.json(), { created: 1, failed: 0 }, edited.body)
  const story = (await app.inject({ url: '/v1/articles/editor-links-the-hidden-topic?include=topics,authors' })).json()
  t.same([story.topics[0].id, story.authors[0].id], [ids.topic.id, ids.author.id], 'the editor linked the stored items')
})

t.test('a write-only key\'s write of a public topic holds off an unpublish of the story that makes it public', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const story = await app.inject({ method: 'POST', url: '/v1/articles', headers: editor, payload: { title: 'Ferry times change', status: 'published', topics: [{ name: 'Ferries' }] } })
  const articleId = story.json().id as string

  // The story's row is held by an unpublish in flight: the topic's write waits for it, and then sees the topic hidden.
  const client = await app.pool.connect()
  t.teardown(() => client.release())
  await client.query('BEGIN')
  await client.query("UPDATE articles SET status = 'draft' WHERE id = $1", [articleId])
  const patch = app.inject({ method: 'PATCH', url: '/v1/topics/ferries', headers: writer, payload: { description: 'Boats.' } })
  await new Promise((resolve) => setTimeout(resolve, 300))
  await client.query('COMMIT')
  const res = await patch
  t.equal(res.statusCode, 404, `the topic is GET's 404 once its story is unpublished (${res.body})`)
  t.equal((await app.inject({ url: '/v1/topics/ferries', headers: editor })).json().description, null, 'nothing was written')
})

t.test('a write-only key importing a page that names a hidden speaker neither sees nor links them', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const page = (title: string, quote: string) => [title, '', 'The harbour board met on Tuesday.', `"${quote}," said Ilse Marten, the board's chair.`].join('\n')
  const draft = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...editor, 'content-type': 'text/plain' }, payload: page('Harbour board weighs a new ferry levy', 'We will consult every island before anything changes') })
  t.equal(draft.statusCode, 201, draft.body)
  const hidden = draft.json().quotes[0].speaker as { id: string, slug: string }
  t.equal((await app.inject({ url: `/v1/speakers/${hidden.slug}` })).statusCode, 404, 'the speaker of a draft is hidden')

  const text = page('Harbour board keeps the ferry fares', 'Nothing changes this year')
  const preview = await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers: { ...writer, 'content-type': 'text/plain' }, payload: text })
  t.equal(preview.statusCode, 200, preview.body)
  t.notOk(preview.body.includes(`"${hidden.slug}"`), 'the dry run does not name the hidden speaker\'s slug')
  t.match(preview.json().speakers, [{ name: 'Ilse Marten', exists: false }], 'and plans a new speaker')

  const imported = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...writer, 'content-type': 'application/json' }, payload: JSON.stringify({ text, status: 'published' }) })
  t.equal(imported.statusCode, 201, imported.body)
  const speaker = imported.json().quotes[0].speaker as { id: string, slug: string }
  t.not(speaker.id, hidden.id, 'the story quotes a new speaker')
  t.equal(speaker.slug, preview.json().speakers[0].slug, 'under the slug the dry run showed')
  t.equal((await app.inject({ url: `/v1/speakers/${hidden.slug}` })).statusCode, 404, 'the hidden speaker stays hidden')
})

t.test('a write-only key naming a hidden item by name with a 200-character slug gets a new item whose slug still fits a URL', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  // The longest slug there is: the next free one must not be `…-2`, 202 characters that no URL can name (414).
  const long = Array.from({ length: 40 }, (_, i) => `w${String(i).padStart(3, '0')}`).join('-') + 'x'
  t.equal(long.length, 200)
  const draft = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: { title: 'Quiet plans for the long pier', status: 'draft', topics: [{ name: 'Long pier', slug: long }], authors: [{ name: 'Long Pier', slug: long }], quotes: [{ text: 'Not yet.', speaker: { name: 'Long Pier', slug: long } }] }
  })
  t.equal(draft.statusCode, 201, draft.body)
  const byName = { topics: [{ name: 'Long pier', slug: long }], authors: [{ name: 'Long Pier', slug: long }], quotes: [{ text: 'Come and see.', speaker: { name: 'Long Pier', slug: long } }] }

  const res = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'The long pier opens', status: 'published', ...byName } })
  t.equal(res.statusCode, 201, res.body)
  const made = res.json()
  for (const [kind, item] of [['topics', made.topics[0]], ['authors', made.authors[0]], ['speakers', made.quotes[0].speaker]] as const) {
    t.ok(item.slug.length <= 200, `the new ${kind} item's slug is at most 200 characters (${item.slug.length})`)
    t.not(item.slug, long, `not the hidden ${kind} item's slug`)
    t.equal((await app.inject({ url: `/v1/${kind}/${item.slug}` })).statusCode, 200, `the new ${kind} item can be read at its slug`)
  }

  const bulk = await app.inject({
    method: 'POST',
    url: '/v1/bulk/articles',
    headers: { ...writer, 'content-type': 'application/x-ndjson' },
    payload: JSON.stringify({ title: 'The long pier stays open', status: 'published', ...byName }) + '\n'
  })
  t.match(bulk.json(), { created: 1, failed: 0 }, bulk.body)
  const line = (await app.inject({ url: '/v1/articles/the-long-pier-stays-open?include=topics,quotes,authors' })).json()
  t.same([line.topics[0].id, line.authors[0].id, line.quotes[0].speaker.id], [made.topics[0].id, made.authors[0].id, made.quotes[0].speaker.id], 'a bulk line by the same names links the same new items')
})
