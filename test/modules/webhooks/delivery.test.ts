import { Webhook } from 'standardwebhooks'
import t from 'tap'
import type { Test } from 'tap'
import { pruneDeliveries, retryDelayMs } from '../../../src/modules/webhooks/queue.js'
import { authHeaders, build } from '../../helpers/app.js'
import { startReceiver, until } from '../../helpers/webhook-receiver.js'

// Real receivers on 127.0.0.1 (so private destinations are allowed here, except where the
// refusal itself is tested) and short backoff, all through configuration.
const FAST = {
  WEBHOOK_WORKER: true, WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_POLL_MS: 50, WEBHOOK_TIMEOUT_MS: 2_000,
  WEBHOOK_RETRY_BASE_MS: 50, WEBHOOK_RETRY_MAX_DELAY_MS: 200
}

async function setUp (t: Test, config: Record<string, unknown> = {}) {
  const app = await build(t, { ...FAST, ...config })
  const admin = await authHeaders(app, 'admin')
  const subscribe = async (url: string) => (await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url } })).json() as { id: string, secret: string }
  const ping = async (id: string) => (await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/ping`, headers: admin })).json() as { id: string }
  const delivery = async (id: string, deliveryId: string) => (await app.inject({ url: `/v1/webhooks/${id}/deliveries/${deliveryId}`, headers: admin })).json()
  const subscription = async (id: string) => (await app.inject({ url: `/v1/webhooks/${id}`, headers: admin })).json()
  return { app, admin, subscribe, ping, delivery, subscription }
}

t.test('a delivery is signed as Standard Webhooks says: the standardwebhooks package verifies it', async (t) => {
  const { subscribe, ping, delivery } = await setUp(t)
  const receiver = await startReceiver(t)
  const { id, secret } = await subscribe(receiver.url)
  const queued = await ping(id)
  const [request] = await receiver.waitFor(1)
  const headers = request!.headers as Record<string, string>
  t.match(headers, { 'content-type': 'application/json', 'webhook-id': /^msg_/, 'webhook-timestamp': /^\d{10}$/, 'webhook-signature': /^v1,[A-Za-z0-9+/]+=*$/ })
  t.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 30, 'timestamped now')
  const verified = new Webhook(secret).verify(request!.body, headers)
  t.match(verified, { type: 'webhook.ping', data: { subscriptionId: id } }, 'the signature verifies')
  t.throws(() => new Webhook(secret).verify(request!.body.replace('ping', 'pong'), headers), 'a tampered body does not')
  t.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(request!.body, headers), 'nor another secret')

  await until('the delivery is recorded', async () => (await delivery(id, queued.id)).status === 'delivered')
  const recorded = await delivery(id, queued.id)
  t.match(recorded, { status: 'delivered', attempts: 1, responseStatus: 200, lastError: null, webhookIdHeader: headers['webhook-id'] })
  t.type(recorded.durationMs, 'number')
  t.same(recorded.payload, JSON.parse(request!.body), 'the body sent is the payload listed')
})

t.test('a receiver that fails, then recovers: retried with backoff until delivered; the failures are recorded', async (t) => {
  const { subscribe, ping, delivery, subscription } = await setUp(t)
  const receiver = await startReceiver(t, (_request, response, count) => {
    // A huge error page: only WEBHOOK_MAX_RESPONSE_BYTES of it is read.
    if (count <= 2) { response.statusCode = 503; response.end('down for maintenance '.repeat(200_000)); return }
    response.end('ok')
  })
  const { id } = await subscribe(receiver.url)
  const queued = await ping(id)
  await until('a failed attempt is recorded', async () => (await delivery(id, queued.id)).lastError !== null)
  const failing = await delivery(id, queued.id)
  t.match(failing, { status: /pending|delivering/, responseStatus: 503, lastError: /^answered 503: down for maintenance/ })
  t.ok(failing.lastError.length < 400, 'the error keeps only the start of the answer')
  const requests = await receiver.waitFor(3)
  await until('delivered', async () => (await delivery(id, queued.id)).status === 'delivered')
  t.match(await delivery(id, queued.id), { status: 'delivered', attempts: 3, responseStatus: 200, lastError: null })
  t.equal(new Set(requests.map((r) => r.headers['webhook-id'])).size, 1, 'every attempt carries the same webhook-id')
  t.equal((await subscription(id)).status, 'active')
})

t.test('a slow receiver that answers within the timeout is delivered; one that never answers is cut off, retried, then given up and disabled', async (t) => {
  const { app, subscribe, ping, delivery, subscription } = await setUp(t, { WEBHOOK_TIMEOUT_MS: 600, WEBHOOK_RETRY_WINDOW_MS: 1_500, WEBHOOK_DISABLE_AFTER_FAILURES: 1 })
  const slow = await startReceiver(t, (_request, response) => { setTimeout(() => response.end('ok'), 300) })
  const hung = await startReceiver(t, () => { /* never answers */ })
  const slowSubscription = await subscribe(slow.url)
  const hungSubscription = await subscribe(hung.url)
  const slowDelivery = await ping(slowSubscription.id)
  const hungDelivery = await ping(hungSubscription.id)

  await until('the slow one is delivered', async () => (await delivery(slowSubscription.id, slowDelivery.id)).status === 'delivered')
  const slowResult = await delivery(slowSubscription.id, slowDelivery.id)
  t.ok(slowResult.durationMs >= 280, `it took its time (${slowResult.durationMs} ms)`)
  t.equal(slowResult.attempts, 1)

  await until('the hung one is given up', async () => (await delivery(hungSubscription.id, hungDelivery.id)).status === 'failed', 20_000)
  const given = await delivery(hungSubscription.id, hungDelivery.id)
  t.match(given, { status: 'failed', responseStatus: null, lastError: 'no answer within 600 ms' })
  t.ok(given.attempts >= 2, `retried first (${given.attempts} attempts)`)
  t.ok(Date.parse(given.failedAt) - Date.parse(given.createdAt) < 5_000, 'within the retry window')
  const disabled = await subscription(hungSubscription.id)
  t.match(disabled, { status: 'disabled', disabledReason: /1 deliveries in a row were given up after retrying; the last error: no answer within 600 ms/ })
  t.type(disabled.disabledAt, 'string')

  // Disabled: a ping queues but is not sent until an admin resumes the subscription.
  const held = await ping(hungSubscription.id)
  await new Promise((resolve) => setTimeout(resolve, 400))
  t.equal((await delivery(hungSubscription.id, held.id)).attempts, 0, 'nothing is sent to a disabled subscription')
  t.equal((await app.db.webhookDelivery.count({ where: { subscriptionId: slowSubscription.id } })), 1)
})

t.test('deliveries of one subscription go out one at a time, in order; a failing head holds back the rest', async (t) => {
  const { subscribe, ping } = await setUp(t, { WEBHOOK_CONCURRENCY: 8 })
  let open = 0
  let mostOpen = 0
  const receiver = await startReceiver(t, (_request, response, count) => {
    open++
    mostOpen = Math.max(mostOpen, open)
    setTimeout(() => { open--; response.statusCode = count <= 2 ? 500 : 200; response.end() }, 30)
  })
  const { id } = await subscribe(receiver.url)
  const sent: string[] = []
  for (let i = 0; i < 5; i++) sent.push((await ping(id)).id)
  const requests = await receiver.waitFor(7)
  t.equal(mostOpen, 1, 'never two requests at once to one subscription')
  const order = requests.map((r) => r.headers['webhook-id'])
  t.equal(order[0], order[1], 'the first delivery is retried...')
  t.equal(order[1], order[2], '...until it succeeds...')
  t.equal(new Set(order.slice(2)).size, 5, '...before the next one goes')
})

t.test('during a secret rotation, each delivery carries both signatures; either secret verifies', async (t) => {
  const { admin, app, subscribe, ping } = await setUp(t)
  const receiver = await startReceiver(t)
  const { id, secret: oldSecret } = await subscribe(receiver.url)
  const { secret: newSecret } = (await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/rotate-secret`, headers: admin })).json()
  await ping(id)
  const [request] = await receiver.waitFor(1)
  const headers = request!.headers as Record<string, string>
  t.equal(headers['webhook-signature']!.split(' ').length, 2, 'two signatures')
  t.ok(new Webhook(newSecret).verify(request!.body, headers), 'the new secret verifies')
  t.ok(new Webhook(oldSecret).verify(request!.body, headers), 'the old one still does')

  await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/rotate-secret?graceSeconds=0`, headers: admin })
  await ping(id)
  const [, second] = await receiver.waitFor(2)
  t.equal((second!.headers['webhook-signature'] as string).split(' ').length, 1, 'after the grace period, one signature again')
})

t.test('redirects are not followed; 410 Gone disables the subscription at once', async (t) => {
  // The cap too: FAST caps every delay at 200 ms, and a retry that soon can be claimed between two reads here.
  const { subscribe, ping, delivery, subscription } = await setUp(t, { WEBHOOK_RETRY_BASE_MS: 60_000, WEBHOOK_RETRY_MAX_DELAY_MS: 60_000 })
  const elsewhere = await startReceiver(t)
  const redirecting = await startReceiver(t, (_request, response) => { response.writeHead(307, { location: elsewhere.url }).end() })
  const gone = await startReceiver(t, (_request, response) => { response.writeHead(410).end('gone') })

  const redirected = await subscribe(redirecting.url)
  const first = await ping(redirected.id)
  await until('the redirect is recorded as a failure', async () => (await delivery(redirected.id, first.id)).lastError !== null)
  t.match(await delivery(redirected.id, first.id), { status: 'pending', responseStatus: 307, lastError: `answered 307: redirected to ${elsewhere.url} (redirects are not followed)` })
  t.equal(elsewhere.received.length, 0, 'the redirect target was never called')

  const goneSubscription = await subscribe(gone.url)
  await ping(goneSubscription.id)
  await until('disabled', async () => (await subscription(goneSubscription.id)).status === 'disabled')
  t.match(await subscription(goneSubscription.id), { disabledReason: /410 Gone/ })
})

t.test('SSRF at delivery time: a stored private destination is refused when connecting', async (t) => {
  const { app, ping, delivery } = await setUp(t, { WEBHOOK_ALLOW_PRIVATE: false, WEBHOOK_RETRY_BASE_MS: 60_000, WEBHOOK_RETRY_MAX_DELAY_MS: 60_000 })
  const receiver = await startReceiver(t)
  // As if saved while private destinations were allowed, or by a name that has rebound since.
  const stored = await app.db.webhookSubscription.create({ data: { url: receiver.url, secret: 'whsec_' + Buffer.alloc(32, 7).toString('base64') } })
  const queued = await ping(stored.id)
  await until('the refusal is recorded', async () => (await delivery(stored.id, queued.id)).lastError !== null)
  t.match(await delivery(stored.id, queued.id), { status: 'pending', responseStatus: null, lastError: /^refused to connect to 127\.0\.0\.1, a loopback address/ })
  t.equal(receiver.received.length, 0, 'no request reached the private address')
})

t.test('backoff doubles from the base, is capped, and jittered between half and all of it', async (t) => {
  const policy = { baseMs: 5_000, maxDelayMs: 6 * 3600_000 }
  t.same([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, () => 1)), [5_000, 10_000, 20_000, 40_000])
  t.equal(retryDelayMs(1, policy, () => 0), 2_500)
  t.equal(retryDelayMs(30, policy, () => 1), 6 * 3600_000, 'capped')
  let total = 0
  let attempt = 1
  while (total < 24 * 3600_000) total += retryDelayMs(attempt++, policy, () => 1)
  t.ok(attempt - 1 <= 17, `a day of retries takes ${attempt - 1} attempts at most`)
})

t.test('finished deliveries older than the retention are pruned; unfinished ones never', async (t) => {
  const { app, subscribe, ping } = await setUp(t, { WEBHOOK_WORKER: false })
  const { id } = await subscribe('http://127.0.0.1:9/')
  const [old, stuck, recent] = [await ping(id), await ping(id), await ping(id)]
  const longAgo = new Date(Date.now() - 40 * 86_400_000)
  await app.db.webhookDelivery.update({ where: { id: old.id }, data: { status: 'delivered', createdAt: longAgo } })
  await app.db.webhookDelivery.update({ where: { id: stuck.id }, data: { createdAt: longAgo } })
  await app.db.webhookDelivery.update({ where: { id: recent.id }, data: { status: 'failed' } })
  t.equal(await pruneDeliveries(app.pool, 30), 1)
  t.same((await app.db.webhookDelivery.findMany({ select: { id: true }, orderBy: { seq: 'asc' } })).map((d) => d.id), [stuck.id, recent.id])
})
