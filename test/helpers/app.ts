import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createApiKey, type Scope } from '../../src/modules/keys/api-keys.js'
import { checkResponsesAgainstDocument } from '../openapi/response-validator.js'
import { createTestDatabase } from './database.js'

export const testConfig = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })

/**
 * The whole app on a fresh database of its own; closed and dropped when the test ends.
 * Every response it sends is checked against the OpenAPI document: a status, content type
 * or body the document does not describe fails the test.
 */
export async function build (t: Test): Promise<FastifyInstance> {
  const database = await createTestDatabase()
  const app = await buildApp({ config: testConfig, databaseUrl: database.url })
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
