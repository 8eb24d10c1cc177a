import closeWithGrace from 'close-with-grace'
import 'dotenv/config'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { prepareDatabase } from './db/prepare.js'
import { seedSampleContent } from './db/sample-content.js'

const config = loadConfig()
// Pretty, human logs on a terminal; JSON lines everywhere else (containers, CI, log shippers).
const logger = {
  level: config.LOG_LEVEL,
  ...(process.stdout.isTTY && { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } })
}

const database = await prepareDatabase(config, (message) => console.error(`[database] ${message}`))
const app = await buildApp({ config, databaseUrl: database.url, logger })
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
    const { seeded } = await seedSampleContent(app.db)
    if (seeded) app.log.info('loaded the sample content into the empty database')
  }
  await app.listen({ host: config.HOST, port: config.PORT })
} catch (err) {
  app.log.error({ err }, 'start-up failed')
  await app.close()
  await database.stop()
  process.exit(1)
}
