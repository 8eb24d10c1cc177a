import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

t.test('security headers suit a JSON API', async (t) => {
  const app = await build(t)
  const response = await app.inject('/v1/articles')
  t.match(response.headers, {
    'content-security-policy': "default-src 'none';frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'strict-transport-security': /max-age=\d+/,
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'SAMEORIGIN'
  })
  t.notOk(response.headers['x-powered-by'])
})

t.test('CORS answers only the configured origins', async (t) => {
  const app = await build(t, { CORS_ORIGINS: 'https://www.example.com, https://app.example.com' })
  const allowed = await app.inject({ url: '/v1/articles', headers: { origin: 'https://app.example.com' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com')
  t.match(allowed.headers['access-control-expose-headers'], /ETag/)
  const other = await app.inject({ url: '/v1/articles', headers: { origin: 'https://evil.example' } })
  t.notOk(other.headers['access-control-allow-origin'], 'no CORS grant to other origins')
  const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/articles', headers: { origin: 'https://www.example.com', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,if-match' } })
  t.equal(preflight.statusCode, 204)
  t.match(preflight.headers['access-control-allow-headers'], /Authorization/)
  t.notOk(preflight.headers['access-control-allow-credentials'])

  const closed = await build(t)
  t.notOk((await closed.inject({ url: '/v1/articles', headers: { origin: 'https://www.example.com' } })).headers['access-control-allow-origin'], 'no origins by default')
})

t.test('bodies above BODY_LIMIT_BYTES are a 413 problem', async (t) => {
  const app = await build(t, { BODY_LIMIT_BYTES: 2048 })
  const response = await app.inject({ method: 'POST', url: '/v1/keys', headers: await authHeaders(app, 'admin'), payload: { name: 'x'.repeat(4096), scopes: ['admin'] } })
  t.equal(response.statusCode, 413)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
})

t.test('a saturated pool sheds load with 503 + Retry-After; liveness stays up; it recovers', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 1, MAX_POOL_WAITING: 2 })
  const held = await app.pool.connect() // the one connection, taken
  // Different URLs: identical ones would wait for one answer instead of for the pool.
  const queued = Array.from({ length: 2 }, (_, i) => app.inject(`/v1/articles?limit=${i + 1}`))
  await new Promise((resolve) => setTimeout(resolve, 100))
  const shed = await app.inject('/v1/articles') // a third would wait: shed at once
  held.release() // within the second a read waits for a busy pool
  t.equal(shed.statusCode, 503)
  t.match(shed.headers['content-type'], /^application\/problem\+json/)
  t.match(shed.json(), { type: 'urn:newsdesk:problem:overloaded', detail: /overloaded: \d+ requests are in progress and \d+ queries wait for a database connection/ })
  t.ok(Number(shed.headers['retry-after']) > 0)
  t.same((await Promise.all(queued)).map((response) => response.statusCode), [200, 200], 'queued requests finish')
  t.equal((await app.inject('/health')).statusCode, 200, '/health is never shed')
  await new Promise((resolve) => setTimeout(resolve, 600))
  t.equal((await app.inject('/v1/articles')).statusCode, 200, 'serving again')
})

t.test('writes have connections of their own: a saturated readers\' pool neither sheds nor holds them', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 1, MAX_POOL_WAITING: 2 })
  const headers = await authHeaders(app, 'content:write')
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers, payload: { title: 'Edited under load', status: 'published' } })
  t.equal(created.statusCode, 201)
  const held = await app.pool.connect() // the readers' one connection, taken
  const queued = Array.from({ length: 4 }, (_, i) => app.inject(`/v1/articles?limit=${i + 1}`))
  await new Promise((resolve) => setTimeout(resolve, 600)) // > the 250 ms check interval
  t.equal((await app.inject('/v1/articles')).statusCode, 503, 'reads are shed')
  const began = Date.now()
  const saved = await app.inject({ method: 'PATCH', url: '/v1/articles/edited-under-load', headers, payload: { summary: 'Saved while readers wait.' } })
  t.equal(saved.statusCode, 200, 'the save is neither shed nor queued behind the reads')
  t.equal(saved.json().summary, 'Saved while readers wait.')
  t.ok(Date.now() - began < 3_000, 'and answers while the readers\' connection is still held')
  held.release()
  // Reads let in wait at most a second for a connection (src/db/admission.ts): each is served or shed as overload.
  for (const response of await Promise.all(queued)) {
    if (response.statusCode !== 200) t.match({ status: response.statusCode, type: response.json().type }, { status: 503, type: 'urn:newsdesk:problem:overloaded' }, 'a queued read is served or shed as overload')
  }
})

t.test('a lagging event loop sheds load with 503 + Retry-After, and recovers', async (t) => {
  const app = await build(t, { MAX_EVENT_LOOP_DELAY_MS: 50 })
  await new Promise((resolve) => setTimeout(resolve, 3_100)) // past the start-up grace period
  const block = (ms: number) => { const until = Date.now() + ms; while (Date.now() < until); }
  let shed
  for (let attempt = 0; attempt < 20 && shed?.statusCode !== 503; attempt++) {
    block(300) // a request-handling loop this busy is what overload looks like
    await new Promise((resolve) => setTimeout(resolve, 20))
    shed = await app.inject('/v1/articles')
  }
  t.equal(shed?.statusCode, 503, 'shed while the loop lags')
  t.match(shed?.headers['content-type'], /^application\/problem\+json/)
  t.ok(Number(shed?.headers['retry-after']) > 0)
  t.equal((await app.inject('/health')).statusCode, 200, '/health is never shed')
  let status = 503
  for (let waited = 0; waited < 5_000 && status !== 200; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    status = (await app.inject('/v1/articles')).statusCode
  }
  t.equal(status, 200, 'serving again once the loop is idle')
})

t.test('values Postgres cannot take (a NUL character) are a 400 problem, not a 500', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/articles/a%00b', '/v1/articles?section=a%00b']) {
    const response = await app.inject(url)
    t.equal(response.statusCode, 400, url)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
  }
  const malformed = await app.inject('/v1/articles/%E0%A4%A')
  t.equal(malformed.statusCode, 400, 'a malformed URL')
  t.match(malformed.headers['content-type'], /^application\/problem\+json/)
  const long = await app.inject(`/v1/articles/${'a'.repeat(5000)}`)
  t.equal(long.statusCode, 414)
  t.match(long.headers['content-type'], /^application\/problem\+json/)
})
