import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Issue #15: writes are shed last. A queue of saves waiting for the writers' connections is
// not overload: each waits its turn (up to WRITE_QUEUE_TIMEOUT_MS), where it used to get a 503
// after 5 s on a slow machine. A full queue (MAX_WRITE_WAITING) is overload, shed at once.

t.test('writes wait their turn for a writers\' connection; a full write queue sheds at once', async (t) => {
  const app = await build(t, { DATABASE_WRITE_POOL_SIZE: 1, MAX_WRITE_WAITING: 1 })
  const writer = await authHeaders(app, 'content:write')
  const create = (name: string) => app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name } })
  t.equal((await create('Warm-up')).statusCode, 201)

  // Another session holds the topics table: the first save takes the only writers' connection and waits on it.
  const blocker = await app.pool.connect()
  t.teardown(() => blocker.release())
  await blocker.query('BEGIN')
  await blocker.query('LOCK TABLE topics IN EXCLUSIVE MODE')
  const first = create('First in line')
  const waitsOnTopics = "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'topics'::regclass AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
  while ((await app.pool.query<{ n: number }>(waitsOnTopics)).rows[0]!.n === 0) await sleep(20)
  const second = create('Second in line')
  while (app.writerPool.waitingCount === 0) await sleep(20)

  const shed = await create('One too many')
  t.equal(shed.statusCode, 503, 'a write arriving at a full write queue is shed')
  t.match(shed.json(), { status: 503, type: 'urn:newsdesk:problem:overloaded', detail: /writes wait/ })
  t.ok(Number(shed.headers['retry-after']) > 0, 'with Retry-After')

  // Held longer than the writers' old 5 s wait: the queued save is still served.
  await sleep(6_000)
  await blocker.query('COMMIT')
  t.same([(await first).statusCode, (await second).statusCode], [201, 201], 'both queued saves succeed')
  t.equal((await create('After the queue')).statusCode, 201)
})
