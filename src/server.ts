import closeWithGrace from 'close-with-grace'
import 'dotenv/config'
import pino from 'pino'
import { loadConfig, type Config } from './config.js'
import { prepareDatabase, type PreparedDatabase } from './db/prepare.js'
import { seedSampleContent } from './db/sample-content.js'
import { explainStartupError } from './startup-errors.js'

// Start-up failures are for a person at a terminal: one or two plain lines that name the
// variable or resource and the fix (startup-errors.ts), exit code 1, no stack trace.
function stopStarting (error: unknown, context: Parameters<typeof explainStartupError>[1] = {}): never {
  console.error(explainStartupError(error, context))
  process.exit(1)
}

let config: Config
try {
  config = loadConfig()
} catch (error) {
  stopStarting(error)
}
// Pretty, human logs on a terminal; JSON lines everywhere else (containers, CI, log shippers).
// Those are written to stdout in batches of about 32 kB, and at least every 250 ms: pino's
// default stream hands each line, or the few that arrived meanwhile, to libuv's thread pool
// on its own (a thread woken, a write, the loop woken), which cost a story read about 0.04 ms
// of CPU, a sixth of the server's (bench/RESULTS.md, hotpath12); batches of 4 kB (about 14
// lines) still cost a speaker page or a story about 0.03 ms more than 32 kB ones (perf19).
// Still asynchronous, so a slow log reader never stalls the event loop; what is buffered is
// written out when the process exits. (sonic-boom wants maxWrite above minLength.)
const jsonLines = process.stdout.isTTY ? undefined : pino.destination({ dest: 1, minLength: 32_768, maxWrite: 65_536, periodicFlush: 250 })
const logger = {
  level: config.LOG_LEVEL,
  ...(jsonLines ? { stream: jsonLines } : { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } })
}

// The API's modules load while Postgres starts (and migrations are checked): start-up waits
// for the slower of the two, not for both in turn.
const preparing = prepareDatabase(config, (message) => console.error(`[database] ${message}`))
const loading = import('./app.js')
let database: PreparedDatabase
try {
  database = await preparing
} catch (error) {
  stopStarting(error, { databaseUrl: config.DATABASE_URL })
}
const { buildApp } = await loading
const app = await buildApp({ config, databaseUrl: database.url, logger }).catch(async (error: unknown) => {
  await database.stop().catch(() => {})
  return stopStarting(error, { databaseUrl: config.DATABASE_URL })
})
app.server.keepAliveTimeout = 5_000
app.server.headersTimeout = Math.min(10_000, config.REQUEST_TIMEOUT_MS)
app.server.requestTimeout = config.REQUEST_TIMEOUT_MS

// On SIGINT/SIGTERM: stop accepting, let in-flight requests finish, close the pool, then stop Postgres.
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
  await database.stop()
})

try {
  if (config.SEED_SAMPLE_CONTENT) {
    const { seeded } = await seedSampleContent(app.db, app.pool)
    if (seeded) app.log.info('loaded the sample content into the empty database')
  }
  // Fastify logs a line per interface; one line that says it all is printed instead.
  const level = app.log.level
  app.log.level = 'warn'
  try {
    await app.listen({ host: config.HOST, port: config.PORT })
  } finally {
    app.log.level = level
  }
  const { port } = app.server.address() as { port: number }
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.HOST) ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST
  const url = `http://${host}:${port}`
  app.log.info(`Server listening at ${url} · docs ${url}/docs · database: ${database.description}`)
  // Whoever waits for this line (a supervisor, a test) gets it now, not with the next batch.
  jsonLines?.flush()
} catch (error) {
  await app.close().catch(() => {})
  await database.stop().catch(() => {})
  stopStarting(error, { databaseUrl: config.DATABASE_URL, host: config.HOST, port: config.PORT })
}
