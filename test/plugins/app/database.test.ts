import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { createApiKey } from '../../../src/modules/keys/api-keys.js'
import { poolInUse } from '../../../src/db/client.js'
import { testConfig } from '../../helpers/app.js'
import { twoDatabases } from '../../helpers/database.js'

// A second database stands in for the replica: what each answer shows tells where it was read.
t.test('public reads go to DATABASE_REPLICA_URL; writes and keyed reads to the primary', async (t) => {
  const [primary, replica] = await twoDatabases(t)

  await saveArticleGraph(primary.db, { title: 'Primary story', status: 'published' })
  await saveArticleGraph(replica.db, { title: 'Replica story', status: 'published' })
  const { key } = await createApiKey(primary.db, { name: 'editor', scopes: ['content:write', 'content:read-drafts'] })
  const auth = { authorization: `Bearer ${key}` }

  const app = await buildApp({ config: { ...testConfig, DATABASE_REPLICA_URL: replica.url }, databaseUrl: primary.url })
  t.teardown(() => app.close())
  const titles = async (url: string, headers = {}) => (await app.inject({ url, headers })).json().data.map((a: { title: string }) => a.title)

  t.same(await titles('/v1/articles'), ['Replica story'], 'a public list reads the replica')
  t.same(await titles('/v1/articles', auth), ['Primary story'], 'a keyed read uses the primary')
  t.equal((await app.inject({ url: '/v1/search?q=story' })).json().data[0].title, 'Replica story', 'public search reads the replica')

  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 'Written story', status: 'published' } })
  t.equal(created.statusCode, 201)
  t.equal(await primary.db.article.count({ where: { title: 'Written story' } }), 1, 'writes land on the primary')
  t.equal(await replica.db.article.count({ where: { title: 'Written story' } }), 0, 'and never on the replica')
  t.equal((await app.inject({ url: '/v1/articles/written-story', headers: auth })).statusCode, 200, 'the writer reads its own write at once')
})

t.test('hand-written reads follow the same routing: public ones read the replica, keyed ones the primary', async (t) => {
  const [primary, replica] = await twoDatabases(t)

  // The same slugs on both sides, with different content: each answer tells where it was read.
  for (const [side, { db }] of [['Primary', primary], ['Replica', replica]] as const) {
    await saveArticleGraph(db, { title: 'Story', status: 'published', topics: [{ name: `${side} topic` }], quotes: [{ text: `${side} words`, speaker: { name: 'Ana Ruiz' } }] })
  }
  const { key } = await createApiKey(primary.db, { name: 'editor', scopes: ['content:read-drafts'] })
  const auth = { authorization: `Bearer ${key}` }
  const app = await buildApp({ config: { ...testConfig, DATABASE_REPLICA_URL: replica.url }, databaseUrl: primary.url })
  t.teardown(() => app.close())
  const read = async (url: string, headers = {}) => JSON.stringify((await app.inject({ url, headers })).json())

  for (const url of ['/v1/articles/story?include=quotes', '/v1/articles?include=topics', '/v1/speakers/ana-ruiz/quotes']) {
    t.match(await read(url), /Replica/, `public: ${url}`)
    t.notMatch(await read(url), /Primary/, `public: ${url}`)
    t.match(await read(url, auth), /Primary/, `keyed: ${url}`)
    t.notMatch(await read(url, auth), /Replica/, `keyed: ${url}`)
  }
})

t.test('revalidations read where the full answer would, even when sent together', async (t) => {
  const [primary, replica] = await twoDatabases(t)

  // One slug, a different id on each side: the ETag that gets a 304 tells where it was read.
  const onPrimary = await saveArticleGraph(primary.db, { title: 'Story', status: 'published' })
  const onReplica = await saveArticleGraph(replica.db, { title: 'Story', status: 'published' })
  const { key } = await createApiKey(primary.db, { name: 'editor', scopes: ['content:read-drafts'] })
  const auth = { authorization: `Bearer ${key}` }
  const app = await buildApp({ config: { ...testConfig, DATABASE_REPLICA_URL: replica.url }, databaseUrl: primary.url })
  t.teardown(() => app.close())
  // Lookups made together are grouped by the pool each request reads from.
  app.get('/pool-in-use', async () => ({ primary: poolInUse(app.readPool) === poolInUse(app.pool) }))

  const cases = [
    { headers: {}, etag: `"${onReplica.id}.1"`, expected: 304 },
    { headers: {}, etag: `"${onPrimary.id}.1"`, expected: 200 },
    { headers: auth, etag: `"${onPrimary.id}.1"`, expected: 304 },
    { headers: auth, etag: `"${onReplica.id}.1"`, expected: 200 }
  ]
  const answers = await Promise.all(cases.map(({ headers, etag }) => app.inject({ url: '/v1/articles/story', headers: { ...headers, 'if-none-match': etag } })))
  t.same(answers.map((answer) => answer.statusCode), cases.map((test) => test.expected), 'public ones against the replica, keyed ones against the primary')

  t.same((await app.inject({ url: '/pool-in-use' })).json(), { primary: false }, 'a public read: the replica')
  t.same((await app.inject({ url: '/pool-in-use', headers: auth })).json(), { primary: true }, 'a keyed read: the primary')
})
