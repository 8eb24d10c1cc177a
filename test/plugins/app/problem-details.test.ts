import t from 'tap'
import addFormats from 'ajv-formats'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { build } from '../../helpers/app.js'
import { problemInstance } from '../../../src/lib/problem.js'

const ajv = new Ajv2020()
addFormats.default(ajv)
const isUriReference = ajv.compile({ type: 'string', format: 'uri-reference' })

t.test('a problem names the request as a valid URI reference, whatever characters the client sent', async (t) => {
  const app = await build(t)
  const cases: [string, number, string][] = [
    ['/v1/articles?limit[]=1', 400, '/v1/articles?limit%5B%5D=1'],
    ['/v1/articles/%ZZ', 400, '/v1/articles/%25ZZ'],
    ['/v1/topics?q=a|b&limit=0', 400, '/v1/topics?q=a%7Cb&limit=0'],
    ['/v1/quotes/00000000-0000-4000-8000-000000000000?x[y]=1', 400, '/v1/quotes/00000000-0000-4000-8000-000000000000?x%5By%5D=1'],
    ['/v1/articles?limit=0&cursor=%', 400, '/v1/articles?limit=0&cursor=%25']
  ]
  for (const [url, status, instance] of cases) {
    const response = await app.inject(url)
    t.equal(response.statusCode, status, url)
    t.equal(response.json().instance, instance, `${url}: the instance`)
    t.ok(isUriReference(response.json().instance), `${url}: a URI reference`)
  }
})

t.test('problemInstance keeps valid escapes and encodes each byte a URI may not hold', async (t) => {
  t.equal(problemInstance('/v1/articles?q=caf%C3%A9&sort=-title'), '/v1/articles?q=caf%C3%A9&sort=-title', 'a valid target is unchanged')
  t.equal(problemInstance('/v1/x?q=caf\u00c3\u00a9'), '/v1/x?q=caf%C3%A9', 'raw UTF-8 bytes, read as latin1, are encoded back to their bytes')
  t.equal(problemInstance('/v1/x?a=1#b#c "<>\\^`{}'), '/v1/x?a=1%23b%23c%20%22%3C%3E%5C%5E%60%7B%7D')
  t.equal(problemInstance('/v1/x?q=\u20ac\ud800'), '/v1/x?q=%E2%82%AC%EF%BF%BD', 'characters beyond latin1 (from inject) as UTF-8')
})
