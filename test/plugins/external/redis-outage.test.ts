import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { Writable } from 'node:stream'
import t from 'tap'
import { build } from '../../helpers/app.js'

// With Redis unreachable, every request used to wait about 4 s for the rate limiter's
// command to time out, /health included. A Redis outage now costs a request nothing: the
// command fails at once, the limiter fails open, the client reconnects in the background,
// and the outage is logged once (and the recovery once), not per request.

async function closedPort (): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function until (condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (condition()) return true
  }
  return condition()
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0

t.test('an unreachable Redis costs a request nothing and is logged once', async (t) => {
  const port = await closedPort()
  const logs: { level: number, msg: string }[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { logs.push(JSON.parse(String(chunk))); done() } })
  const app = await build(t, { REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_PER_IP: 1000 }, { logger: { level: 'info', stream } })
  const outages = () => logs.filter((line) => line.msg.startsWith('Redis unavailable'))
  const recoveries = () => logs.filter((line) => line.msg.startsWith('Redis is back'))

  await app.inject('/health')
  const started = process.hrtime.bigint()
  for (let i = 0; i < 50; i++) t.equal((await app.inject('/health')).statusCode, 200)
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6
  t.ok(elapsedMs < 1000, `50 requests took ${Math.round(elapsedMs)} ms with Redis down (about 4 s each before)`)
  t.equal((await app.inject('/v1/articles')).statusCode, 200, 'content is served too')

  await new Promise((resolve) => setTimeout(resolve, 1500)) // several reconnect attempts fail meanwhile
  t.equal(outages().length, 1, 'one outage line, however many requests and reconnect attempts')
  t.match(outages()[0], { level: 40, msg: /rate limits are not enforced/ })
  t.equal(logs.filter((line) => /redis/i.test(line.msg)).length, 1, 'nothing else about Redis')

  if (!hasRedisServer) return t.comment('redis-server is not installed: recovery not checked')
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  t.teardown(() => { server.kill() })
  t.ok(await until(() => recoveries().length === 1, 5000), 'the recovery is logged once it reconnects')
  const counted = await app.inject('/v1/articles')
  t.equal(counted.headers['ratelimit-limit'], '1000', 'rate limits are counted in Redis again')
  t.equal(recoveries().length, 1)

  server.kill()
  t.ok(await until(() => outages().length === 2, 5000), 'a new outage is logged once more')
  const quick = process.hrtime.bigint()
  t.equal((await app.inject('/health')).statusCode, 200)
  t.ok(Number(process.hrtime.bigint() - quick) / 1e6 < 200, 'and still costs nothing')
})
