import t, { type Test } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { authHeaders, build } from '../../helpers/app.js'

// A key with `content:write` alone reads what the public reads: a draft is a 404 to it. Its
// writes must answer as its reads do: a story (or the quote, topic, speaker or author only a
// hidden story uses) it cannot read is the very 404 GET gives, with no ETag, and nothing is
// written. A 412, 409 or ETag would tell it the item exists and at which version.

type Headers = Record<string, string>
const PROBLEM = /^application\/problem\+json/

const HIDDEN_TEXT = [
  'Harbour board weighs a new ferry levy',
  '',
  'The harbour board met on Tuesday to discuss a levy on ferry tickets.',
  '"We will consult every island before anything changes," said Ilse Marten, the board\'s chair.'
].join('\n')

async function seed (app: FastifyInstance, editor: Headers) {
  const draft = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: {
      title: 'Quiet plans for the lighthouse',
      slug: 'quiet-lighthouse-plans',
      externalId: 'desk-hidden-1',
      status: 'draft',
      body: ['Nothing is decided yet.'],
      topics: [{ name: 'Lighthouse works' }],
      authors: [{ name: 'Petra Vell' }],
      quotes: [{ text: 'It is far too early to say.', speaker: { name: 'Odo Brannigan' } }]
    }
  })
  if (draft.statusCode !== 201) throw new Error(draft.body)
  const scheduled = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: { title: 'Tomorrow\'s tide tables', slug: 'tomorrow-tides', status: 'scheduled', publishedAt: '2999-01-01T00:00:00Z' }
  })
  if (scheduled.statusCode !== 201) throw new Error(scheduled.body)
  const published = await app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: editor,
    payload: { title: 'Ferry times change', slug: 'ferry-times-change', status: 'published', topics: [{ name: 'Ferries' }] }
  })
  if (published.statusCode !== 201) throw new Error(published.body)
  const full = (await app.inject({ url: `/v1/articles/${draft.json().id}?include=topics,quotes,authors`, headers: editor })).json()
  return {
    article: full as { id: string, slug: string, version: number },
    scheduled: scheduled.json() as { id: string, slug: string, version: number },
    quote: full.quotes[0] as { id: string },
    topic: full.topics[0] as { id: string, slug: string },
    speaker: full.quotes[0].speaker as { id: string, slug: string },
    author: full.authors[0] as { id: string, slug: string },
    published: published.json() as { id: string, slug: string }
  }
}

/** Everything the writes below might touch, as an editor reads it (bodies and validators). */
async function snapshot (app: FastifyInstance, editor: Headers, ids: Awaited<ReturnType<typeof seed>>) {
  const urls = [
    `/v1/articles/${ids.article.id}?include=topics,quotes,authors,corrections`,
    `/v1/articles/${ids.article.id}`,
    `/v1/articles/${ids.scheduled.id}`,
    `/v1/quotes/${ids.quote.id}`,
    `/v1/topics/${ids.topic.id}`,
    `/v1/speakers/${ids.speaker.id}`,
    `/v1/authors/${ids.author.id}`,
    '/v1/articles?status=draft,scheduled,published,archived&count=true&include=quotes,topics',
    '/v1/quotes?count=true',
    '/v1/corrections'
  ]
  const answers = await Promise.all(urls.map((url) => app.inject({ url, headers: editor })))
  return answers.map((res, index) => ({ url: urls[index], status: res.statusCode, etag: res.headers.etag, body: res.body }))
}

/** The answer is GET's 404 for the same URL, as a problem, with no validators. */
async function assertLikeGet (t: Test, app: FastifyInstance, writer: Headers, res: LightMyRequestResponse, getUrl: string, label: string) {
  const get = await app.inject({ url: getUrl, headers: writer })
  t.equal(get.statusCode, 404, `${label}: GET is a 404 to this key`)
  t.equal(res.statusCode, 404, `${label}: status (${res.body})`)
  t.match(res.headers['content-type'], PROBLEM, `${label}: problem+json`)
  t.notOk(res.headers.etag, `${label}: no ETag`)
  t.notOk(res.headers['last-modified'], `${label}: no Last-Modified`)
  const { instance: _getInstance, ...getProblem } = get.json()
  const { instance: _instance, ...problem } = res.json()
  t.same(problem, getProblem, `${label}: the same problem as GET`)
}

t.test('a write-only key cannot change, or learn about, what it cannot read', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const ids = await seed(app, editor)
  const before = await snapshot(app, editor, ids)
  const { article, quote, topic, speaker, author } = ids
  const staleTag = `"${article.id}.${article.version + 7}"`
  const currentTag = `"${article.id}.${article.version}"`

  const articleWrites: Array<[string, { method: 'PATCH' | 'DELETE', url: string, headers?: Headers, payload?: object }]> = [
    ['plain PATCH by slug (the one-statement save)', { method: 'PATCH', url: `/v1/articles/${article.slug}`, payload: { title: 'Overwritten' } }],
    ['plain PATCH by id', { method: 'PATCH', url: `/v1/articles/${article.id}`, payload: { summary: 'Overwritten' } }],
    ['PATCH with a stale If-Match (was a 412)', { method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { 'if-match': staleTag }, payload: { title: 'Overwritten' } }],
    ['PATCH with the current If-Match', { method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { 'if-match': currentTag }, payload: { title: 'Overwritten' } }],
    ['PATCH with If-None-Match: * (was a 412)', { method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { 'if-none-match': '*' }, payload: { title: 'Overwritten' } }],
    ['retag PATCH (the one-call retag)', { method: 'PATCH', url: `/v1/articles/${article.id}`, payload: { topics: [{ name: 'Other things' }] } }],
    ['retag PATCH with If-Match', { method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { 'if-match': currentTag }, payload: { topics: [{ slug: topic.slug }], title: 'Overwritten' } }],
    ['publishing PATCH (the transaction)', { method: 'PATCH', url: `/v1/articles/${article.id}`, payload: { status: 'published' } }],
    ['slug PATCH', { method: 'PATCH', url: `/v1/articles/${article.id}`, payload: { slug: 'found-you' } }],
    ['PATCH of a scheduled story', { method: 'PATCH', url: `/v1/articles/${ids.scheduled.slug}`, payload: { title: 'Overwritten' } }],
    ['DELETE', { method: 'DELETE', url: `/v1/articles/${article.id}` }],
    ['DELETE with a stale If-Match (was a 412)', { method: 'DELETE', url: `/v1/articles/${article.slug}`, headers: { 'if-match': staleTag } }],
    ['DELETE of a scheduled story', { method: 'DELETE', url: `/v1/articles/${ids.scheduled.id}` }]
  ]
  for (const [label, request] of articleWrites) {
    const res = await app.inject({ ...request, headers: { ...writer, ...request.headers } })
    await assertLikeGet(t, app, writer, res, request.url.replace(/\?.*/, ''), `article: ${label}`)
  }

  const otherWrites: Array<[string, string, object]> = [
    ['quote', `/v1/quotes/${quote.id}`, { text: 'Overwritten' }],
    ['topic', `/v1/topics/${topic.slug}`, { name: 'Overwritten' }],
    ['topic by id', `/v1/topics/${topic.id}`, { description: 'Overwritten' }],
    ['speaker', `/v1/speakers/${speaker.slug}`, { name: 'Overwritten' }],
    ['author', `/v1/authors/${author.slug}`, { name: 'Overwritten' }]
  ]
  for (const [label, url, payload] of otherWrites) {
    for (const headers of [{}, { 'if-match': '"00000000-0000-4000-8000-000000000000.99"' }]) {
      const patch = await app.inject({ method: 'PATCH', url, headers: { ...writer, ...headers }, payload })
      await assertLikeGet(t, app, writer, patch, url, `${label}: PATCH${'if-match' in headers ? ' with a stale If-Match' : ''}`)
      const del = await app.inject({ method: 'DELETE', url, headers: { ...writer, ...headers } })
      await assertLikeGet(t, app, writer, del, url, `${label}: DELETE${'if-match' in headers ? ' with a stale If-Match' : ''}`)
    }
  }

  const correction = await app.inject({ method: 'POST', url: `/v1/articles/${article.slug}/corrections`, headers: writer, payload: { kind: 'correction', text: 'We got the date wrong.' } })
  await assertLikeGet(t, app, writer, correction, `/v1/articles/${article.slug}`, 'correction on a hidden story')

  for (const reference of [article.id, article.slug]) {
    const res = await app.inject({ method: 'POST', url: '/v1/quotes', headers: writer, payload: { article: reference, text: 'Smuggled in.', speaker: null } })
    t.equal(res.statusCode, 422, `quote on a hidden story (${reference}): 422`)
    t.match(res.headers['content-type'], PROBLEM)
    t.notOk(res.headers.etag, 'no ETag')
    t.equal(res.json().detail, `Article "${reference}" does not exist.`, 'the words said of a story that does not exist')
  }

  const bulk = await app.inject({
    method: 'POST',
    url: '/v1/bulk/articles',
    headers: { ...writer, 'content-type': 'application/x-ndjson' },
    payload: [
      { externalId: 'desk-hidden-1', title: 'Overwritten by external id', status: 'published' },
      { title: 'Quiet plans for the lighthouse', slug: article.slug, status: 'published' },
      { title: 'A brand new public story', status: 'published' }
    ].map((line) => JSON.stringify(line)).join('\n') + '\n'
  })
  t.equal(bulk.statusCode, 200, bulk.body)
  t.match(bulk.json(), { lines: 3, created: 1, updated: 0, unchanged: 0, failed: 2 }, 'the hidden lines fail, the new story lands')
  t.same(bulk.json().errors.map((error: { line: number, status: number }) => [error.line, error.status]), [[1, 404], [2, 404]], 'hidden lines are 404 line errors')
  t.equal((await app.inject({ url: '/v1/articles/a-brand-new-public-story' })).statusCode, 200, 'the other line was written')

  const after = await snapshot(app, editor, ids)
  // The new public story from the bulk upload is in the lists; compare the items themselves.
  t.same(after.slice(0, 7), before.slice(0, 7), 'nothing hidden was changed')
  t.same(after.slice(9), before.slice(9), 'no correction was added')
  t.equal(JSON.parse(after[8]!.body).total, JSON.parse(before[8]!.body).total, 'no quote was added')

  // The same key may still write what it can read.
  const visible = await app.inject({ method: 'PATCH', url: `/v1/articles/${ids.published.slug}`, headers: writer, payload: { title: 'Ferry times change again' } })
  t.equal(visible.statusCode, 200, 'a public story is written')
  t.ok(visible.headers.etag, 'with its ETag')
})

t.test('a write-only key re-importing a page it cannot read gets a 409 and nothing else', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  const imported = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...writer, 'content-type': 'text/plain' }, payload: HIDDEN_TEXT })
  t.equal(imported.statusCode, 201, imported.body)
  const id = imported.json().article.id as string
  const before = (await app.inject({ url: `/v1/articles/${id}?include=topics,quotes,authors`, headers: editor })).body
  const count = async () => (await app.inject({ url: '/v1/articles?status=draft,scheduled,published,archived&count=true', headers: editor })).json().total as number
  const total = await count()

  for (const query of ['', '?dryRun=true']) {
    const again = await app.inject({ method: 'POST', url: `/v1/imports${query}`, headers: { ...writer, 'content-type': 'text/plain' }, payload: HIDDEN_TEXT })
    t.equal(again.statusCode, 409, `re-import${query}: 409 (${again.body.slice(0, 200)})`)
    t.match(again.headers['content-type'], PROBLEM)
    t.notOk(again.headers.etag, 'no ETag')
    t.notOk(again.headers['content-location'], 'no Content-Location')
    t.notOk(again.headers.location, 'no Location')
    t.notOk(again.body.includes(id), 'the story\'s id is not told')
    t.notOk(again.body.includes(imported.json().article.slug), 'nor its slug')
  }
  t.equal((await app.inject({ url: `/v1/articles/${id}?include=topics,quotes,authors`, headers: editor })).body, before, 'the story is unchanged')
  t.equal(await count(), total, 'no story was added')

  // A key that may read it still gets the stored story.
  const editorAgain = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...editor, 'content-type': 'text/plain' }, payload: HIDDEN_TEXT })
  t.equal(editorAgain.statusCode, 200)
  t.equal(editorAgain.json().article.id, id)
})

t.test('no error answer carries an ETag', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const answers = [
    await app.inject({ method: 'PATCH', url: '/v1/articles/no-such-story', headers: writer, payload: { title: 'x' } }),
    await app.inject({ method: 'DELETE', url: '/v1/topics/no-such-topic', headers: writer }),
    await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { nope: true } }),
    await app.inject({ method: 'POST', url: '/v1/articles', payload: { title: 'x' } }),
    await app.inject({ method: 'POST', url: '/v1/quotes', headers: writer, payload: { article: 'no-such-story', text: 'x', speaker: null } }),
    await app.inject({ url: '/v1/articles/no-such-story' }),
    await app.inject({ url: '/v1/articles?limit=0' })
  ]
  for (const res of answers) {
    t.ok(res.statusCode >= 400, `${res.statusCode}`)
    t.match(res.headers['content-type'], PROBLEM)
    t.notOk(res.headers.etag, `${res.statusCode} ${res.json().detail}: no ETag`)
  }
})
