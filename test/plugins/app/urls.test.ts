import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'

t.test('a URL with a trailing slash is a 404 problem naming the URL without it, whatever the method', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Allies meet', status: 'published' })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  t.equal((await app.inject('/v1/articles')).statusCode, 200, 'the slashless list answers')
  t.equal((await app.inject('/v1/articles/allies-meet')).statusCode, 200, 'the slashless item answers')
  const cases: [string, string, string][] = [
    ['GET', '/v1/articles/', '/v1/articles'],
    ['GET', '/v1/articles/?limit=1', '/v1/articles'],
    ['GET', '/v1/articles/allies-meet/', '/v1/articles/allies-meet'],
    ['GET', '/v1/topics/', '/v1/topics'],
    ['GET', '/v1/search/', '/v1/search'],
    ['GET', '/health/', '/health'],
    ['POST', '/v1/articles/', '/v1/articles'],
    ['PATCH', '/v1/articles/allies-meet/', '/v1/articles/allies-meet'],
    ['DELETE', '/v1/articles/', '/v1/articles']
  ]
  for (const [method, url, slashless] of cases) {
    const response = await app.inject({ method: method as 'GET', url, headers: writer, ...(method !== 'GET' && method !== 'DELETE' && { payload: { title: 'x' } }) })
    t.equal(response.statusCode, 404, `${method} ${url}`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json().detail, `use ${slashless}.`)
  }
  t.equal((await app.inject('/v1/articles/allies-meet')).json().title, 'Allies meet', 'nothing was changed')
})

// A contract fuzzer (Schemathesis' unsupported_method check) sends methods the document does not
// list for a path and wants 405 with `Allow` (RFC 9110 15.5.6), as OPTIONS gets without CORS.
t.test('a method a route does not have is a 405 problem with Allow listing the ones it has; an unknown path stays a 404', async (t) => {
  const app = await build(t)
  await saveArticleGraph(app.db, { title: 'Allies meet', status: 'published' })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const cases: [string, string, string][] = [
    ['PUT', '/v1/articles/allies-meet', 'DELETE, GET, HEAD, PATCH'],
    ['POST', '/v1/articles/allies-meet', 'DELETE, GET, HEAD, PATCH'],
    ['OPTIONS', '/v1/articles/allies-meet', 'DELETE, GET, HEAD, PATCH'],
    ['PUT', '/v1/articles', 'GET, HEAD, POST'],
    ['DELETE', '/v1/articles', 'GET, HEAD, POST'],
    ['POST', '/v1/topics/trending', 'GET, HEAD'], // the fixed route's methods, not those of /:idOrSlug beside it
    ['POST', '/v1/search?q=x', 'GET, HEAD'],
    ['DELETE', '/v1/feeds/articles.rss', 'GET, HEAD'],
    ['PUT', '/health', 'GET, HEAD']
  ]
  for (const [method, url, allow] of cases) {
    const response = await app.inject({ method: method as 'GET', url, headers: writer, ...(method === 'PUT' || method === 'POST' ? { payload: { title: 'x' } } : {}) })
    t.equal(response.statusCode, 405, `${method} ${url}`)
    t.equal(response.headers.allow, allow, `${method} ${url}: Allow`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), { status: 405, title: 'Method Not Allowed' })
  }
  const unknown = await app.inject({ method: 'PUT', url: '/v1/nothing-here' })
  t.equal(unknown.statusCode, 404, 'no route at all: 404')
  t.notOk(unknown.headers.allow)
  t.equal((await app.inject('/v1/articles/allies-meet')).json().title, 'Allies meet', 'nothing was changed')
})
