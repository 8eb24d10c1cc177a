import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { migrate } from '../../src/db/migrate.js'
import { createApiKey } from '../../src/modules/keys/api-keys.js'
import { testConfig } from '../helpers/app.js'
import { replicaBinaries, startStreamingReplica } from '../helpers/streaming-replica.js'
import { until } from '../helpers/webhook-receiver.js'
import { checkResponsesAgainstDocument } from '../openapi/response-validator.js'

// A real hot standby streaming from its primary (test/helpers/streaming-replica.ts). What the
// standby has not replayed yet tells who answered: with replay paused, a story written on the
// primary is a 404 for a reader served by the replica and a 200 for one served by the primary.

const binaries = replicaBinaries()
if ('missing' in binaries) {
  t.pass(`skipped: the streaming replica tests need ${binaries.missing}`, { skip: binaries.missing })
} else {
  t.test('public reads on the replica, keyed reads on the primary; fallback when it lags or stops, and back', async (t) => {
    const pair = await startStreamingReplica(binaries.bin)
    t.teardown(pair.stop)
    await migrate(pair.primaryUrl)
    await pair.caughtUp()

    const app = async (overrides: Partial<Config>): Promise<FastifyInstance> => {
      // No response cache: every answer below is read from a database, not from memory.
      const built = await buildApp({ config: { ...testConfig, DATABASE_REPLICA_URL: pair.replicaUrl, DATABASE_REPLICA_CHECK_MS: 100, RESPONSE_CACHE_MAX_ENTRIES: 0, ...overrides }, databaseUrl: pair.primaryUrl })
      checkResponsesAgainstDocument(built, (problem) => t.fail(`response does not match openapi: ${problem}`))
      t.teardown(() => built.close())
      await built.ready()
      return built
    }
    // A bound far beyond the test's length: this one keeps reading the replica however far behind.
    const patient = await app({ DATABASE_REPLICA_MAX_LAG_MS: 600_000 })
    // A bound of half a second: this one leaves a replica that stops replaying.
    const strict = await app({ DATABASE_REPLICA_MAX_LAG_MS: 500 })
    const { key } = await createApiKey(patient.db, { name: 'editor', scopes: ['content:write', 'content:read-drafts', 'metrics:read'] })
    const editor = { authorization: `Bearer ${key}` }
    const status = async (on: FastifyInstance, url: string, headers = {}): Promise<number> => (await on.inject({ url, headers })).statusCode
    const metric = async (on: FastifyInstance, name: string): Promise<number | undefined> => {
      const match = new RegExp(`^${name} (\\S+)$`, 'm').exec((await on.inject({ url: '/metrics', headers: editor })).body)
      return match ? Number(match[1]) : undefined
    }
    const publish = async (title: string): Promise<string> => {
      const created = await patient.inject({ method: 'POST', url: '/v1/articles', headers: editor, payload: { title, status: 'published', body: ['Streaming replicas.'] } })
      t.equal(created.statusCode, 201, `published "${title}"`)
      return `/v1/articles/${created.json().slug as string}`
    }

    await until('both apps to use the replica', async () => await metric(patient, 'newsdesk_db_replica_in_use') === 1 && await metric(strict, 'newsdesk_db_replica_in_use') === 1)
    const first = await publish('Replica story one')
    await pair.caughtUp()
    t.equal(await status(patient, first), 200, 'replayed: the public reads it on the replica')

    // Replay held: the replica answers with what it had; the primary has moved on.
    await pair.pauseReplay()
    const second = await publish('Replica story two')
    t.equal(await status(patient, second), 404, 'a public read is served by the replica, which has not replayed the story yet')
    t.equal(await status(patient, second, editor), 200, 'a keyed read (the writer reading its own write) is served by the primary')
    t.equal(await status(patient, '/v1/articles?limit=1&fields=title', editor), 200)
    await until('the strict app to see the replica past its bound', async () => await metric(strict, 'newsdesk_db_replica_in_use') === 0)
    t.equal(await status(strict, second), 200, 'past the lag bound, public reads fall back to the primary')
    t.ok((await metric(strict, 'newsdesk_db_replica_lag_seconds') ?? 0) > 0.5, 'the lag is reported')
    t.equal(await status(patient, second), 404, 'within its own bound, the other app still reads the replica')

    await pair.resumeReplay()
    await pair.caughtUp()
    await until('the strict app to return to the replica', async () => await metric(strict, 'newsdesk_db_replica_in_use') === 1)
    t.equal(await status(strict, second), 200)

    // The replica stops: public reads go on, from the primary.
    pair.stopReplica()
    await until('public reads to be served again with the replica down', async () => await status(patient, second) === 200)
    t.equal(await metric(patient, 'newsdesk_db_replica_in_use'), 0, 'reported as not in use')
    for (let i = 0; i < 5; i++) t.equal(await status(patient, '/v1/articles'), 200, 'public list from the primary')
    t.equal(await status(patient, second), 200, 'public item from the primary')

    // It comes back: routing returns to it (shown again by a held replay).
    pair.startReplica()
    await pair.caughtUp()
    await until('the replica to be in use again', async () => await metric(patient, 'newsdesk_db_replica_in_use') === 1)
    await pair.pauseReplay()
    const third = await publish('Replica story three')
    t.equal(await status(patient, third), 404, 'public reads are served by the replica again')
    t.equal(await status(patient, third, editor), 200, 'keyed reads still by the primary')
    await pair.resumeReplay()
  })
}
