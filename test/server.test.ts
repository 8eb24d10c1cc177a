import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { hashKey } from '../src/modules/keys/api-keys.js'
import { createTestDatabase } from './helpers/database.js'
import { exitOf, freePort, runUntilExit, startServer } from './helpers/server-process.js'
import { startReceiver } from './helpers/webhook-receiver.js'

// What `npm start` runs: the bundle `npm test` builds first.
const NPM_START = { asNpmStart: true }

function postgresRunningOn (dataDir: string): boolean {
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
  return processes.split('\n').some((line) => line.includes('postgres') && line.includes(dataDir))
}

t.test('with no DATABASE_URL: embedded Postgres, sample content, clean Ctrl-C, orphan recovery', async (t) => {
  // A folder every user can traverse, as the embedded server may run as the postgres user.
  const parent = mkdtempSync(path.join(tmpdir(), 'newsdesk-server-test-'))
  chmodSync(parent, 0o755)
  const dataDir = path.join(parent, 'pg')
  t.teardown(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }))
  const env = { DATABASE_URL: '', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }

  const first = await startServer(env, NPM_START)
  t.same(await (await fetch(`${first.baseUrl}/health`)).json(), { status: 'ok' })
  const list = await (await fetch(`${first.baseUrl}/v1/articles`)).json() as { data: { title: string, section: string }[] }
  t.equal(list.data.length, 1, 'the sample story is served')
  t.match(list.data[0], { title: 'Allies have the capabilities to strike from afar against terrorist threats: NATO', section: 'Latest News' })

  // kill -9 leaves Postgres behind; the next start must clear it.
  first.child.kill('SIGKILL')
  await exitOf(first.child)
  t.ok(postgresRunningOn(dataDir), 'an orphaned postgres is left by kill -9')

  const second = await startServer(env, NPM_START)
  const again = await (await fetch(`${second.baseUrl}/v1/articles`)).json() as { data: unknown[] }
  t.equal(again.data.length, 1, 'restarting does not seed the sample story twice')

  second.child.kill('SIGINT')
  t.equal(await exitOf(second.child), 0, 'Ctrl-C exits cleanly')
  t.notOk(postgresRunningOn(dataDir), 'no postgres is left behind')
})

t.test('with DATABASE_URL: uses it, and SIGTERM lets an in-flight request finish', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const server = await startServer({ DATABASE_URL: database.url }, NPM_START)
  t.teardown(() => { server.child.kill('SIGKILL') })

  // Hold a lock so the request is provably still running when SIGTERM arrives.
  const blocker = new pg.Client({ connectionString: database.url })
  await blocker.connect()
  await blocker.query('BEGIN; LOCK TABLE articles IN ACCESS EXCLUSIVE MODE')
  const inFlight = fetch(`${server.baseUrl}/v1/articles?limit=100`)
  await new Promise((resolve) => setTimeout(resolve, 300))
  server.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 300))
  await blocker.query('COMMIT')
  await blocker.end()
  const response = await inFlight
  t.equal(response.status, 200, 'the request under way is answered')
  t.equal(await exitOf(server.child), 0)
  await t.rejects(fetch(`${server.baseUrl}/health`), 'new connections are refused once it has stopped')
})

t.test('a bad setting stops start-up with a message naming the variable', async (t) => {
  await t.rejects(startServer({ PORT: 'eighty' }, NPM_START), /PORT must be integer/)
})

t.test('SIGTERM under load: every in-flight request is answered, new connections are refused, exit 0', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const server = await startServer({ DATABASE_URL: database.url }, NPM_START)
  t.teardown(() => { server.child.kill('SIGKILL') })
  await (await fetch(`${server.baseUrl}/v1/articles`)).text() // warm up

  const blocker = new pg.Client({ connectionString: database.url })
  await blocker.connect()
  await blocker.query('BEGIN; LOCK TABLE articles IN ACCESS EXCLUSIVE MODE')
  const inFlight = Array.from({ length: 20 }, (_, i) => fetch(`${server.baseUrl}/v1/articles?limit=${i + 1}`).then(async (response) => {
    await response.arrayBuffer()
    return response.status
  }, (error: Error) => error.message))
  await new Promise((resolve) => setTimeout(resolve, 500))
  server.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 300))
  const refused = await fetch(`${server.baseUrl}/health`).then((response) => `answered ${response.status}`, (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message)
  t.equal(refused, 'ECONNREFUSED', 'a new connection is refused once shutdown began')
  await blocker.query('COMMIT')
  await blocker.end()
  t.same(await Promise.all(inFlight), Array(20).fill(200), 'all 20 requests under way were answered')
  t.equal(await exitOf(server.child), 0)
})

t.test('start-up failures are one or two plain lines naming the variable and the fix, exit 1, no stack', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const unused = await freePort()
  const taken = createServer().listen(0, '127.0.0.1')
  await once(taken, 'listening')
  t.teardown(() => { taken.close() })
  const takenPort = (taken.address() as { port: number }).port
  const nobody = new URL(database.url)
  nobody.username = 'no_such_role_here'
  nobody.password = 'x'
  const cases: [string, Record<string, string>, RegExp][] = [
    ['PORT=abc', { PORT: 'abc', DATABASE_URL: database.url }, /^Newsdesk could not start: Invalid configuration: PORT must be integer\. See \.env\.example/],
    ['TRUST_PROXY=maybe', { PORT: '0', TRUST_PROXY: 'maybe', DATABASE_URL: database.url }, /^Newsdesk could not start: Invalid configuration: TRUST_PROXY must be true, false, a hop count or .*\(got "maybe"\)/],
    ['unreachable DATABASE_URL', { PORT: '0', DATABASE_URL: `postgresql://postgres@127.0.0.1:${unused}/newsdesk` }, new RegExp(`^Cannot reach the database in DATABASE_URL \\(postgres@127\\.0\\.0\\.1:${unused}/newsdesk\\): ECONNREFUSED\\.\\nStart Postgres there or fix DATABASE_URL`)],
    ['wrong login in DATABASE_URL', { PORT: '0', DATABASE_URL: nobody.toString() }, /^The database in DATABASE_URL \(no_such_role_here@.*\) refused the login: .*\nFix the user name or password in DATABASE_URL\./],
    ['port in use', { PORT: String(takenPort), DATABASE_URL: database.url, SEED_SAMPLE_CONTENT: 'false' }, new RegExp(`^Port ${takenPort} \\(PORT\\) is already in use on 127\\.0\\.0\\.1 \\(HOST\\): stop what runs there, or set PORT to a free port\\.`)]
  ]
  for (const [what, env, expected] of cases) {
    const { code, output } = await runUntilExit(env, NPM_START)
    t.equal(code, 1, `${what}: exit 1`)
    const lines = output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('[database]') && !line.startsWith('{'))
    t.match(lines.join('\n'), expected, `${what}: says what and how to fix it`)
    t.ok(lines.length <= 2, `${what}: one or two lines (${lines.length})`)
    t.notMatch(output, /^\s+at /m, `${what}: no stack trace`)
    t.notOk(output.includes(':x@'), `${what}: no password`)
  }
})

t.test('a started server prints one line with its URL, its docs and its database, and GET / links to them', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const server = await startServer({ DATABASE_URL: database.url, SEED_SAMPLE_CONTENT: 'false' }, NPM_START)
  t.teardown(() => { server.child.kill('SIGKILL') })
  const port = new URL(server.baseUrl).port
  const listening = server.output().split('\n').filter((line) => line.includes('Server listening'))
  t.equal(listening.length, 1, 'one line')
  const described = new URL(database.url)
  t.match(listening[0], `Server listening at http://localhost:${port} · docs http://localhost:${port}/docs · database: DATABASE_URL (${described.username}@${described.host}${described.pathname})`)
  if (described.password) t.notOk(server.output().includes(described.password), 'no password printed')

  const index = await fetch(`${server.baseUrl}/`)
  t.equal(index.status, 200)
  const links = await index.json() as Record<string, string>
  t.match(links, { docs: '/docs', openapi: '/openapi.json', health: '/health', ready: '/ready', api: '/v1' })
  for (const link of [links.docs, links.openapi, links.health, links.ready]) t.equal((await fetch(`${server.baseUrl}${link}`)).status, 200, `${link} answers`)
})

t.test('the bundle sends webhooks: a ping reaches its receiver (undici loads outside the bundle)', async (t) => {
  // Inside the bundle, undici's dynamic import gave only a `default`: every attempt failed with
  // "Agent is not a constructor", and the tests of the sources could not see it.
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const receiver = await startReceiver(t)
  const server = await startServer({ DATABASE_URL: database.url, SEED_SAMPLE_CONTENT: 'false', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_MS: '100' }, NPM_START)
  t.teardown(() => { server.child.kill('SIGKILL') })

  const key = `nd_${randomBytes(24).toString('base64url')}`
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  await client.query('INSERT INTO api_keys (name, prefix, hash, scopes) VALUES ($1, $2, $3, $4)', ['server test admin', key.slice(0, 10), hashKey(key), ['admin']])
  await client.end()
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }

  const made = await fetch(`${server.baseUrl}/v1/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: receiver.url }) })
  t.equal(made.status, 201)
  const { id } = await made.json() as { id: string }
  const ping = await fetch(`${server.baseUrl}/v1/webhooks/${id}/ping`, { method: 'POST', headers: { authorization: headers.authorization } })
  t.equal(ping.status, 202)
  const [received] = await receiver.waitFor(1, 30_000)
  t.match(received?.json, { type: 'webhook.ping' }, 'the receiver got the signed ping')
  t.ok(received?.headers['webhook-signature'], 'signed')
})
