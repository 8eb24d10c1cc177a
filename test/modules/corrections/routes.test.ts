import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Corrections are public once their story is, appear with it and in the corrections record,
// make a change event, and can only be superseded, never changed or deleted.

const json = { 'content-type': 'application/json' }

t.test('a correction on a public story is public everywhere, with a change event', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const published = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Ministers meet on Thursday', status: 'published' } })).json() as { id: string, slug: string }
  const draft = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Draft story' } })).json() as { id: string }
  const start = (await app.inject({ url: '/v1/changes?limit=500', headers: editor })).json().nextCursor as string

  const res = await app.inject({
    method: 'POST', url: `/v1/articles/${published.slug}/corrections`, headers: { ...editor, ...json },
    payload: { kind: 'correction', text: 'An earlier version said Thursday; the ministers meet on Friday.' }
  })
  t.equal(res.statusCode, 201)
  const correction = res.json()
  t.equal(res.headers.location, `/v1/corrections/${correction.id as string}`)
  t.match(correction, { articleId: published.id, kind: 'correction', supersedes: null, supersededBy: null })
  await app.inject({ method: 'POST', url: `/v1/articles/${draft.id}/corrections`, headers: { ...editor, ...json }, payload: { kind: 'update', text: 'Not public yet.' } })

  const article = await app.inject({ url: `/v1/articles/${published.slug}?include=corrections` })
  t.same(article.json().corrections, [correction], 'with the article')
  const listed = await app.inject({ url: '/v1/articles?include=corrections' })
  t.same(listed.json().data[0].corrections, [correction], 'with the article in lists')
  const record = await app.inject({ url: '/v1/corrections' })
  t.equal(record.statusCode, 200)
  t.same(record.json().data.map((c: { id: string }) => c.id), [correction.id], 'the public record leaves out the draft\'s')
  t.match(record.json().data[0].article, { id: published.id, slug: published.slug })
  t.equal((await app.inject({ url: '/v1/corrections', headers: editor })).json().data.length, 2, 'a key that reads drafts sees both')
  t.equal((await app.inject({ url: `/v1/corrections/${correction.id as string}` })).statusCode, 200)

  const events = (await app.inject({ url: `/v1/changes?after=${start}` })).json().data
  t.match(events, [{ kind: 'updated', resource: 'article', resourceId: published.id, changed: ['corrections'], tombstone: false }], 'one public event: the draft\'s is not public')

  // Publishing the draft makes its correction public.
  await app.inject({ method: 'PATCH', url: `/v1/articles/${draft.id}`, headers: { ...editor, ...json }, payload: { status: 'published' } })
  t.equal((await app.inject({ url: '/v1/corrections' })).json().data.length, 2)
})

t.test('the cached article answer is dropped when a correction lands', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const { slug } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Cached story', status: 'published' } })).json() as { slug: string }
  const url = `/v1/articles/${slug}?include=corrections`
  t.same((await app.inject({ url })).json().corrections, [])
  t.same((await app.inject({ url: '/v1/corrections' })).json().data, [])
  await app.inject({ method: 'POST', url: `/v1/articles/${slug}/corrections`, headers: { ...editor, ...json }, payload: { kind: 'clarification', text: 'The meeting is in Brussels.' } })
  t.equal((await app.inject({ url })).json().corrections.length, 1, 'the article')
  t.equal((await app.inject({ url: '/v1/corrections' })).json().data.length, 1, 'the record')
})

t.test('a correction is superseded, never changed or deleted', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const { id, slug } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Story', status: 'published' } })).json() as { id: string, slug: string }
  const other = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Other story', status: 'published' } })).json() as { id: string }
  const url = `/v1/articles/${id}/corrections`
  const first = (await app.inject({ method: 'POST', url, headers: { ...editor, ...json }, payload: { kind: 'correction', text: 'The meeting is on Friday.' } })).json()
  const second = await app.inject({ method: 'POST', url, headers: { ...editor, ...json }, payload: { kind: 'correction', text: 'The meeting is on Saturday.', supersedes: first.id } })
  t.equal(second.statusCode, 201)
  t.equal(second.json().supersedes, first.id)

  const shown = (await app.inject({ url: `/v1/articles/${slug}?include=corrections` })).json().corrections
  t.match(shown, [{ id: first.id, supersededBy: second.json().id }, { id: second.json().id, supersedes: first.id, supersededBy: null }], 'both shown, the first marked superseded')

  const again = await app.inject({ method: 'POST', url, headers: { ...editor, ...json }, payload: { kind: 'correction', text: 'Sunday.', supersedes: first.id } })
  t.equal(again.statusCode, 409)
  t.match(again.headers['content-type'], /^application\/problem\+json/)
  const elsewhere = await app.inject({ method: 'POST', url: `/v1/articles/${other.id}/corrections`, headers: { ...editor, ...json }, payload: { kind: 'update', text: 'x', supersedes: second.json().id } })
  t.equal(elsewhere.statusCode, 422)
  const unknown = await app.inject({ method: 'POST', url, headers: { ...editor, ...json }, payload: { kind: 'update', text: 'x', supersedes: '00000000-0000-4000-8000-000000000000' } })
  t.equal(unknown.statusCode, 422)

  const deleted = await app.inject({ method: 'DELETE', url: `/v1/corrections/${first.id as string}`, headers: editor })
  t.equal(deleted.statusCode, 405, 'no DELETE route: the method is not allowed')
  t.notMatch(String(deleted.headers.allow), /DELETE/)
  await t.rejects(app.db.$executeRaw`DELETE FROM corrections WHERE id = ${first.id}::uuid`, 'not even in SQL')
  await t.rejects(app.db.$executeRaw`UPDATE corrections SET text = 'quietly edited' WHERE id = ${first.id}::uuid`)
  t.equal(await app.db.correction.count(), 2)
  // Deleting the story (an explicit, announced change) takes its corrections with it.
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/articles/${id}`, headers: editor })).statusCode, 204)
  t.equal(await app.db.correction.count(), 0)
})

t.test('bad input is a 4xx problem and changes nothing', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const reader = await authHeaders(app, 'content:read-drafts')
  const { id } = (await app.inject({ method: 'POST', url: '/v1/articles', headers: { ...editor, ...json }, payload: { title: 'Story', status: 'published' } })).json() as { id: string }
  const url = `/v1/articles/${id}/corrections`
  const cases: Array<[unknown, number]> = [
    [{ kind: 'retraction', text: 'x' }, 400],
    [{ kind: 'correction' }, 400],
    [{ kind: 'correction', text: '   ' }, 400],
    [{ kind: 'correction', text: 'x', supersedes: 'abc' }, 400],
    [{ kind: 'correction', text: 'x', colour: 'red' }, 400]
  ]
  for (const [payload, status] of cases) {
    const res = await app.inject({ method: 'POST', url, headers: { ...editor, ...json }, payload: payload as object })
    t.equal(res.statusCode, status, JSON.stringify(payload))
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles/no-such-story/corrections', headers: { ...editor, ...json }, payload: { kind: 'update', text: 'x' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url, headers: json, payload: { kind: 'update', text: 'x' } })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url, headers: { ...reader, ...json }, payload: { kind: 'update', text: 'x' } })).statusCode, 403)
  t.equal((await app.inject({ url: '/v1/corrections/00000000-0000-4000-8000-000000000000' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/corrections?limit=0' })).statusCode, 400)
  t.equal((await app.inject({ url: '/v1/corrections?cursor=nope' })).statusCode, 400)
  t.equal(await app.db.correction.count(), 0)
})
