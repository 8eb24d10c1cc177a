import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// No text can hang the server: pages are analysed in worker threads with a time budget, and
// /health answers while they run. A speaker named only with spaces once made the mention
// matcher loop forever.

t.test('a blank-named stored speaker and a "she added" quote: the import answers, with the right speaker', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write')
  await app.inject({ method: 'POST', url: '/v1/speakers', headers, payload: { name: ' ' } })
  const text = 'World\n\nMinisters meet\n\nMaria Lopez, the foreign minister, spoke on Monday.\n\n“We will stay the course,” she added.'
  const res = await app.inject({ method: 'POST', url: '/v1/imports', headers: { ...headers, 'content-type': 'text/plain' }, payload: text })
  t.equal(res.statusCode, 201)
  t.match(res.json().quotes, [{ text: 'We will stay the course', speaker: { name: 'Maria Lopez' } }])
})

// Texts built to make a backtracking or quadratic parser spin.
const HOSTILE: Record<string, string> = {
  'opening marks only': '“'.repeat(200_000),
  'capitalised words with no end': 'Big '.repeat(100_000) + 'said.',
  'dots': '.'.repeat(300_000),
  'honorifics': 'Dr. '.repeat(100_000),
  'quote and attribution, repeated': '“Yes,” said the minister of the department of the '.repeat(8_000)
}

t.test('hostile texts are refused within the time budget while /health keeps answering; nothing is written', async (t) => {
  const budgetMs = 1_000
  const app = await build(t, { IMPORT_PARSE_TIMEOUT_MS: budgetMs, BODY_LIMIT_BYTES: 2 * 1024 * 1024 })
  const headers = await authHeaders(app, 'content:write')
  for (const [name, body] of Object.entries(HOSTILE)) {
    const started = Date.now()
    const importing = app.inject({ method: 'POST', url: '/v1/imports', headers: { ...headers, 'content-type': 'text/plain' }, payload: `World\n\nHeadline\n\n${body}` })
    const health = await app.inject({ url: '/health' })
    t.equal(health.statusCode, 200, `${name}: /health answers during the import`)
    const res = await importing
    const elapsed = Date.now() - started
    // The budget, plus the start of a new worker thread when the last one was stopped.
    t.ok(elapsed < budgetMs + 30_000, `${name}: answered in ${elapsed} ms`)
    t.ok([201, 422].includes(res.statusCode), `${name}: ${res.statusCode} ${res.body.slice(0, 300)}`)
  }
  t.equal(await app.db.article.count({ where: { externalId: { startsWith: 'import:' } } }) <= Object.keys(HOSTILE).length, true)
})

t.test('20,000 nested divs: a 422 at once, before any parsing; a page nested as deep as real ones still imports', async (t) => {
  const app = await build(t)
  const headers = { ...await authHeaders(app, 'content:write'), 'content-type': 'text/html' }
  const page = (depth: number): string => '<html><head><title>Harbour strike</title></head><body><article><h1>Harbour strike</h1>' +
    '<div class="wrap">'.repeat(depth) + '<p>“We will not load a single ship,” said Maria Lopez, the union leader, on Monday.</p>' +
    '<p>Talks with the port authority resume next week.</p>' + '</div>'.repeat(depth) + '</article></body></html>'
  const started = Date.now()
  const deep = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: page(20_000) })
  t.ok(Date.now() - started < 2_000, `answered in ${Date.now() - started} ms, not after the 10 s budget`)
  t.equal(deep.statusCode, 422)
  t.equal(deep.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(deep.json().detail, /nests its elements more than 256 deep/)
  t.equal(await app.db.article.count({ where: { externalId: { startsWith: 'import:' } } }), 0, 'nothing written')

  const usual = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: page(40) })
  t.equal(usual.statusCode, 201, usual.body.slice(0, 300))
})
