import type { FastifyInstance } from 'fastify'
import t from 'tap'
import type { Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { createApiKey } from '../../../src/modules/keys/api-keys.js'
import { testConfig } from '../../helpers/app.js'
import { createTestDatabase } from '../../helpers/database.js'
import { startReceiver, until, type Received } from '../../helpers/webhook-receiver.js'

// An instance whose webhook worker has no subscription to serve does nothing per commit: it
// stops listening for commits, and hears of the subscription that ends that on the workers'
// channel (migration 030). Here instance A takes the writes and has no worker; instance B runs
// the only worker, polling too seldom to matter, so all B learns it learns from notifications.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const ONLY_NOTIFICATIONS = { WEBHOOK_WORKER: true, WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_POLL_MS: 600_000, WEBHOOK_TIMEOUT_MS: 2_000 }

/** Two instances on one new database: A (no worker) and B (the worker), with B's fan-out passes counted. */
async function twoInstances (t: Test) {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const a = await buildApp({ config: { ...testConfig, WEBHOOK_ALLOW_PRIVATE: true }, databaseUrl: database.url })
  t.teardown(() => a.close())
  await a.ready()
  const b = await buildApp({ config: { ...testConfig, ...ONLY_NOTIFICATIONS }, databaseUrl: database.url })
  t.teardown(() => b.close())
  // Each fan-out pass starts by asking whether any subscription is served (dispatcher.ts).
  const passes = countQueries(b, 'webhook-any-served')
  await b.ready()
  await until('B\'s first fan-out pass', async () => passes() > 0)
  const admin = { authorization: `Bearer ${(await createApiKey(a.db, { name: 'admin', scopes: ['admin'] })).key}` }
  const writer = { authorization: `Bearer ${(await createApiKey(a.db, { name: 'writer', scopes: ['content:write'] })).key}` }
  let saved = 0
  const save = async (): Promise<string> => {
    const response = await a.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: `Tide tables for week ${++saved}`, status: 'published' } })
    t.equal(response.statusCode, 201, `story ${saved} saved through A`)
    return response.json().id as string
  }
  return { a, b, admin, save, passes }
}

/** The count once it has stopped moving for half a second (a pass under way, on a loaded machine, ends first). */
async function settled (count: () => number): Promise<number> {
  for (let before = count(); ; before = count()) {
    await sleep(500)
    if (count() === before) return before
  }
}

/** The ids of every resource the receiver has heard of, in the order delivered. */
function deliveredStories (received: Received[]): string[] {
  return received.flatMap((request) => (request.json?.data?.events ?? []).map((event: { resourceId: string }) => event.resourceId))
}

/** How many times the instance's primary pool has run the named statement since now. */
function countQueries (app: FastifyInstance, name: string): () => number {
  const pool = app.databaseLanes().primary!
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown
  let count = 0
  pool.query = ((...args: unknown[]) => {
    const [config] = args
    if (typeof config === 'object' && config !== null && (config as { name?: string }).name === name) count++
    return query(...args)
  }) as typeof pool.query
  return () => count
}

t.test('with no subscription an instance does no fan-out per commit, and delivers once one is made through another instance', async (t) => {
  const { a, admin, save, passes } = await twoInstances(t)
  const idle = await settled(passes)
  for (let i = 0; i < 10; i++) await save()
  await sleep(500)
  t.equal(passes(), idle, 'ten commits, no fan-out pass on B')

  const receiver = await startReceiver(t)
  const created = await a.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: receiver.url } })
  t.equal(created.statusCode, 201)
  const story = await save()
  const [delivery] = await receiver.waitFor(1)
  t.equal(delivery!.json.type, 'content.changed')
  // A story saved as published is two events (created, published): both of the one story.
  t.same([...new Set(delivery!.json.data.events.map((event: { resourceId: string }) => event.resourceId))], [story], 'B delivered the commit made after the subscription, and none before it')
  t.ok(passes() > idle, 'B fans out again')

  const following = passes()
  const later: string[] = []
  for (let i = 0; i < 3; i++) later.push(await save())
  // A pass that finds several commits waiting sends their events in one request (batching), so count stories, not requests.
  await until('the three later stories\' deliveries', async () => later.every((id) => deliveredStories(receiver.received).includes(id)))
  t.ok(passes() >= following + 1, 'and follows every commit while it has a subscription')
})

t.test('a paused subscription keeps its events queueing; one disabled leaves the instance idle until it is resumed', async (t) => {
  const { a, b, admin, save, passes } = await twoInstances(t)
  const receiver = await startReceiver(t)
  const { id } = (await a.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: receiver.url } })).json()
  t.equal((await a.inject({ method: 'PATCH', url: `/v1/webhooks/${id}`, headers: admin, payload: { status: 'paused' } })).statusCode, 200)
  await save()
  await until('the paused subscription\'s delivery is queued', async () =>
    (await b.pool.query('SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1', [id])).rowCount === 1)
  t.equal(receiver.received.length, 0, 'and held')

  // Disabled (as after repeated failures): the next commit's pass finds nothing served, and B stops following commits.
  await b.pool.query("UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = 'test', disabled_at = now() WHERE id = $1", [id])
  const whileDisabled = [await save()]
  const idle = await settled(passes)
  for (let i = 0; i < 5; i++) whileDisabled.push(await save())
  await sleep(500)
  t.equal(passes(), idle, 'five commits, no fan-out pass on B')

  t.equal((await a.inject({ method: 'PATCH', url: `/v1/webhooks/${id}`, headers: admin, payload: { status: 'active' } })).statusCode, 200, 'resumed through A')
  const afterResume = await save()
  await until('the resumed subscription\'s delivery', async () => deliveredStories(receiver.received).includes(afterResume))
  const delivered = deliveredStories(receiver.received)
  t.notOk(whileDisabled.some((story) => delivered.includes(story)), 'none of the commits made while it was disabled')
  t.ok(passes() > idle, 'B fans out again')
})
