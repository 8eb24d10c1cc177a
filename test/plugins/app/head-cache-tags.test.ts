import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// A CDN keeps a HEAD's headers as it keeps a GET's, and purges by the tags they carry: a HEAD
// answer without Surrogate-Key / Cache-Tag would be one no purge ever reaches.
t.test('HEAD answers carry the Surrogate-Key and Cache-Tag headers of their GET', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write')
  const story = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Tram line opens', status: 'published', section: 'city', topics: [{ name: 'Transport' }] } })
  t.equal(story.statusCode, 201)
  const urls = ['/v1/articles/tram-line-opens', '/v1/articles', '/v1/topics/transport', '/v1/topics/transport/articles', '/v1/feeds/articles.rss', '/v1/feeds/sections/city.json', '/v1/sitemaps/articles.xml']
  for (const url of urls) {
    // HEAD first, then again after its GET filled the response cache.
    for (const round of ['cold', 'after a GET']) {
      const head = await app.inject({ method: 'HEAD', url })
      const get = await app.inject({ url })
      t.equal(head.statusCode, 200, `${url} (${round})`)
      t.ok(get.headers['surrogate-key'], `${url}: the GET is tagged`)
      t.equal(head.headers['surrogate-key'], get.headers['surrogate-key'], `${url} (${round}): Surrogate-Key`)
      t.equal(head.headers['cache-tag'], get.headers['cache-tag'], `${url} (${round}): Cache-Tag`)
      t.equal(head.body, '', 'no body')
    }
  }
  // A keyed HEAD, like its GET, is not tagged (a keyed answer is never a public one).
  const keyed = await app.inject({ method: 'HEAD', url: '/v1/articles/tram-line-opens', headers: writer })
  t.equal(keyed.headers['surrogate-key'], undefined)
})
