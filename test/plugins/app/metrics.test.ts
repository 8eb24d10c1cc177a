import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { startReceiver, until } from '../../helpers/webhook-receiver.js'

// GET /metrics is Prometheus' text format for a key with `metrics:read` (or `admin`): request
// counts and latency by route pattern, the response cache, each database lane's pool, shed
// requests, event-loop delay and the webhook queue. Scraped here as Prometheus would.

/** The value of one series, or undefined when the scrape does not have it. */
function sample (text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]))
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3])
  }
  return undefined
}

async function scrape (app: FastifyInstance, headers: Record<string, string>): Promise<string> {
  const response = await app.inject({ url: '/metrics', headers })
  if (response.statusCode !== 200) throw new Error(`/metrics answered ${response.statusCode}: ${response.body}`)
  return response.body
}

t.test('without the scope: 401 and 403 problems; with metrics:read or admin: the text format', async (t) => {
  const app = await build(t)
  const none = await app.inject('/metrics')
  t.equal(none.statusCode, 401)
  t.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8')
  const writer = await app.inject({ url: '/metrics', headers: await authHeaders(app, 'content:write') })
  t.equal(writer.statusCode, 403)
  t.match(writer.json(), { status: 403, detail: /metrics:read/ })
  const bad = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer nd_not-a-key' } })
  t.equal(bad.statusCode, 401)

  const scraper = await authHeaders(app, 'metrics:read')
  const response = await app.inject({ url: '/metrics', headers: scraper })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  t.equal(response.headers['cache-control'], 'private, no-store')
  t.equal((await app.inject({ url: '/metrics', headers: await authHeaders(app, 'admin') })).statusCode, 200)
  // The scraper's key reads nothing else that needs a key.
  t.equal((await app.inject({ url: '/v1/keys', headers: scraper })).statusCode, 403)
  t.equal((await app.inject({ url: '/v1/articles?status=draft', headers: scraper })).statusCode, 403)
})

t.test('requests by route pattern, the response cache, the pools, event-loop delay and the webhook queue', async (t) => {
  const app = await build(t)
  const scraper = await authHeaders(app, 'metrics:read')
  const writer = await authHeaders(app, 'content:write')
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Harbour cranes arrive', status: 'published', body: ['Two cranes reached the harbour.'] } })
  t.equal(created.statusCode, 201)
  const before = await scrape(app, scraper)

  t.equal((await app.inject('/v1/articles')).statusCode, 200)
  t.equal((await app.inject('/v1/articles')).headers['x-cache'], 'HIT')
  t.equal((await app.inject('/v1/articles/harbour-cranes-arrive')).statusCode, 200)
  t.equal((await app.inject('/v1/articles/no-such-story')).statusCode, 404)
  t.equal((await app.inject('/nowhere')).statusCode, 404)
  const after = await scrape(app, scraper)

  const count = (text: string, labels: Record<string, string>): number => sample(text, 'newsdesk_http_requests_total', labels) ?? 0
  t.equal(count(after, { method: 'GET', route: '/v1/articles', status: '200' }) - count(before, { method: 'GET', route: '/v1/articles', status: '200' }), 2, 'two list requests')
  t.equal(count(after, { route: '/v1/articles/:idOrSlug', status: '200' }), 1, 'an item by its route pattern, not its URL')
  t.equal(count(after, { route: '/v1/articles/:idOrSlug', status: '404' }), 1)
  t.equal(count(after, { route: '(unmatched)', status: '404' }), 1, 'a URL that names no route')
  t.notMatch(after, /route="\/v1\/articles\/harbour-cranes-arrive"/, 'no raw URLs as labels')
  t.equal(count(after, { method: 'POST', route: '/v1/articles', status: '201' }), 1)
  t.equal(sample(after, 'newsdesk_http_request_duration_seconds_count', { method: 'GET', route: '/v1/articles', status: '200' }), count(after, { method: 'GET', route: '/v1/articles', status: '200' }))
  t.ok(sample(after, 'newsdesk_http_request_duration_seconds_bucket', { route: '/v1/articles', le: '+Inf' }) !== undefined, 'latency histogram buckets')

  const hits = (text: string): number => sample(text, 'newsdesk_response_cache_hits_total') ?? 0
  const misses = (text: string): number => sample(text, 'newsdesk_response_cache_misses_total') ?? 0
  t.equal(hits(after) - hits(before), 1, 'one cache hit')
  t.ok(misses(after) - misses(before) >= 2, 'the first list and the item were misses')
  t.ok((sample(after, 'newsdesk_response_cache_entries') ?? 0) >= 2, 'entries held')

  for (const lane of ['primary', 'writer']) {
    for (const state of ['in_use', 'idle', 'max']) t.ok(sample(after, 'newsdesk_db_pool_connections', { lane, state }) !== undefined, `${lane} ${state}`)
    t.equal(sample(after, 'newsdesk_db_pool_waiting', { lane }), 0, `${lane} waiting`)
  }
  t.equal(sample(after, 'newsdesk_db_pool_connections', { lane: 'writer', state: 'max' }), 3)
  t.ok(sample(after, 'nodejs_eventloop_lag_seconds') !== undefined, 'event-loop delay')
  t.ok(sample(after, 'nodejs_eventloop_lag_p99_seconds') !== undefined, 'event-loop delay p99')
  t.equal(sample(after, 'newsdesk_webhook_queue_depth', { status: 'pending' }), 0)
  t.equal(sample(after, 'newsdesk_webhook_oldest_pending_seconds'), 0)

  // An edit drops the cached answers that show the story: counted as invalidated.
  const evicted = (text: string): number => sample(text, 'newsdesk_response_cache_evictions_total', { reason: 'invalidated' }) ?? 0
  const etag = created.headers.etag as string
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/harbour-cranes-arrive', headers: { ...writer, 'if-match': etag }, payload: { summary: 'Cranes.' } })).statusCode, 200)
  await until('the edit to drop cached answers', async () => evicted(await scrape(app, scraper)) > evicted(after))
  t.pass('invalidations counted')
})

t.test('shed requests are counted by reason; /metrics itself is never shed', async (t) => {
  // No room to wait for a connection: every read is shed at once.
  const app = await build(t, { MAX_POOL_WAITING: 0 })
  const scraper = await authHeaders(app, 'metrics:read')
  const shed = await app.inject('/v1/articles')
  t.equal(shed.statusCode, 503)
  t.match(shed.json(), { type: 'urn:newsdesk:problem:overloaded' })
  const text = await scrape(app, scraper)
  t.equal(sample(text, 'newsdesk_shed_requests_total', { reason: 'pool_waiting' }), 1)
  t.equal(sample(text, 'newsdesk_http_requests_total', { route: '/v1/articles', status: '503' }), 1)
})

t.test('webhook delivery outcomes and queue depth', async (t) => {
  const app = await build(t, { WEBHOOK_WORKER: true, WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_POLL_MS: 50, WEBHOOK_RETRY_BASE_MS: 50, WEBHOOK_RETRY_MAX_DELAY_MS: 100 })
  const admin = await authHeaders(app, 'admin')
  // The receiver fails the first attempt, then takes the retry.
  const receiver = await startReceiver(t, (_request, response, n) => { response.statusCode = n === 1 ? 500 : 204; response.end() })
  const { id } = (await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: receiver.url } })).json() as { id: string }
  t.equal((await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/ping`, headers: admin })).statusCode, 202)
  await receiver.waitFor(2)
  let text = ''
  await until('both attempts to be counted', async () => {
    text = await scrape(app, admin)
    return sample(text, 'newsdesk_webhook_delivery_attempts_total', { outcome: 'delivered' }) === 1
  })
  t.equal(sample(text, 'newsdesk_webhook_delivery_attempts_total', { outcome: 'retry' }), 1)
  t.equal(sample(text, 'newsdesk_webhook_queue_depth', { status: 'pending' }), 0)
})
