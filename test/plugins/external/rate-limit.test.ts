import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { authHeaders, build, testConfig } from '../../helpers/app.js'
import { createTestDatabase } from '../../helpers/database.js'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

t.test('per client IP: RateLimit-* headers, then 429 problem+json with Retry-After; bad keys count too', async (t) => {
  const app = await build(t, { RATE_LIMIT_PER_IP: 3, RATE_LIMIT_PER_KEY: 5 })
  const first = await app.inject('/v1/articles')
  t.equal(first.headers['ratelimit-limit'], '3')
  t.equal(first.headers['ratelimit-remaining'], '2')
  t.ok(Number(first.headers['ratelimit-reset']) > 0)
  t.equal((await app.inject({ url: '/v1/articles', headers: { authorization: 'Bearer nd_' + 'x'.repeat(32) } })).statusCode, 401)
  t.equal((await app.inject('/v1/articles')).headers['ratelimit-remaining'], '0', 'the bad-key request was counted')
  const limited = await app.inject('/v1/articles')
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.match(limited.json(), { status: 429, title: 'Too Many Requests', detail: /limit is 3 per 60 s/ })
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After')

  t.equal((await app.inject({ url: '/v1/articles', remoteAddress: '203.0.113.9' })).statusCode, 200, 'another IP has its own budget')
  const keyed = await app.inject({ url: '/v1/articles', headers: await authHeaders(app, 'content:read-drafts') })
  t.equal(keyed.statusCode, 200, 'a valid key has its own budget, apart from its IP')
  t.equal(keyed.headers['ratelimit-limit'], '5')
})

t.test('a client cannot get a fresh budget by naming another address: X-Forwarded-For without TRUST_PROXY, or another IPv6 address of its /64', async (t) => {
  const app = await build(t, { RATE_LIMIT_PER_IP: 2 })
  const from = (remoteAddress: string, headers: Record<string, string> = {}) => app.inject({ url: '/v1/articles', remoteAddress, headers })
  t.equal((await from('198.51.100.4', { 'x-forwarded-for': '192.0.2.1' })).statusCode, 200)
  t.equal((await from('198.51.100.4', { 'x-forwarded-for': '192.0.2.2' })).statusCode, 200)
  t.equal((await from('198.51.100.4', { 'x-forwarded-for': '192.0.2.3' })).statusCode, 429, 'X-Forwarded-For is not trusted unless TRUST_PROXY says so')

  // One subscriber line holds a whole /64: 2^64 addresses to rotate through.
  t.equal((await from('2001:db8:1:2::1')).statusCode, 200)
  t.equal((await from('2001:db8:1:2::2')).statusCode, 200)
  t.equal((await from('2001:db8:1:2:ffff:1:2:3')).statusCode, 429, 'another address in the same /64 shares its budget')
  t.equal((await from('2001:db8:1:3::1')).statusCode, 200, 'another /64 has its own')
  t.equal((await from('::ffff:198.51.100.9')).statusCode, 200, 'an IPv4-mapped address is its IPv4 address')
  t.equal((await from('::ffff:198.51.100.10')).statusCode, 200, 'and not lumped with its neighbours')
})

t.test('/health and /ready are never rate-limited, and do not use up the budget', async (t) => {
  const app = await build(t, { RATE_LIMIT_PER_IP: 2 })
  for (let i = 0; i < 5; i++) {
    for (const url of ['/health', '/ready']) {
      const probe = await app.inject(url)
      t.equal(probe.statusCode, 200, `${url} #${i + 1}`)
      t.notOk(probe.headers['ratelimit-limit'], `${url} carries no RateLimit-* headers`)
    }
  }
  t.equal((await app.inject('/v1/articles')).headers['ratelimit-remaining'], '1', 'the probes used none of the budget')
})

t.test('a key from an IP over its limit is refused with 429 before any database lookup; keys seen working keep their own budget', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const keyQueries: string[] = []
  const app = await buildApp({
    config: { ...testConfig, RATE_LIMIT_PER_IP: 2, RATE_LIMIT_PER_KEY: 5 },
    databaseUrl: database.url,
    onQuery: (event) => { if (/api_keys/.test(event.query)) keyQueries.push(event.query) }
  })
  t.teardown(() => app.close())
  const editor = await authHeaders(app, 'content:read-drafts')
  t.equal((await app.inject('/v1/articles')).statusCode, 200)
  t.equal((await app.inject('/v1/articles')).statusCode, 200)
  keyQueries.length = 0
  for (let i = 0; i < 5; i++) {
    const guess = await app.inject({ url: '/v1/articles', headers: { authorization: `Bearer nd_guess${i}${'x'.repeat(28)}` } })
    t.equal(guess.statusCode, 429, `guess ${i + 1} is a 429`)
    t.match(guess.headers['content-type'], /^application\/problem\+json/)
    t.ok(Number(guess.headers['retry-after']) > 0)
  }
  t.same(keyQueries, [], 'no guessed key was looked up')
  const keyed = await app.inject({ url: '/v1/articles', headers: editor })
  t.equal(keyed.statusCode, 200, 'a known key from the same IP has its own budget')
  t.equal(keyed.headers['ratelimit-limit'], '5')
  t.equal((await app.inject({ url: '/v1/articles', remoteAddress: '203.0.113.7', headers: { authorization: 'Bearer nd_' + 'y'.repeat(32) } })).statusCode, 401, 'another IP still gets its bad key checked')
})

async function redisReachable (): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0 })
  probe.on('error', () => {})
  const reachable = await probe.connect().then(() => probe.ping()).then(() => true, () => false)
  probe.disconnect()
  return reachable
}
const redisSkip = await redisReachable() ? false : `Redis is not reachable at ${REDIS_URL}: start it (.ci/run does) to run the shared rate-limit test`

t.test('with REDIS_URL, two instances enforce one shared limit', { skip: redisSkip }, async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  // A prefix of its own, so parallel runs on the same Redis do not share counters.
  const config = { ...testConfig, REDIS_URL, REDIS_KEY_PREFIX: `newsdesk-test:${randomBytes(6).toString('hex')}:`, RATE_LIMIT_PER_IP: 4 }
  const [one, two] = await Promise.all([buildApp({ config, databaseUrl: database.url }), buildApp({ config, databaseUrl: database.url })])
  t.teardown(async () => { await one.close(); await two.close() })
  const statuses: number[] = []
  for (const app of [one, two, one, two, one, two]) statuses.push((await app.inject('/v1/articles')).statusCode)
  t.same(statuses, [200, 200, 200, 200, 429, 429], 'the fifth request is refused whichever instance it reaches')
  t.equal((await two.inject('/v1/articles')).headers['ratelimit-remaining'], '0')
})
