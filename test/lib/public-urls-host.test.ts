import t from 'tap'
import { build } from '../helpers/app.js'

// Without PUBLIC_API_URL, feeds and sitemaps build their absolute links from the request's Host
// (or, behind a trusted proxy, X-Forwarded-Host and X-Forwarded-Proto). A Host that is not a
// host name (`a b`, `x"><y`) made the Atom renderer throw: a 500 any caller could cause.
// RFC 9112 §3.2: a Host with an invalid value is a 400.

const FEEDS = ['/v1/feeds/articles.rss', '/v1/feeds/articles.atom', '/v1/feeds/articles.json', '/v1/sitemaps/index.xml', '/v1/sitemaps/articles.xml', '/v1/sitemaps/news.xml']

t.test('a Host that is not a host name is a 400 problem on feeds and sitemaps', async (t) => {
  const app = await build(t)
  for (const host of ['a b', 'evil.example"><x y="', 'evil.example/path', 'user@evil.example', 'evil.example:99999', 'evil.example:x', '<script>']) {
    for (const url of FEEDS) {
      const res = await app.inject({ url, headers: { host } })
      t.equal(res.statusCode, 400, `${url} with Host ${JSON.stringify(host)}: ${res.body.slice(0, 200)}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
    }
  }
  // Answers that do not depend on the Host are not refused (nor cached) for it.
  t.equal((await app.inject({ url: '/v1/articles', headers: { host: 'a b' } })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/articles', headers: { host: 'a b' } })).headers['x-cache'], undefined)
  for (const host of ['news.example', 'feeds.test:8080', '127.0.0.1:3000', '[::1]:3000', 'NEWS.Example']) {
    const res = await app.inject({ url: '/v1/feeds/articles.atom', headers: { host } })
    t.equal(res.statusCode, 200, `Host ${host} is fine`)
    t.match(res.body, `http://${host.toLowerCase()}/v1/feeds/articles.atom`)
  }
})

t.test('behind a trusted proxy, forwarded hosts and protocols are held to the same rule', async (t) => {
  const app = await build(t, { TRUST_PROXY: 'true' })
  for (const headers of [{ 'x-forwarded-host': 'a b' }, { 'x-forwarded-proto': 'javascript' }, { 'x-forwarded-host': 'x"y' }]) {
    const res = await app.inject({ url: '/v1/feeds/articles.atom', headers })
    t.equal(res.statusCode, 400, `${JSON.stringify(headers)}: ${res.body.slice(0, 200)}`)
  }
  const res = await app.inject({ url: '/v1/feeds/articles.atom', headers: { 'x-forwarded-host': 'news.example', 'x-forwarded-proto': 'https' } })
  t.equal(res.statusCode, 200)
  t.match(res.body, 'https://news.example/v1/feeds/articles.atom')
})

t.test('with PUBLIC_API_URL set, the Host is not used and not checked', async (t) => {
  const app = await build(t, { PUBLIC_API_URL: 'https://api.news.example' })
  const res = await app.inject({ url: '/v1/feeds/articles.atom', headers: { host: 'a b' } })
  t.equal(res.statusCode, 200)
  t.match(res.body, 'https://api.news.example/v1/feeds/articles.atom')
})
