import t from 'tap'
import type { Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { createApiKey } from '../../../src/modules/keys/api-keys.js'
import { testConfig } from '../../helpers/app.js'
import { createTestDatabase } from '../../helpers/database.js'
import { exitOf, startServer } from '../../helpers/server-process.js'
import { startReceiver, until } from '../../helpers/webhook-receiver.js'

// Several instances on one database, as in production: each runs the webhook worker.

const WORKER = { WEBHOOK_WORKER: true, WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_POLL_MS: 50, WEBHOOK_TIMEOUT_MS: 1_000, WEBHOOK_RETRY_BASE_MS: 50, WEBHOOK_RETRY_MAX_DELAY_MS: 200 }

async function instance (t: Test, databaseUrl: string, config: Partial<typeof testConfig> = {}) {
  const app = await buildApp({ config: { ...testConfig, ...config }, databaseUrl })
  t.teardown(() => app.close())
  await app.ready()
  return app
}

t.test('kill -9 mid-delivery: the lease expires and another instance completes the delivery', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const child = await startServer({
    DATABASE_URL: database.url, SEED_SAMPLE_CONTENT: 'false',
    ...Object.fromEntries(Object.entries(WORKER).map(([key, value]) => [key, String(value)]))
  })
  t.teardown(() => { child.child.kill('SIGKILL') })
  const admin = await instance(t, database.url, { WEBHOOK_ALLOW_PRIVATE: true })
  const headers = { authorization: `Bearer ${(await createApiKey(admin.db, { name: 'admin', scopes: ['admin'] })).key}` }

  // The first request arrives at the receiver from the child: kill it there, with the request open.
  const receiver = await startReceiver(t, (_request, response, count) => {
    if (count === 1) { child.child.kill('SIGKILL'); setTimeout(() => response.destroy(), 100); return }
    response.end('ok')
  })
  const { id } = (await admin.inject({ method: 'POST', url: '/v1/webhooks', headers, payload: { url: receiver.url } })).json()
  const queued = (await admin.inject({ method: 'POST', url: `/v1/webhooks/${id}/ping`, headers })).json()
  await receiver.waitFor(1).catch((error: Error) => { throw new Error(`${error.message}; the child said:\n${child.output()}`) })
  t.equal(await exitOf(child.child), null, 'the delivering process was killed')
  const orphan = await admin.db.webhookDelivery.findUniqueOrThrow({ where: { id: queued.id } })
  t.match(orphan, { status: 'delivering', attempts: 1 }, 'its attempt was left under way')
  t.ok(orphan.leaseExpiresAt!.getTime() > Date.now(), 'with a lease that has not expired yet')

  await instance(t, database.url, WORKER)
  const [first, second] = await receiver.waitFor(2, 20_000)
  await until('delivered', async () => (await admin.db.webhookDelivery.findUniqueOrThrow({ where: { id: queued.id } })).status === 'delivered')
  const done = await admin.db.webhookDelivery.findUniqueOrThrow({ where: { id: queued.id } })
  t.match(done, { status: 'delivered', attempts: 2, responseStatus: 200 })
  t.ok(second!.at >= orphan.leaseExpiresAt!.getTime() - 50, 'not before the lease expired')
  t.equal(second!.headers['webhook-id'], first!.headers['webhook-id'], 'the same message, as its next attempt')
})

t.test('two instances delivering together never send one attempt twice, and keep each subscription in order', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const one = await instance(t, database.url, WORKER)
  await instance(t, database.url, WORKER)
  const headers = { authorization: `Bearer ${(await createApiKey(one.db, { name: 'admin', scopes: ['admin'] })).key}` }
  const receiver = await startReceiver(t, (_request, response) => { setTimeout(() => response.end('ok'), Math.random() * 20) })

  const queued = new Map<string, string[]>()
  for (let s = 0; s < 4; s++) {
    const { id } = (await one.inject({ method: 'POST', url: '/v1/webhooks', headers, payload: { url: `${receiver.url}?subscription=${s}` } })).json()
    queued.set(id, [])
  }
  for (let i = 0; i < 10; i++) {
    for (const [id, list] of queued) list.push((await one.inject({ method: 'POST', url: `/v1/webhooks/${id}/ping`, headers })).json().webhookIdHeader)
  }
  const requests = await receiver.waitFor(40, 30_000)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(receiver.received.length, 40, 'forty deliveries, forty requests')
  t.equal(new Set(requests.map((r) => r.headers['webhook-id'])).size, 40, 'no message sent twice')
  for (const [id, list] of queued) {
    const arrived = requests.filter((r) => r.json.data.subscriptionId === id).map((r) => r.headers['webhook-id'])
    t.same(arrived, list, 'each subscription received its deliveries in order')
  }
  // A delivery is recorded after its receiver answered: wait for the last record, not a fixed pause.
  await until('every delivery is recorded', async () => (await one.db.webhookDelivery.count({ where: { status: { not: 'delivered' } } })) === 0)
  const rows = await one.db.webhookDelivery.findMany({ select: { status: true, attempts: true } })
  t.ok(rows.every((row) => row.status === 'delivered' && row.attempts === 1), 'every delivery: delivered at the first attempt')
})
