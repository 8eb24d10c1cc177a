import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js'
import { migrate } from '../../src/db/migrate.js'
import { seedSampleContent } from '../../src/db/sample-content.js'
import { testConfig } from '../helpers/app.js'
import { embeddedDataDir } from '../helpers/embedded-dir.js'
import { freePort } from '../helpers/server-process.js'

// A Postgres of its own, so the test can stop and restart it under the running app.
t.test('database gone mid-traffic: quick 503s with Retry-After, /ready false, recovery within 5 s of its return', async (t) => {
  const dir = embeddedDataDir(t)
  const port = await freePort()
  let postgres = await startEmbeddedPostgres({ dir, port })
  t.teardown(() => postgres.stop({ force: true }))
  await migrate(postgres.url)
  const errors: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { errors.push(String(chunk)); done() } })
  const app = await buildApp({ config: testConfig, databaseUrl: postgres.url, logger: { level: 'error', stream } })
  t.teardown(() => app.close())
  await seedSampleContent(app.db, app.pool)
  const urls = ['/v1/articles', '/v1/articles?count=true', '/ready']
  for (const url of urls) t.equal((await app.inject(url)).statusCode, 200, url)

  // Traffic that keeps going while the database disappears.
  let stopTraffic = false
  const statuses: number[] = []
  const traffic = Promise.all(Array.from({ length: 8 }, async (_, i) => {
    while (!stopTraffic) statuses.push((await app.inject(urls[i % 2]!)).statusCode)
  }))
  await new Promise((resolve) => setTimeout(resolve, 200))
  await postgres.stop({ force: true })
  await new Promise((resolve) => setTimeout(resolve, 300))
  stopTraffic = true
  await traffic
  t.ok(statuses.every((status) => status === 200 || status === 503), `only 200 or 503 while it went away (${[...new Set(statuses)].join(', ')})`)
  t.same(errors, [], 'no request failed with a 500')

  const key = 'Bearer nd_' + 'x'.repeat(32)
  for (const request of [{ url: '/v1/articles' }, { url: '/v1/articles/some-slug' }, { url: '/v1/articles', headers: { authorization: key } }]) {
    const started = Date.now()
    const response = await app.inject(request)
    t.ok(Date.now() - started < 2_000, `${request.url} answers quickly (${Date.now() - started} ms)`)
    t.equal(response.statusCode, 503, request.url)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.ok(Number(response.headers['retry-after']) > 0, 'Retry-After')
    t.match(response.json(), { status: 503, title: 'Service Unavailable', detail: /database is unavailable/ })
    t.notMatch(response.body, /Invalid `|node_modules|\bat .*\.ts:\d+|127\.0\.0\.1/, 'no stack trace or internals')
  }
  const ready = await app.inject('/ready')
  t.equal(ready.statusCode, 503)
  t.same(ready.json(), { status: 'unavailable', database: false })

  postgres = await startEmbeddedPostgres({ dir, port })
  const back = Date.now()
  let recovered = false
  while (Date.now() - back < 5_000) {
    const [list, readiness] = await Promise.all([app.inject('/v1/articles'), app.inject('/ready')])
    if (list.statusCode === 200 && readiness.statusCode === 200) { recovered = true; break }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.ok(recovered, `serving again ${Date.now() - back} ms after the database returned`)
  t.equal((await app.inject('/v1/articles')).json().data.length, 1)
})
