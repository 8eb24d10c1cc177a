// `npm test`: runs tap against real Postgres. With DATABASE_URL set, that server hosts the
// test databases; otherwise an embedded Postgres is started for the run and stopped after.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js'

async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

const external = process.env.DATABASE_URL
const embedded = external
  ? undefined
  : await startEmbeddedPostgres({ dir: '.data/test-postgres', port: await freePort(), database: 'postgres' })
const serverUrl = external ?? embedded!.url
console.log(`# tests run on ${external ? 'DATABASE_URL' : 'an embedded Postgres'} (${new URL(serverUrl).host})`)

const tap = spawn('npx', ['tap', ...process.argv.slice(2)], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, TEST_DATABASE_URL: serverUrl }
})
// Pass tap's report through, and end with a plain "N passed, N failed" line that any CI can read.
let tail = ''
tap.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk)
  tail = (tail + chunk.toString()).slice(-4000)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => tap.kill(signal))
const code: number = await new Promise((resolve) => tap.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))))
await embedded?.stop()
const totals = /# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?(?:, skip: (\d+))?/.exec(tail)
if (totals) console.log(`tests: ${totals[2]} passed, ${totals[3] ?? 0} failed, ${totals[4] ?? 0} skipped`)
process.exit(code)
