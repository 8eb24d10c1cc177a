import t from 'tap'
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js'
import { embeddedDataDir, postgresRunningOn } from '../helpers/embedded-dir.js'
import { exitOf, freePort, startServer } from '../helpers/server-process.js'

t.test('a server started while another process runs the embedded Postgres shares it; the last one out stops it', async (t) => {
  const dataDir = embeddedDataDir(t)
  const port = await freePort()
  // This test process plays the other owner (as `npm run keys` would).
  const first = await startEmbeddedPostgres({ dir: dataDir, port })
  t.teardown(first.stop)
  t.equal(first.shared, false)

  const server = await startServer({ DATABASE_URL: '', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), SEED_SAMPLE_CONTENT: 'false' })
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
  await second.stop()
  t.ok(postgresRunningOn(dataDir), 'a sharer does not stop the owner\'s Postgres')
  await first.stop()
  t.notOk(postgresRunningOn(dataDir))
})
