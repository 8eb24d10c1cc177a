import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

const PROBLEM = /^application\/problem\+json/

t.test('admins subscribe, read, update with If-Match, pause, resume and delete; the secret is shown only when made', async (t) => {
  const app = await build(t, { WEBHOOK_ALLOW_PRIVATE: true })
  const admin = await authHeaders(app, 'admin')
  const topic = await app.db.topic.create({ data: { slug: 'nato', name: 'NATO' } })

  const made = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: 'http://127.0.0.1:9/hooks' } })
  t.equal(made.statusCode, 201)
  t.equal(made.headers['cache-control'], 'no-store')
  const subscription = made.json()
  t.match(subscription, { url: 'http://127.0.0.1:9/hooks', kinds: [], resources: [], sections: [], topicIds: [], audience: 'public', status: 'active', version: 1 })
  t.match(subscription.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'a Standard Webhooks secret of 32 bytes')
  t.match(made.headers.location, new RegExp(`/v1/webhooks/${subscription.id}$`))

  const listed = await app.inject({ url: '/v1/webhooks', headers: admin })
  t.equal(listed.statusCode, 200)
  t.equal(listed.json().data.length, 1)
  t.notOk(listed.body.includes(subscription.secret), 'the secret is never listed')
  const got = await app.inject({ url: `/v1/webhooks/${subscription.id}`, headers: admin })
  t.notOk(got.body.includes(subscription.secret), 'nor read back')
  t.equal(got.headers.etag, `"${subscription.id}.1"`)
  t.equal(got.headers['cache-control'], 'private, no-store')

  const filtered = await app.inject({
    method: 'PATCH', url: `/v1/webhooks/${subscription.id}`, headers: { ...admin, 'if-match': got.headers.etag as string },
    payload: { kinds: ['published', 'deleted'], resources: ['article'], sections: ['World'], topics: ['nato'], description: 'World desk', audience: 'private' }
  })
  t.equal(filtered.statusCode, 200)
  t.match(filtered.json(), { kinds: ['published', 'deleted'], resources: ['article'], sections: ['World'], topicIds: [topic.id], description: 'World desk', audience: 'private', version: 2 })

  const stale = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${subscription.id}`, headers: { ...admin, 'if-match': got.headers.etag as string }, payload: { status: 'paused' } })
  t.equal(stale.statusCode, 412)
  t.match(stale.headers['content-type'], PROBLEM)

  const paused = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${subscription.id}`, headers: admin, payload: { status: 'paused' } })
  t.equal(paused.json().status, 'paused')
  await app.db.webhookSubscription.update({ where: { id: subscription.id }, data: { status: 'disabled', disabledReason: 'kept failing', disabledAt: new Date(), failedDeliveriesInARow: 3 } })
  const disabled = (await app.inject({ url: `/v1/webhooks/${subscription.id}`, headers: admin })).json()
  t.match(disabled, { status: 'disabled', disabledReason: 'kept failing' })
  const resumed = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${subscription.id}`, headers: admin, payload: { status: 'active' } })
  t.match(resumed.json(), { status: 'active', disabledReason: null, disabledAt: null })
  t.equal((await app.db.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } })).failedDeliveriesInARow, 0, 'resuming forgets the failures')
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/webhooks/${subscription.id}`, headers: admin, payload: { status: 'disabled' } })).statusCode, 400, 'only the worker disables')

  const deleted = await app.inject({ method: 'DELETE', url: `/v1/webhooks/${subscription.id}`, headers: { ...admin, 'if-match': `"${subscription.id}.1"` } })
  t.equal(deleted.statusCode, 412, 'delete honours If-Match')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/webhooks/${subscription.id}`, headers: admin })).statusCode, 204)
  t.equal((await app.inject({ url: `/v1/webhooks/${subscription.id}`, headers: admin })).statusCode, 404)
})

t.test('bad input is a 400 problem and changes nothing; keys without admin get 401/403', async (t) => {
  const app = await build(t, { WEBHOOK_ALLOW_PRIVATE: true })
  const admin = await authHeaders(app, 'admin')
  const bodies: Array<[string, unknown]> = [
    ['no url', {}],
    ['not a URL', { url: 'not a url' }],
    ['ftp', { url: 'ftp://example.org/hooks' }],
    ['credentials', { url: 'https://user:pass@example.org/hooks' }],
    ['port 0', { url: 'http://93.184.215.14:0/hooks' }],
    ['unknown kind', { url: 'https://example.org/hooks', kinds: ['exploded'] }],
    ['unknown resource', { url: 'https://example.org/hooks', resources: ['comment'] }],
    ['unknown topic', { url: 'https://example.org/hooks', topics: ['no-such-topic'] }],
    ['unknown field', { url: 'https://example.org/hooks', secret: 'mine' }],
    ['bad audience', { url: 'https://example.org/hooks', audience: 'everyone' }]
  ]
  for (const [what, payload] of bodies) {
    const response = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: payload as object })
    t.equal(response.statusCode, 400, what)
    t.match(response.headers['content-type'], PROBLEM, what)
  }
  t.equal(await app.db.webhookSubscription.count(), 0, 'nothing was made')

  for (const [headers, status] of [[{}, 401], [await authHeaders(app, 'content:write', 'content:read-drafts'), 403]] as const) {
    for (const request of [{ method: 'GET' as const, url: '/v1/webhooks' }, { method: 'POST' as const, url: '/v1/webhooks', payload: { url: 'https://example.org/hooks' } }]) {
      t.equal((await app.inject({ ...request, headers })).statusCode, status, `${request.method} ${status}`)
    }
  }
  const missing = '00000000-0000-4000-8000-000000000000'
  for (const request of [
    { method: 'GET' as const, url: `/v1/webhooks/${missing}` },
    { method: 'POST' as const, url: `/v1/webhooks/${missing}/ping` },
    { method: 'POST' as const, url: `/v1/webhooks/${missing}/rotate-secret` },
    { method: 'GET' as const, url: `/v1/webhooks/${missing}/deliveries` },
    { method: 'GET' as const, url: `/v1/webhooks/${missing}/deliveries/${missing}` }
  ]) t.equal((await app.inject({ ...request, headers: admin })).statusCode, 404, `${request.method} ${request.url}`)
  t.equal((await app.inject({ url: '/v1/webhooks/not-a-uuid', headers: admin })).statusCode, 400)
})

t.test('SSRF: private, loopback, link-local, CGNAT, multicast and mapped destinations are refused at subscribe time', async (t) => {
  const app = await build(t)
  const admin = await authHeaders(app, 'admin')
  const refused = [
    'http://127.0.0.1/hooks', 'http://127.1/hooks', 'http://0x7f000001/hooks', 'http://localhost:3000/hooks', 'http://[::1]/hooks',
    'http://10.1.2.3/hooks', 'http://172.16.0.1/hooks', 'http://192.168.1.10/hooks', 'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/hooks', 'http://0.0.0.0/hooks', 'http://224.0.0.1/hooks', 'http://[::ffff:127.0.0.1]/hooks',
    'http://[fd00::1]/hooks', 'http://[fe80::1]/hooks', 'http://[64:ff9b::a00:1]/hooks', 'http://255.255.255.255/hooks',
    'http://[::127.0.0.1]/hooks'
  ]
  for (const url of refused) {
    const response = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url } })
    t.equal(response.statusCode, 400, url)
    t.match(response.json(), { errors: [{ in: 'body', pointer: '/url' }] }, url)
  }
  const publicAddress = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: 'https://93.184.215.14/hooks' } })
  t.equal(publicAddress.statusCode, 201, 'a public address is fine')
  const id = publicAddress.json().id
  const patched = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${id}`, headers: admin, payload: { url: 'http://192.168.0.1/' } })
  t.equal(patched.statusCode, 400, 'and checked on update too')
  t.equal((await app.inject({ url: `/v1/webhooks/${id}`, headers: admin })).json().version, 1, 'a refused update changes nothing')
})

t.test('rotating the secret: the new one is shown once, the old one keeps signing for the grace period', async (t) => {
  const app = await build(t, { WEBHOOK_ALLOW_PRIVATE: true })
  const admin = await authHeaders(app, 'admin')
  const { id, secret } = (await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: 'http://127.0.0.1:9/' } })).json()
  const rotated = await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/rotate-secret?graceSeconds=3600`, headers: admin })
  t.equal(rotated.statusCode, 200)
  t.not(rotated.json().secret, secret)
  t.equal(rotated.json().version, 2)
  const expires = Date.parse(rotated.json().previousSecretExpiresAt)
  t.ok(expires > Date.now() + 3500_000 && expires < Date.now() + 3700_000, 'the old secret expires in an hour')
  const row = await app.db.webhookSubscription.findUniqueOrThrow({ where: { id } })
  t.equal(row.previousSecret, secret)
  const immediate = await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/rotate-secret?graceSeconds=0`, headers: admin })
  t.equal(immediate.json().previousSecretExpiresAt, null, 'graceSeconds=0 retires the old secret at once')
  t.equal((await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/rotate-secret?graceSeconds=-1`, headers: admin })).statusCode, 400)
})

t.test('deliveries: a ping is listed and readable with its payload; only a finished delivery may be redelivered', async (t) => {
  const app = await build(t, { WEBHOOK_ALLOW_PRIVATE: true })
  const admin = await authHeaders(app, 'admin')
  const { id } = (await app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload: { url: 'http://127.0.0.1:9/' } })).json()
  const ping = await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/ping`, headers: admin })
  t.equal(ping.statusCode, 202)
  t.match(ping.json(), { subscriptionId: id, eventType: 'webhook.ping', status: 'pending', attempts: 0, webhookIdHeader: /^msg_[0-9a-f]{32}$/ })
  const deliveryId = ping.json().id

  const page = await app.inject({ url: `/v1/webhooks/${id}/deliveries?status=pending`, headers: admin })
  t.equal(page.statusCode, 200)
  t.same(page.json().data.map((d: { id: string }) => d.id), [deliveryId])
  t.same((await app.inject({ url: `/v1/webhooks/${id}/deliveries?status=failed`, headers: admin })).json().data, [])
  const detail = await app.inject({ url: `/v1/webhooks/${id}/deliveries/${deliveryId}`, headers: admin })
  t.match(detail.json().payload, { type: 'webhook.ping', data: { subscriptionId: id } })

  const early = await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`, headers: admin })
  t.equal(early.statusCode, 409, 'a pending delivery is still on its way')
  await app.db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'failed', failedAt: new Date() } })
  const again = await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`, headers: admin })
  t.equal(again.statusCode, 202)
  t.match(again.json(), { redeliveryOf: deliveryId, webhookIdHeader: ping.json().webhookIdHeader, status: 'pending' })

  for (let i = 0; i < 3; i++) await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/ping`, headers: admin })
  const first = (await app.inject({ url: `/v1/webhooks/${id}/deliveries?limit=2`, headers: admin })).json()
  const second = (await app.inject({ url: `/v1/webhooks/${id}/deliveries?limit=2&cursor=${first.nextCursor}`, headers: admin })).json()
  const third = (await app.inject({ url: `/v1/webhooks/${id}/deliveries?limit=2&cursor=${second.nextCursor}`, headers: admin })).json()
  const ids = [...first.data, ...second.data, ...third.data].map((d: { id: string }) => d.id)
  t.equal(new Set(ids).size, 5, 'pages walk every delivery once')
  t.equal(ids[4], deliveryId, 'newest first')
  t.equal(third.nextCursor, null)
})
