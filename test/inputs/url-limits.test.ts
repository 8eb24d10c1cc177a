import { request } from 'node:http'
import t from 'tap'
import { SLUG_MAX_LENGTH } from '../../src/lib/slugs.js'
import { authHeaders, build } from '../helpers/app.js'

// Every slug the API stores fits in a URL: the longest slug and the longest path segment
// are one number. Slugs used to be accepted up to 200 characters while the router answered
// an undocumented 414 past 100, so a long slug could be stored and never read.

t.test('the longest slug is readable; a longer segment is a documented 414', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const longest = Array.from({ length: 40 }, () => 'abcd').join('-').slice(0, SLUG_MAX_LENGTH)
  t.equal(longest.length, 199)
  const slug = `${longest}x`
  t.equal(slug.length, SLUG_MAX_LENGTH)

  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Long', slug, status: 'published' } })
  t.equal(created.statusCode, 201)
  const read = await app.inject({ url: `/v1/articles/${slug}` })
  t.equal(read.statusCode, 200, 'a stored slug of the greatest length is served')
  t.equal(read.json().slug, slug)
  for (const url of [`/v1/articles/${slug}/quotes`, `/v1/topics/${slug}`, `/v1/speakers/${slug}/quotes`]) {
    t.equal((await app.inject({ url })).statusCode, url.startsWith('/v1/articles') ? 200 : 404, url)
  }

  const tooLong = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Long', slug: `${slug}y` } })
  t.equal(tooLong.statusCode, 400, 'a slug longer than a path segment may be is refused')

  const generated = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'A very long headline '.repeat(20), status: 'published' } })
  t.ok(generated.json().slug.length <= SLUG_MAX_LENGTH)
  t.equal((await app.inject({ url: `/v1/articles/${generated.json().slug}` })).statusCode, 200)

  const segment = await app.inject({ url: `/v1/articles/${slug}y` })
  t.equal(segment.statusCode, 414)
  t.equal(segment.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(segment.json(), { status: 414, title: 'URI Too Long', detail: /longer than 200 characters/ })

  const document = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> }
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      t.ok(operation.responses['431']?.content?.['application/problem+json'], `${method} ${path} documents 431`)
      if (path.includes('{')) t.ok(operation.responses['414']?.content?.['application/problem+json'], `${method} ${path} documents 414`)
    }
  }
})

t.test('oversized headers are a 431 problem; so is a query string that takes the request over 16 KB', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const send = (path: string, headers: Record<string, string>) => new Promise<{ status: number, type: string, body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => { body += chunk.toString() })
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }))
    })
    req.on('error', reject)
    req.end()
  })
  for (const answer of [await send('/health', { 'x-padding': 'x'.repeat(20_000) }), await send(`/v1/articles?section=${'x'.repeat(20_000)}`, {})]) {
    t.equal(answer.status, 431)
    t.equal(answer.type, 'application/problem+json')
    t.match(JSON.parse(answer.body), { status: 431, title: 'Request Header Fields Too Large', detail: /line and headers are larger than this server accepts \(16 KB.*shorten the URL/ })
  }
})
