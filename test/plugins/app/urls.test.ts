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
