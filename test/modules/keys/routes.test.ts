import t from 'tap'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { MIGRATIONS_DIR } from '../../../src/db/migrate.js'
import { hashKey } from '../../../src/modules/keys/api-keys.js'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../../helpers/app.js'

const PROBLEM = /^application\/problem\+json/

t.test('admins manage keys: create shows the key once, list never, revoke makes it a 401 at once', async (t) => {
  const app = await build(t)
  const admin = await authHeaders(app, 'admin')

  const created = await app.inject({ method: 'POST', url: '/v1/keys', headers: admin, payload: { name: 'web frontend', scopes: ['content:read-drafts'] } })
  t.equal(created.statusCode, 201)
  t.equal(created.headers['cache-control'], 'no-store')
  const { id, key, prefix } = created.json()
  t.match(key, /^nd_/)
  t.equal(prefix, key.slice(0, 10))
  t.match(created.headers.location, new RegExp(`/v1/keys/${id}$`))

  const list = await app.inject({ url: '/v1/keys', headers: admin })
  t.equal(list.statusCode, 200)
  t.match(list.json().data, [{ id, name: 'web frontend', scopes: ['content:read-drafts'], revokedAt: null }])
  t.notOk(list.body.includes(key), 'the key is never listed')
  t.notOk(list.body.includes(hashKey(key)), 'nor its hash')

  const reader = { authorization: `Bearer ${key}` }
  t.equal((await app.inject({ url: '/v1/articles', headers: reader })).statusCode, 200)
  const used = (await app.inject({ url: '/v1/keys', headers: admin })).json().data.find((row: { id: string }) => row.id === id)
  t.type(used.lastUsedAt, 'string', 'last use is recorded')

  const revoked = await app.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: admin })
  t.equal(revoked.statusCode, 200)
  t.type(revoked.json().revokedAt, 'string')
  const after = await app.inject({ url: '/v1/articles', headers: reader })
  t.equal(after.statusCode, 401, 'a revoked key is refused, not downgraded to public')
  t.match(after.headers['content-type'], PROBLEM)
  t.equal((await app.inject({ url: '/v1/keys?includeRevoked=false', headers: admin })).json().data.some((row: { id: string }) => row.id === id), false)

  t.equal((await app.inject({ method: 'DELETE', url: '/v1/keys/00000000-0000-4000-8000-000000000000', headers: admin })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/v1/keys', headers: admin, payload: { name: 'x', scopes: ['root'] } })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/v1/keys', headers: admin, payload: { name: 'x', scopes: [] } })).statusCode, 400)
})

t.test('401 without or with a bad key, 403 without the scope; all problem+json', async (t) => {
  const app = await build(t)
  const cases: [string, Record<string, string>, number][] = [
    ['no key', {}, 401],
    ['unknown key', { authorization: 'Bearer nd_' + 'A'.repeat(32) }, 401],
    ['malformed header', { authorization: 'Basic dXNlcjpwYXNz' }, 401],
    ['empty bearer', { authorization: 'Bearer ' }, 401],
    ['read-drafts key', await authHeaders(app, 'content:read-drafts'), 403],
    ['write key', await authHeaders(app, 'content:write', 'content:read-drafts'), 403]
  ]
  for (const [what, headers, status] of cases) {
    for (const request of [{ method: 'GET' as const, url: '/v1/keys' }, { method: 'POST' as const, url: '/v1/keys', payload: { name: 'x', scopes: ['admin'] } }]) {
      const response = await app.inject({ ...request, headers })
      t.equal(response.statusCode, status, `${what}: ${request.method} ${request.url}`)
      t.match(response.headers['content-type'], PROBLEM)
      t.match(response.json(), { status, title: status === 401 ? 'Unauthorized' : 'Forbidden' })
      if (status === 401) t.match(response.headers['www-authenticate'], /^Bearer/)
    }
  }
  const badKeyOnPublicRead = await app.inject({ url: '/v1/articles', headers: { authorization: 'Bearer nd_nope' } })
  t.equal(badKeyOnPublicRead.statusCode, 401, 'a bad key is refused even where no key is needed')
})

t.test('drafts, keyed side: only keys that may read drafts see them; a revoked key sees nothing', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Secret draft', status: 'draft', body: ['embargoed'] })
  await saveArticleGraph(app.db, { title: 'Public story', status: 'published' })
  const reader = await authHeaders(app, 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const admin = await authHeaders(app, 'admin')

  const titles = async (headers: Record<string, string>) => (await app.inject({ url: '/v1/articles', headers })).json().data.map((a: { title: string }) => a.title).sort()
  t.same(await titles({}), ['Public story'])
  for (const headers of [reader, writer, admin]) t.same(await titles(headers), ['Public story', 'Secret draft'])
  t.equal((await app.inject({ url: '/v1/articles/secret-draft' })).statusCode, 404, 'public: the draft does not exist')
  t.equal((await app.inject({ url: '/v1/articles/secret-draft', headers: reader })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/articles/secret-draft', headers: reader })).headers['cache-control'], 'private, no-store')

  const { id } = (await app.inject({ url: '/v1/keys', headers: admin })).json().data.find((row: { name: string }) => row.name === 'test content:read-drafts')
  await app.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: admin })
  const revoked = await app.inject({ url: '/v1/articles/secret-draft', headers: reader })
  t.equal(revoked.statusCode, 401)
  t.notOk(revoked.body.includes('embargoed'))
})

t.test('a key or its hash never appears in a log line, even at trace level', async (t) => {
  let output = ''
  const stream = new Writable({ write (chunk, _encoding, done) { output += String(chunk); done() } })
  const app = await build(t, {}, { logger: { level: 'trace', stream } })
  const headers = await authHeaders(app, 'admin')
  const secret = headers.authorization.slice('Bearer '.length)
  await app.inject({ url: '/v1/keys', headers })
  await app.inject({ method: 'POST', url: '/v1/keys', headers, payload: { name: 'logged?', scopes: ['admin'] } })
  await app.inject({ url: '/v1/articles', headers: { authorization: `Bearer ${secret}x` } })
  // A serializer (or a colleague) logging the headers must still not leak the key.
  app.log.info({ headers: { authorization: headers.authorization } }, 'headers logged on purpose')
  t.ok(output.includes('request completed') && output.includes('headers logged on purpose'), 'the log was captured')
  t.notOk(output.includes(secret), 'no key in the log')
  t.notOk(output.includes(hashKey(secret)), 'no hash in the log')
  t.match(output, /\[redacted\]/)
})

t.test('scopes add up: content:write alone writes but reads as the public; content:read-drafts reads drafts and exports', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Embargoed merger', status: 'draft', body: ['the scoop'] })
  const writeOnly = await authHeaders(app, 'content:write')
  const reader = await authHeaders(app, 'content:read-drafts')
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')

  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: writeOnly, payload: { title: 'Wire copy', status: 'published' } })
  t.equal(created.statusCode, 201, 'a write-only key writes')
  t.equal((await app.inject({ url: '/v1/articles/embargoed-merger', headers: writeOnly })).statusCode, 404, 'and sees no draft')
  const list = await app.inject({ url: '/v1/articles', headers: writeOnly })
  t.notOk(list.body.includes('Embargoed merger'), 'nor lists one')
  t.equal((await app.inject({ url: '/v1/articles?status=draft', headers: writeOnly })).statusCode, 403)
  const exported = await app.inject({ url: '/v1/export', headers: writeOnly })
  t.equal(exported.statusCode, 403, 'the export holds drafts: write-only keys may not take it')
  t.match(exported.json(), { detail: /content:read-drafts/ })

  for (const [who, headers] of [['read-drafts', reader], ['editor', editor]] as const) {
    const full = await app.inject({ url: '/v1/export', headers })
    t.equal(full.statusCode, 200, `${who} exports`)
    t.ok(full.body.includes('Embargoed merger'), `${who} export holds the draft`)
    t.equal((await app.inject({ url: '/v1/articles/embargoed-merger', headers })).statusCode, 200, `${who} reads the draft`)
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: reader, payload: { title: 'Nope' } })).statusCode, 403, 'read-drafts alone may not write')
})

t.test('migration 012: keys made when content:write implied drafts keep reading them', async (t) => {
  const app = await build(t)
  const old = await app.db.apiKey.create({ data: { name: 'legacy cms', prefix: 'nd_legacy0', hash: 'x'.repeat(64), scopes: ['content:write'] } })
  const reader = await app.db.apiKey.create({ data: { name: 'legacy reader', prefix: 'nd_legacy1', hash: 'y'.repeat(64), scopes: ['content:read-drafts'] } })
  await app.pool.query(readFileSync(path.join(MIGRATIONS_DIR, '012.do.orthogonal-key-scopes.sql'), 'utf8'))
  t.same((await app.db.apiKey.findUniqueOrThrow({ where: { id: old.id } })).scopes, ['content:write', 'content:read-drafts'])
  t.same((await app.db.apiKey.findUniqueOrThrow({ where: { id: reader.id } })).scopes, ['content:read-drafts'], 'other keys are untouched')
})

t.test('a key in the query string is refused with a 400 that points to the header, and never logged', async (t) => {
  let output = ''
  const stream = new Writable({ write (chunk, _encoding, done) { output += String(chunk); done() } })
  const app = await build(t, {}, { logger: { level: 'info', stream } })
  const secret = (await authHeaders(app, 'content:read-drafts')).authorization.slice('Bearer '.length)
  for (const url of [`/v1/articles?key=${secret}`, `/v1/articles?limit=5&api_key=${secret}`, `/v1/articles?access_token=${secret}`, `/v1/topics?q=${secret}`]) {
    const response = await app.inject(url)
    t.equal(response.statusCode, 400, url.replace(secret, '<key>'))
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json().detail, /not accepted in the query string.*Authorization: Bearer/)
    t.notOk(response.body.includes(secret), 'the answer does not echo the key')
  }
  const nowhere = await app.inject(`/nowhere?key=${secret}`)
  t.equal(nowhere.statusCode, 404, 'a URL that names no route stays a 404')
  t.notOk(nowhere.body.includes(secret), 'without echoing the key')
  t.equal((await app.inject('/v1/articles?limit=5')).statusCode, 200, 'other query strings are untouched')
  t.ok(output.includes('request completed') && output.includes('key=REDACTED'), 'the request lines were logged, redacted')
  t.notOk(output.includes(secret), 'the key is in no log line')
})

t.test('a key in the path (DELETE /v1/keys/<the key>, /v1/articles/<the key>) is refused the same way, and never echoed or logged', async (t) => {
  let output = ''
  const stream = new Writable({ write (chunk, _encoding, done) { output += String(chunk); done() } })
  const app = await build(t, {}, { logger: { level: 'info', stream } })
  const admin = await authHeaders(app, 'admin')
  const secret = (await authHeaders(app, 'content:read-drafts')).authorization.slice('Bearer '.length)
  for (const [method, url] of [['DELETE', `/v1/keys/${secret}`], ['GET', `/v1/articles/${secret}`], ['GET', `/v1/topics/${encodeURIComponent(secret)}/articles`]] as const) {
    const response = await app.inject({ method, url, headers: admin })
    t.equal(response.statusCode, 400, `${method} ${url.replace(secret, '<key>')}`)
    t.match(response.json().detail, /Authorization: Bearer/)
    t.notOk(response.body.includes(secret), 'the answer does not echo the key')
  }
  for (const url of [`/nowhere/${secret}`, `/v1/articles/${secret}/`]) {
    const nowhere = await app.inject(url)
    t.equal(nowhere.statusCode, 404, 'a URL that names no route stays a 404')
    t.notOk(nowhere.body.includes(secret), 'without echoing the key')
  }
  t.ok(output.includes('/v1/keys/REDACTED'), 'the request lines were logged, redacted')
  t.notOk(output.includes(secret), 'the key is in no log line')
})
