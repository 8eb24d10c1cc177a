import { connect } from 'node:net'
import { Writable } from 'node:stream'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

/** A logger whose JSON lines land in `lines`. */
function capture (level = 'debug') {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line)); done() } })
  return { lines, logger: { level, stream } }
}
const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 }
const hasStack = (line: Record<string, unknown>) => JSON.stringify(line).includes('    at ')

t.test('a client that disconnects mid-upload is an info line without a stack, not a database outage', async (t) => {
  const log = capture()
  const app = await build(t, {}, { logger: log.logger })
  const { authorization } = await authHeaders(app, 'content:write')
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /v1/bulk/articles HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n{"title":"half a li`)
      setTimeout(() => { socket.destroy(); resolve() }, 300)
    })
  })
  await new Promise((resolve) => setTimeout(resolve, 500))
  const text = JSON.stringify(log.lines)
  t.notOk(/database unavailable/.test(text), 'no database outage is logged')
  const loud = log.lines.filter((line) => (line.level as number) >= LEVEL.warn)
  t.same(loud.map((line) => line.msg), [], 'nothing at warn or above')
  t.notOk(log.lines.some(hasStack), 'no stack trace')
  t.ok(log.lines.some((line) => /client disconnected/.test(String(line.msg)) && (line.level as number) <= LEVEL.info), 'one info line says the client went away')
})

t.test('a shed request is one warn line without a stack', async (t) => {
  const log = capture()
  const app = await build(t, { DATABASE_POOL_SIZE: 1, MAX_POOL_WAITING: 0 }, { logger: log.logger })
  const held = await app.pool.connect()
  const queued = [app.inject('/v1/articles?limit=1'), app.inject('/v1/articles?limit=2')]
  await new Promise((resolve) => setTimeout(resolve, 600)) // > the 250 ms check interval
  log.lines.length = 0
  const shed = await app.inject('/v1/articles')
  t.equal(shed.statusCode, 503)
  held.release()
  await Promise.all(queued)
  const about = log.lines.filter((line) => (line.level as number) >= LEVEL.warn)
  t.equal(about.length, 1, 'one line at warn or above')
  t.match(about[0], { level: LEVEL.warn, msg: /shed/ })
  t.notOk(log.lines.some(hasStack), 'no stack trace')
})

t.test('a request is one info line, when it is answered, with its method, URL, status and time', async (t) => {
  const log = capture('info')
  const app = await build(t, {}, { logger: log.logger })
  await app.inject('/v1/articles?limit=1')
  await app.inject('/v1/articles?limit=abc')
  const lines = log.lines.filter((line) => line.reqId !== undefined)
  t.same(lines.map((line) => line.msg), ['request completed', 'request completed'], 'no "incoming request" line')
  t.match(lines[0], { level: LEVEL.info, req: { method: 'GET', url: '/v1/articles?limit=1' }, res: { statusCode: 200 }, responseTime: Number })
  t.match(lines[1], { req: { url: '/v1/articles?limit=abc' }, res: { statusCode: 400 } })
})
