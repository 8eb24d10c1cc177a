import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import t from 'tap'
import { EMBEDDED_SETTINGS, PASSWORD_FILE, startEmbeddedPostgres } from '../../src/db/embedded-postgres.js'
import { embeddedDataDir, postgresRunningOn } from '../helpers/embedded-dir.js'
import { exitOf, freePort, startServer } from '../helpers/server-process.js'

// What `npm start` runs: the bundle `npm test` builds first.
const NPM_START = { asNpmStart: true }

t.test('a server started while another process runs the embedded Postgres shares it; the last one out stops it', async (t) => {
  const dataDir = embeddedDataDir(t)
  const port = await freePort()
  // This test process plays the other owner (as `npm run keys` would).
  const first = await startEmbeddedPostgres({ dir: dataDir, port })
  t.teardown(first.stop)
  t.equal(first.shared, false)

  const server = await startServer({ DATABASE_URL: '', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), SEED_SAMPLE_CONTENT: 'false' }, NPM_START)
  t.teardown(() => { server.child.kill('SIGKILL') })
  t.match(server.output(), /already running .*port \d+\); sharing it/)
  t.equal((await fetch(`${server.baseUrl}/ready`)).status, 200)

  await first.stop()
  t.ok(postgresRunningOn(dataDir), 'the first owner hands Postgres over instead of stopping it under the server')
  t.equal((await fetch(`${server.baseUrl}/ready`)).status, 200, 'the server keeps working')
  t.equal((await fetch(`${server.baseUrl}/v1/articles`)).status, 200)

  server.child.kill('SIGTERM')
  t.equal(await exitOf(server.child), 0)
  t.notOk(postgresRunningOn(dataDir), 'the last user stops Postgres')
})

t.test('a second start in the same process shares it too, and stopping both leaves nothing behind', async (t) => {
  const dataDir = embeddedDataDir(t)
  const first = await startEmbeddedPostgres({ dir: dataDir, port: await freePort() })
  const second = await startEmbeddedPostgres({ dir: dataDir, port: await freePort(), database: 'other' })
  t.equal(second.shared, true)
  t.equal(new URL(second.url).port, new URL(first.url).port, 'the port comes from postmaster.pid')
  const client = new pg.Client({ connectionString: second.url })
  await client.connect()
  for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
    t.equal((await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name], value, `the server runs with ${name}=${value}`)
  }
  await client.end()
  await second.stop()
  t.ok(postgresRunningOn(dataDir), 'a sharer does not stop the owner\'s Postgres')
  await first.stop()
  t.notOk(postgresRunningOn(dataDir))
})

/** Connects with this URL, or says why not (the Postgres error code). */
async function tryConnect (url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    return 'connected'
  } catch (error) {
    // Asked for a password it does not have, pg fails before sending one.
    return /password must be a string/.test((error as Error).message) ? 'password asked' : (error as { code?: string }).code ?? (error as Error).message
  } finally {
    await client.end().catch(() => {})
  }
}

const withoutPassword = (url: string): string => { const bare = new URL(url); bare.password = ''; return bare.toString() }

t.test('a new data folder is protected: a generated password in a 0600 file, and no login without it', async (t) => {
  const dataDir = embeddedDataDir(t)
  const embedded = await startEmbeddedPostgres({ dir: dataDir, port: await freePort() })
  t.teardown(embedded.stop)
  const file = path.join(dataDir, PASSWORD_FILE)
  t.equal(statSync(file).mode & 0o777, 0o600, 'only its owner may read the password')
  t.equal(new URL(embedded.url).password, encodeURIComponent(readFileSync(file, 'utf8').trim()))
  t.equal(await tryConnect(embedded.url), 'connected')
  t.equal(await tryConnect(withoutPassword(embedded.url)), 'password asked', 'no password: refused')
  const wrong = new URL(embedded.url); wrong.password = 'guess'
  t.equal(await tryConnect(wrong.toString()), '28P01', 'a wrong password: refused')
  t.notMatch(readFileSync(path.join(dataDir, 'pg_hba.conf'), 'utf8'), /^\s*host.*\btrust\s*$/m)
})

t.test('a folder made before passwords (trust) keeps its data and gets a password on its first start after upgrade', async (t) => {
  const dataDir = embeddedDataDir(t)
  const port = await freePort()
  const before = await startEmbeddedPostgres({ dir: dataDir, port })
  const client = new pg.Client({ connectionString: before.url })
  await client.connect()
  await client.query('CREATE TABLE kept (note text)')
  await client.query("INSERT INTO kept VALUES ('from before')")
  await client.end()
  await before.stop()
  // Make it what older versions left behind: trust for everyone, no password file.
  const hba = path.join(dataDir, 'pg_hba.conf')
  writeFileSync(hba, readFileSync(hba, 'utf8').replaceAll('scram-sha-256', 'trust'))
  rmSync(path.join(dataDir, PASSWORD_FILE))

  const after = await startEmbeddedPostgres({ dir: dataDir, port })
  t.teardown(after.stop)
  t.ok(existsSync(path.join(dataDir, PASSWORD_FILE)), 'a password was made')
  t.equal(statSync(path.join(dataDir, PASSWORD_FILE)).mode & 0o777, 0o600)
  t.equal(await tryConnect(withoutPassword(after.url)), 'password asked', 'trust is gone')
  const reader = new pg.Client({ connectionString: after.url })
  await reader.connect()
  t.same((await reader.query('SELECT note FROM kept')).rows, [{ note: 'from before' }], 'the data is still there')
  await reader.end()
})

t.test('another checkout\'s Postgres on the port is refused with a one-line message, never used', async (t) => {
  const port = await freePort()
  const otherDir = embeddedDataDir(t, 'other')
  const other = await startEmbeddedPostgres({ dir: otherDir, port })
  t.teardown(other.stop)

  const mine = embeddedDataDir(t, 'mine')
  await t.rejects(startEmbeddedPostgres({ dir: mine, port }), { message: new RegExp(`^Port ${port} \\(EMBEDDED_PG_PORT\\) is served by another Postgres, not the one in ${mine} .*set EMBEDDED_PG_PORT to a free port`) }, 'a protected other server refuses our password')

  // An older checkout's server that trusts everyone would let us in: the data folder gives it away.
  const hba = path.join(otherDir, 'pg_hba.conf')
  writeFileSync(hba, readFileSync(hba, 'utf8').replaceAll('scram-sha-256', 'trust'))
  const admin = new pg.Client({ connectionString: other.url })
  await admin.connect()
  await admin.query('SELECT pg_reload_conf()')
  await admin.end()
  await new Promise((resolve) => setTimeout(resolve, 300))
  const mine2 = embeddedDataDir(t, 'mine2')
  const refused = await startEmbeddedPostgres({ dir: mine2, port }).then(() => undefined, (error: Error) => error)
  t.match(refused?.message, /is served by another Postgres.*it serves .*other/)
  t.notOk(refused?.message.includes('\n'), 'one line')
  t.equal(await tryConnect(withoutPassword(other.url)), 'connected', 'the other server was left as it was')
  t.notOk(postgresRunningOn(mine2), 'nothing of ours is left running')
})
