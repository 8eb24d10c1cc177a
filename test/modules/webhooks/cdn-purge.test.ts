import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { loadConfig } from '../../../src/config.js'
import { CDN_PURGE_SUBSCRIPTION_ID } from '../../../src/modules/webhooks/cdn-purge.js'
import { newSecret } from '../../../src/modules/webhooks/signing.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'
import { startReceiver, until, type Received } from '../../helpers/webhook-receiver.js'

// The CDN purge hook: each change POSTs the cache tags to purge, signed and retried through
// the webhook queue.

const WORKER = { WEBHOOK_WORKER: true, WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_POLL_MS: 50, WEBHOOK_TIMEOUT_MS: 2_000, WEBHOOK_RETRY_BASE_MS: 50, WEBHOOK_RETRY_MAX_DELAY_MS: 200 }
const tagsOf = (requests: Received[]): string[] => requests.flatMap((request) => request.json.data.tags as string[])

t.test('each change purges its tags at the configured URL, signed, retried until it is taken', async (t) => {
  // Down at first: the purge is retried, with the same message id, until the endpoint recovers.
  const receiver = await startReceiver(t, (_request, response, count) => { response.statusCode = count <= 2 ? 503 : 200; response.end() })
  const secret = newSecret()
  const app = await build(t, { ...WORKER, CDN_PURGE_URL: receiver.url, CDN_PURGE_SECRET: secret })
  const writer = await authHeaders(app, 'content:write')
  const story = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Purged', status: 'published', topics: [{ name: 'Ports' }] } })).json()
  await until('the purge for the new story', async () => tagsOf(receiver.received.filter((r) => r.headers['webhook-id'] !== undefined)).includes(`a:${story.id}`) &&
    receiver.received.at(-1)!.json.data.tags.includes(`a:${story.id}`) && receiver.received.length >= 3)
  const attempts = receiver.received.filter((r) => r.json.data.tags.includes(`a:${story.id}`))
  t.ok(attempts.length >= 1)
  const last = receiver.received.at(-1)!
  t.equal(last.json.type, 'cdn.purge')
  t.equal(last.json.data.all, false)
  t.ok(last.json.data.tags.includes('list:articles'), 'the lists that show it are purged too')
  t.doesNotThrow(() => new Webhook(secret).verify(last.body, last.headers as Record<string, string>), 'signed as Standard Webhooks says')
  const ids = new Set(receiver.received.filter((r) => r.json.data.tags.includes(`a:${story.id}`)).map((r) => r.headers['webhook-id']))
  t.equal(ids.size, 1, 'retries send the same message')

  // An edit purges that story (and search), not the article lists.
  const before = receiver.received.length
  await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { body: ['Edited.'] } })
  await receiver.waitFor(before + 1)
  await until('the edit purge', async () => tagsOf(receiver.received.slice(before)).includes(`a:${story.id}`))
  const purged = tagsOf(receiver.received.slice(before))
  t.notOk(purged.includes('list:articles'), `a body edit leaves the lists alone (${purged.join(' ')})`)

  // A draft's changes purge nothing (no public answer showed them).
  const quiet = receiver.received.length
  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Secret', status: 'draft' } })
  await new Promise((resolve) => setTimeout(resolve, 400))
  t.equal(receiver.received.length, quiet, 'no purge for a draft')

  // The hook is configuration, not a subscription the admin routes show or change.
  const admin = await authHeaders(app, 'admin')
  t.same((await app.inject({ url: '/v1/webhooks', headers: admin })).json().data, [])
  t.equal((await app.inject({ url: `/v1/webhooks/${CDN_PURGE_SUBSCRIPTION_ID}`, headers: admin })).statusCode, 404)

  // Started without the variable, an instance leaves the hook alone: one instance deployed
  // without it must not switch purging off for the fleet.
  await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { body: ['Edited again.'] } })
  const plain = await buildApp({ config: testConfig, databaseUrl: app.pool.options.connectionString! })
  await plain.ready()
  await plain.close()
  t.equal((await app.pool.query("SELECT 1 FROM webhook_subscriptions WHERE kind = 'cdn-purge' AND status = 'active'")).rowCount, 1, 'unset: the hook stays')
  await until('the purge queued meanwhile is delivered', async () =>
    (await app.pool.query("SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND status <> 'delivered'", [CDN_PURGE_SUBSCRIPTION_ID])).rowCount === 0)

  // CDN_PURGE_URL=off is what removes it, with its queued purges.
  const off = await buildApp({ config: { ...testConfig, CDN_PURGE_URL: 'off' }, databaseUrl: app.pool.options.connectionString! })
  await off.ready()
  await off.close()
  t.equal((await app.pool.query("SELECT 1 FROM webhook_subscriptions WHERE kind = 'cdn-purge'")).rowCount, 0, 'off: the hook is removed')
})

t.test('the purge hook is never disabled for failing: purges resume when the endpoint does', async (t) => {
  let down = true
  const receiver = await startReceiver(t, (_request, response) => { response.statusCode = down ? 503 : 200; response.end() })
  // Give up on a delivery at once, and (for a webhook) disable after one given up.
  const app = await build(t, { ...WORKER, WEBHOOK_MAX_ATTEMPTS: 1, WEBHOOK_DISABLE_AFTER_FAILURES: 1, CDN_PURGE_URL: receiver.url, CDN_PURGE_SECRET: newSecret() })
  const writer = await authHeaders(app, 'content:write')
  const first = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'While the CDN is down', status: 'published' } })).json()
  await until('the purge is given up', async () =>
    (await app.pool.query("SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'failed'", [CDN_PURGE_SUBSCRIPTION_ID])).rowCount! > 0)
  const hook = (await app.pool.query('SELECT status, failed_deliveries_in_a_row AS failures FROM webhook_subscriptions WHERE id = $1', [CDN_PURGE_SUBSCRIPTION_ID])).rows[0]
  t.match(hook, { status: 'active' }, 'still active after a purge given up')
  t.ok(hook.failures >= 1, 'the failure is counted')

  down = false
  const second = (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'After the CDN is back', status: 'published' } })).json()
  await until('the next change is purged', async () => tagsOf(receiver.received).includes(`a:${second.id}`))
  t.ok(tagsOf(receiver.received).includes(`a:${first.id}`), 'the first purge was tried')
})

t.test('CDN_PURGE_URL needs a secret to sign with', async (t) => {
  t.throws(() => loadConfig({ CDN_PURGE_URL: 'https://purge.example.com/' }), /CDN_PURGE_SECRET/)
  t.throws(() => loadConfig({ CDN_PURGE_URL: 'https://purge.example.com/', CDN_PURGE_SECRET: 'not-a-secret' }), /CDN_PURGE_SECRET/)
  t.equal(loadConfig({ CDN_PURGE_URL: 'https://purge.example.com/', CDN_PURGE_SECRET: newSecret() }).CDN_PURGE_URL, 'https://purge.example.com/')
  t.equal(loadConfig({ CDN_PURGE_URL: 'off' }).CDN_PURGE_URL, 'off', '`off` needs no secret')
  t.throws(() => loadConfig({ CDN_PURGE_URL: 'of' }), /CDN_PURGE_URL/)
})
