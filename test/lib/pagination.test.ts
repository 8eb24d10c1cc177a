import t from 'tap'
import { nextPageUrl } from '../../src/lib/pagination.js'

// The Link header's next URL: the fast path (the cursor appended to a plain URL) must write
// exactly what parsing the URL and setting the cursor writes, and every other URL takes that path.
const slow = (url: string, cursor: string): string => {
  const parsed = new URL(url, 'http://placeholder')
  parsed.searchParams.set('cursor', cursor)
  return `${parsed.pathname}${parsed.search}`
}

t.test('nextPageUrl writes what URL and URLSearchParams write', async (t) => {
  const cursors = ['WyItc2FpZEF0IiwiMjAyNC0wOS0yN1QxMDozMzo1Ny40ODdaIiwiNjZhNjZmZDUiXQ', 'a_b-c', 'not base64url+/=', 'x y']
  const urls = [
    '/v1/speakers/ada-mensah/quotes', '/v1/articles?limit=20&include=topics', '/v1/articles?limit=20&include=topics,quotes',
    '/v1/articles?include=topics%2Cquotes', '/v1/articles?cursor=abc&limit=5', '/v1/articles?limit=5&cursor=abc', '/v1/articles?',
    '/v1/articles?limit', '/v1/articles?a=1&&b=2', '/v1/articles?q=caf%C3%A9', '/v1/articles?q=a+b', '/v1/./articles', '/v1/../v1/articles',
    '/v1//articles', '/v1/articles/', '/v1/speakers/jos%C3%A9/quotes', '/v1/speakers/josé/quotes', '/v1/speakers/a.b/quotes',
    '/v1/speakers/.hidden/quotes', '/v1/articles?sort=-publishedAt', '/v1/articles?x=*.-_', '/v1/articles?x=~', '/v1/a~b/c',
    '/v1/articles#frag', '/v1/articles?limit=5#frag', '/v1/articles?recursor=1'
  ]
  for (const url of urls) for (const cursor of cursors) t.equal(nextPageUrl(url, cursor), slow(url, cursor), `${url} with ${cursor}`)
})
