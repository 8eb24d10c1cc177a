import t from 'tap'
import { build } from '../../helpers/app.js'

t.test('health and readiness', async (t) => {
  const app = await build(t)
  const health = await app.inject({ url: '/health' })
  t.equal(health.statusCode, 200)
  t.same(health.json(), { status: 'ok' })

  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready', database: true })
})

t.test('readiness turns false when the database is unreachable', async (t) => {
  const app = await build(t)
  await app.pool.end() // the pool refuses queries from now on, as it would with no server
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.same(ready.json(), { status: 'unavailable', database: false })
  t.equal(ready.headers['retry-after'], '5')
  // onClose would end the pool a second time
  app.pool.end = async () => {}
})
