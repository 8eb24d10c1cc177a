import Fastify, { type FastifyRequest } from 'fastify'
import { Writable } from 'node:stream'
import t from 'tap'
import { LOG_REDACTION, OneLinePerRequest, requestLogger } from '../../src/lib/request-logger.js'

/** A Fastify app logging as Newsdesk does, with a `req` serializer that (wrongly) logs the headers. */
async function app (level = 'info') {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line)); done() } })
  const fastify = Fastify({
    logger: { level, stream, redact: LOG_REDACTION, serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: req.url, headers: req.headers }) } },
    childLoggerFactory: requestLogger,
    logController: new OneLinePerRequest()
  })
  fastify.get('/quiet', async () => ({ ok: true }))
  fastify.get('/chatty', async (request) => {
    request.log.info({ step: 1 }, 'working')
    return { ok: true }
  })
  await fastify.ready()
  return { fastify, lines }
}

t.test('the line of an answer redacts Authorization even when a serializer logs the headers', async (t) => {
  const { fastify, lines } = await app()
  t.teardown(() => fastify.close())
  const secret = 'nd_live_secret_value'
  for (const url of ['/quiet', '/chatty']) await fastify.inject({ url, headers: { authorization: `Bearer ${secret}` } })
  const answers = lines.filter((line) => line.msg === 'request completed')
  t.equal(answers.length, 2)
  t.notOk(JSON.stringify(lines).includes(secret), 'no key in any line')
  for (const line of answers) t.match(line, { req: { headers: { authorization: '[redacted]' } }, res: { statusCode: 200 } })
})

t.test('the line of an answer is the same whether or not the request logged before it', async (t) => {
  const { fastify, lines } = await app()
  t.teardown(() => fastify.close())
  await fastify.inject({ url: '/quiet', headers: { 'x-probe': 'a' } })
  await fastify.inject({ url: '/chatty', headers: { 'x-probe': 'a' } })
  const [quiet, chatty] = lines.filter((line) => line.msg === 'request completed')
  // Same keys in the same order: the request id first, as a child logger's binding would be.
  t.same(Object.keys(quiet!), Object.keys(chatty!))
  t.same(Object.keys(quiet!).slice(0, 6), ['level', 'time', 'pid', 'hostname', 'reqId', 'req'])
  t.equal(lines.filter((line) => line.msg === 'working').length, 1)
})

t.test('no line of an answer below the info level, and none once the level is raised', async (t) => {
  const { fastify, lines } = await app('warn')
  t.teardown(() => fastify.close())
  await fastify.inject('/quiet')
  t.same(lines, [])
  fastify.log.level = 'info'
  await fastify.inject('/quiet')
  t.equal(lines.length, 1, 'a level lowered at run time is followed')
  fastify.log.level = 'error'
  await fastify.inject('/quiet')
  t.equal(lines.length, 1)
})
