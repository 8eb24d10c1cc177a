import t from 'tap'
import { authHeaders, build } from '../helpers/app.js'

// What a partner sends that the API must refuse (400, nothing stored) or tidy, as issue 14
// found it: blank or padded names, UUID-shaped slugs, javascript: URLs, coerced body values,
// foreign charsets and invalid UTF-8; and validation messages that name the allowed values.

t.test('names and titles are trimmed; blank ones are a 400', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const topic = await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: '  NATO  ', aliases: [' Alliance '] } })
  t.equal(topic.statusCode, 201)
  t.match(topic.json(), { name: 'NATO', slug: 'nato', aliases: ['Alliance'] })
  const speaker = await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'Jens Stoltenberg ' } })
  t.match(speaker.json(), { name: 'Jens Stoltenberg' })
  const article = await app.inject({
    method: 'POST', url: '/v1/articles', headers: writer,
    payload: { title: ' Allies meet ', topics: [{ name: 'Brussels  ' }], quotes: [{ text: 'We stand together.', speaker: { name: ' Maria Lopez' } }] }
  })
  t.equal(article.statusCode, 201)
  t.match(article.json(), { title: 'Allies meet', slug: 'allies-meet' })
  t.match((await app.db.topic.findUnique({ where: { slug: 'brussels' } }))?.name, 'Brussels')
  t.match((await app.db.speaker.findUnique({ where: { slug: 'maria-lopez' } }))?.name, 'Maria Lopez')

  const before = await Promise.all([app.db.topic.count(), app.db.speaker.count(), app.db.article.count()])
  const blanks: [string, string, unknown][] = [
    ['POST', '/v1/topics', { name: '   ' }],
    ['POST', '/v1/topics', { name: 'Ok', aliases: ['  '] }],
    ['POST', '/v1/speakers', { name: ' \t ' }],
    ['POST', '/v1/articles', { title: '  ' }],
    ['POST', '/v1/articles', { title: 'Fine', topics: [{ name: ' ' }] }],
    ['POST', '/v1/articles', { title: 'Fine', quotes: [{ text: 'Hi there.', speaker: { name: '  ' } }] }],
    ['PATCH', '/v1/topics/nato', { name: '  ' }],
    ['PATCH', '/v1/articles/allies-meet', { title: ' ' }]
  ]
  for (const [method, url, payload] of blanks) {
    const res = await app.inject({ method: method as 'POST', url, headers: writer, payload: payload as object })
    t.equal(res.statusCode, 400, `${method} ${url} ${JSON.stringify(payload)}`)
  }
  t.same(await Promise.all([app.db.topic.count(), app.db.speaker.count(), app.db.article.count()]), before, 'nothing stored')
})

t.test('UUID-shaped slugs are refused on create and update', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const uuid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'
  for (const [url, payload] of [['/v1/articles', { title: 'A', slug: uuid }], ['/v1/topics', { name: 'A', slug: uuid }], ['/v1/speakers', { name: 'A', slug: uuid }]] as const) {
    const res = await app.inject({ method: 'POST', url, headers: writer, payload })
    t.equal(res.statusCode, 400, url)
    t.match(res.json().detail, /UUID/)
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Plain' } })).statusCode, 201)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/topics/plain', headers: writer, payload: { slug: uuid } })).statusCode, 400)
  // A title that is itself a UUID still gets a slug that resolves.
  const titled = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: uuid, status: 'published' } })
  t.equal(titled.statusCode, 201)
  t.equal((await app.inject({ url: `/v1/articles/${titled.json().slug}` })).statusCode, 200)
})

t.test('URLs must be http(s)', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  for (const sourceUrl of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/a', 'mailto:a@example.com']) {
    const res = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Links', sourceUrl } })
    t.equal(res.statusCode, 400, sourceUrl)
  }
  const ok = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Links', sourceUrl: 'https://example.com/story' } })
  t.equal(ok.statusCode, 201)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/links', headers: writer, payload: { sourceUrl: 'javascript:alert(1)' } })).statusCode, 400)
  t.equal(await app.db.article.count(), 1)
})

t.test('fields=id is accepted (id is always kept)', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/articles?fields=id,title', '/v1/topics?fields=id', '/v1/speakers?fields=id,name', '/v1/quotes?fields=id,text']) {
    t.equal((await app.inject({ url })).statusCode, 200, url)
  }
})

t.test('body values of the wrong type are refused, not converted', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const wrong: [string, unknown][] = [
    ['/v1/articles', { title: 123 }],
    ['/v1/articles', { title: true }],
    ['/v1/articles', { title: 'Typed', status: ['draft'] }],
    ['/v1/articles', { title: 'Typed', body: 'one paragraph' }],
    ['/v1/articles', { title: 'Typed', summary: 42 }],
    ['/v1/topics', { name: 7 }],
    ['/v1/speakers', { name: 'Typed', kind: ['person'] }]
  ]
  for (const [url, payload] of wrong) {
    const res = await app.inject({ method: 'POST', url, headers: writer, payload: payload as object })
    t.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload)}`)
  }
  t.equal(await app.db.article.count(), 0)
  t.equal(await app.db.topic.count(), 0)
  t.equal(await app.db.speaker.count(), 0)
  // Query strings are text: they are still converted.
  t.equal((await app.inject({ url: '/v1/articles?limit=5&count=true' })).statusCode, 200)
})

t.test('a declared charset other than UTF-8, or invalid UTF-8 bytes, is refused', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const latin1 = await app.inject({ method: 'POST', url: '/v1/topics', headers: { ...writer, 'content-type': 'application/json; charset=iso-8859-1' }, payload: Buffer.from('{"name":"Caf\xe9"}', 'latin1') })
  t.equal(latin1.statusCode, 415)
  t.match(latin1.json().detail, /utf-8/i)
  const invalid = await app.inject({ method: 'POST', url: '/v1/topics', headers: { ...writer, 'content-type': 'application/json' }, payload: Buffer.from('{"name":"Caf\xe9"}', 'latin1') })
  t.equal(invalid.statusCode, 400)
  t.match(invalid.json().detail, /UTF-8/)
  const declared = await app.inject({ method: 'POST', url: '/v1/topics', headers: { ...writer, 'content-type': 'application/json; charset=UTF-8' }, payload: Buffer.from('{"name":"Café"}') })
  t.equal(declared.statusCode, 201)
  t.equal(declared.json().name, 'Café')
  t.equal(await app.db.topic.count(), 1)

  const ndjson = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson; charset=utf-16' }, payload: '{"title":"x"}\n' })
  t.equal(ndjson.statusCode, 415)
  const badLine = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload: Buffer.concat([Buffer.from('{"title":"Caf'), Buffer.from([0xe9]), Buffer.from('"}\n{"title":"Fine line"}\n')]) })
  t.equal(badLine.statusCode, 200)
  t.match(badLine.json(), { lines: 2, created: 1, failed: 1, errors: [{ line: 1, status: 400 }] })
  t.match(badLine.json().errors[0].detail, /UTF-8/)
  t.notOk(await app.db.article.findFirst({ where: { title: { contains: '\uFFFD' } } }), 'no replacement characters stored')

  const text = await app.inject({ method: 'POST', url: '/v1/imports?dryRun=true', headers: { ...writer, 'content-type': 'text/plain; charset=windows-1252' }, payload: 'Title\n\nBody text here.' })
  t.equal(text.statusCode, 415)
})

t.test('validation messages name the allowed values', async (t) => {
  const app = await build(t)
  const reader = await authHeaders(app, 'content:read-drafts')
  const cases: [string, RegExp][] = [
    ['/v1/articles?sort=popularity', /publishedAt.*updatedAt.*createdAt.*title/],
    ['/v1/articles?include=author', /topics.*quotes/],
    ['/v1/articles?fields=headline', /id.*slug.*title/],
    ['/v1/articles?status=live', /draft.*scheduled.*published.*archived/],
    ['/v1/topics?include=everything', /counts/]
  ]
  for (const [url, allowed] of cases) {
    const res = await app.inject({ url, headers: reader })
    t.equal(res.statusCode, 400, url)
    t.match(res.json().detail, allowed, url)
    t.match(res.json().errors[0].detail, allowed, url)
  }
  const writer = await authHeaders(app, 'content:write')
  const res = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'x', status: 'live' } })
  t.equal(res.statusCode, 400)
  t.match(res.json().errors[0].detail, /draft, scheduled, published, archived/)
})
