import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp, type AppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { createApiKey, type Scope } from '../../src/modules/keys/api-keys.js'
import { checkResponsesAgainstDocument } from '../openapi/response-validator.js'
import { createTestDatabase } from './database.js'

// Rate limits and load shedding that no ordinary test meets on a busy CI machine; the tests
// of those features set their own. The webhook worker runs only in the tests that turn it on.
export const testConfig = loadConfig({
  NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_KEY: '1000000', MAX_EVENT_LOOP_DELAY_MS: '0', MAX_POOL_WAITING: '100000',
  WEBHOOK_WORKER: 'false',
  // Background merges of the search indexes' pending lists: only in the tests that turn them on.
  SEARCH_LIST_MERGE_MS: '0',
  // 48 reads at once on a machine running a whole suite can wait over a second for a connection.
  READ_QUEUE_TIMEOUT_MS: '30000',
  // A whole suite shares two cores: an ordinary page must not run out of its analysis time.
  IMPORT_PARSE_TIMEOUT_MS: '120000'
})

/**
 * The whole app on a fresh database of its own; closed and dropped when the test ends.
 * Every response it sends is checked against the OpenAPI document: a status, content type
 * or body the document does not describe fails the test.
 */
export async function build (t: Test, overrides: Partial<Config> = {}, options: Pick<AppOptions, 'logger'> = {}): Promise<FastifyInstance> {
  const database = await createTestDatabase()
  const app = await buildApp({ config: { ...testConfig, ...overrides }, databaseUrl: database.url, ...options })
  checkResponsesAgainstDocument(app, (problem) => t.fail(`response does not match openapi: ${problem}`))
  t.teardown(async () => {
    await app.close()
    await database.drop()
  })
  await app.ready()
  return app
}

/** `Authorization` headers for a new key with these scopes. */
export async function authHeaders (app: FastifyInstance, ...scopes: Scope[]): Promise<{ authorization: string }> {
  const { key } = await createApiKey(app.db, { name: `test ${scopes.join(' ')}`, scopes })
  return { authorization: `Bearer ${key}` }
}
