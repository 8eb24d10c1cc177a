import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { embeddedDataDir, postgresRunningOn } from '../helpers/embedded-dir.js'
import { exitOf, freePort, startServer } from '../helpers/server-process.js'

const run = promisify(execFile)

/** `npm run keys -- ...args`, as a person would type it. */
async function keys (env: Record<string, string>, ...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], { env: { ...process.env, ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

t.test('without a server: create prints the key once, list never shows it, revoke by prefix; Postgres is stopped after', async (t) => {
  const dataDir = embeddedDataDir(t)
  const env = { DATABASE_URL: '', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }

  const created = await keys(env, 'create', '--name', 'first admin', '--scopes', 'admin')
  t.equal(created.code, 0, created.stderr)
  const key = created.stdout.trim()
  t.match(key, /^nd_[A-Za-z0-9_-]{32}$/, 'stdout is the key alone, for scripts')
  t.match(created.stderr, /shown this once/)

  const listed = await keys(env, 'list', '--json')
  const rows = JSON.parse(listed.stdout) as Record<string, unknown>[]
  t.equal(rows.length, 1)
  t.match(rows[0], { name: 'first admin', scopes: ['admin'], prefix: key.slice(0, 10), revokedAt: null })
  t.notOk('hash' in rows[0]!, 'no hash is listed')
  t.notOk(listed.stdout.includes(key), 'the key is not listed')

  const revoked = await keys(env, 'revoke', key.slice(0, 10))
  t.equal(revoked.code, 0, revoked.stderr)
  t.match(revoked.stdout, /Revoked/)
  t.match(JSON.parse((await keys(env, 'list', '--json')).stdout), [{ revokedAt: String }])
  t.notOk(postgresRunningOn(dataDir), 'the CLI stops the embedded Postgres it started')

  t.match(await keys(env, 'create', '--name', 'x', '--scopes', 'root'), { code: 2, stderr: /unknown: root/ })
  t.match(await keys(env, 'revoke', 'nd_nothing'), { code: 1, stderr: /No single key/ })
})

t.test('with the server running on the same embedded Postgres: the CLI shares it, and its keys work at once', async (t) => {
  const dataDir = embeddedDataDir(t)
  const env = { DATABASE_URL: '', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), SEED_SAMPLE_CONTENT: 'false' }
  const server = await startServer(env)
  t.teardown(() => { server.child.kill('SIGKILL') })

  const created = await keys(env, 'create', '--name', 'ops', '--scopes', 'admin')
  t.equal(created.code, 0, created.stderr)
  t.match(created.stderr, /already running .*sharing it/)
  const authorization = `Bearer ${created.stdout.trim()}`
  const listed = await fetch(`${server.baseUrl}/v1/keys`, { headers: { authorization } })
  t.equal(listed.status, 200, 'the server accepts the key the CLI just made')
  t.equal((await fetch(`${server.baseUrl}/health`)).status, 200, 'the server is unaffected by the CLI leaving')
  t.ok(postgresRunningOn(dataDir), 'the CLI left the server\'s Postgres running')

  t.equal((await keys(env, 'revoke', created.stdout.trim().slice(0, 10))).code, 0)
  t.equal((await fetch(`${server.baseUrl}/v1/keys`, { headers: { authorization } })).status, 401, 'a revoked key stops working at once')

  server.child.kill('SIGINT')
  t.equal(await exitOf(server.child), 0)
  t.notOk(postgresRunningOn(dataDir), 'the server, its owner, stops Postgres')
})
