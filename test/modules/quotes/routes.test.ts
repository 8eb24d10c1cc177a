import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom, texts } from '../fixtures.js'

t.test('quote list: filters, sorts, include, fields', async (t) => {
  const app = await build(t)
  const { summit } = await seedNewsroom(app)
  const get = async (query: string) => {
    const res = await app.inject({ url: `/v1/quotes?${query}` })
    t.equal(res.statusCode, 200, query)
    return texts(res.json())
  }
  const agreed = 'We agreed together to end our military presence in Afghanistan'
  t.same(await get(''), [agreed, 'Jobs are back', 'Allies stand united', 'The mission is over'], 'most recently said first')
  t.same(await get('sort=saidAt'), ['The mission is over', 'Allies stand united', 'Jobs are back', agreed])
  t.same(await get('speaker=joe-biden'), ['Jobs are back', 'Allies stand united'])
  t.same(await get('speaker=joe-biden,jens-stoltenberg&count=true&limit=1'), [agreed])
  t.same(await get('topic=afghanistan'), [agreed])
  t.same(await get('article=nato-summit-ends&sort=position'), [agreed, 'Allies stand united'])
  t.same(await get(`article=${summit.id}&sort=-position`), ['Allies stand united', agreed])
  t.same(await get('article=no-such-story'), [])
  t.same(await get('saidAfter=2024-01-02T00:00:00Z&saidBefore=2024-01-03T00:00:00Z'), ['Jobs are back', 'Allies stand united'])
  t.same(await get('minLength=14&maxLength=19'), ['Allies stand united', 'The mission is over'], 'length in characters, inclusive')
  t.same(await get('speaker=nobody'), [])
  t.equal((await app.inject({ url: '/v1/quotes?count=true&limit=1' })).json().total, 4)
  t.equal((await app.inject({ url: '/v1/quotes?sort=position' })).statusCode, 400, 'position needs an article')
  for (const bad of ['speaker=Bad Slug', 'saidAfter=soon', 'minLength=-1', 'include=author', 'fields=secret', 'sort=text']) {
    t.equal((await app.inject({ url: `/v1/quotes?${bad}` })).statusCode, 400, bad)
  }

  const [first] = (await app.inject({ url: '/v1/quotes?include=speaker,article,topics&limit=1' })).json().data
  t.match(first, {
    text: agreed, length: agreed.length, position: 0, articleId: summit.id,
    speaker: { slug: 'jens-stoltenberg', role: 'Secretary General', organization: 'NATO' },
    article: { id: summit.id, slug: 'nato-summit-ends', title: 'NATO summit ends', status: 'published' },
    topics: [{ slug: 'afghanistan', name: 'Afghanistan' }]
  })
  const sparse = (await app.inject({ url: '/v1/quotes?fields=text,saidAt&limit=1' })).json().data[0]
  t.same(Object.keys(sparse).sort(), ['id', 'saidAt', 'text'])
})

t.test('nested quote lists and single quotes', async (t) => {
  const app = await build(t)
  const { summit } = await seedNewsroom(app)
  const inArticle = (await app.inject({ url: '/v1/articles/nato-summit-ends/quotes?include=speaker' })).json()
  t.same(texts(inArticle), ['We agreed together to end our military presence in Afghanistan', 'Allies stand united'], 'article order')
  t.same(inArticle.data.map((quote: { speaker: { slug: string } }) => quote.speaker.slug), ['jens-stoltenberg', 'joe-biden'])
  t.same(texts((await app.inject({ url: `/v1/articles/${summit.id}/quotes?limit=1` })).json()).length, 1)
  t.same(texts((await app.inject({ url: '/v1/speakers/joe-biden/quotes' })).json()), ['Jobs are back', 'Allies stand united'])
  t.same(texts((await app.inject({ url: '/v1/topics/afghanistan/quotes' })).json()), ['We agreed together to end our military presence in Afghanistan'])
  t.equal((await app.inject({ url: '/v1/speakers/nobody/quotes' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/articles/nobody/quotes' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/topics/nobody/quotes' })).statusCode, 404)

  const [quote] = (await app.inject({ url: '/v1/quotes?limit=1' })).json().data
  const one = await app.inject({ url: `/v1/quotes/${quote.id}` })
  t.equal(one.statusCode, 200)
  t.equal(one.headers.etag, `"${quote.id}.1"`)
  t.same(one.json(), quote)
  t.match((await app.inject({ url: `/v1/quotes/${quote.id}?include=speaker` })).json(), { speaker: { slug: 'jens-stoltenberg' } })
  t.equal((await app.inject({ url: '/v1/quotes/00000000-0000-4000-8000-000000000000' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/quotes/not-a-uuid' })).statusCode, 400)

  // A forged cursor with a position no integer column holds is the caller's mistake, not ours.
  for (const position of [1e300, 1.5, 2 ** 53]) {
    const cursor = Buffer.from(JSON.stringify(['position', position, quote.id])).toString('base64url')
    for (const url of [`/v1/articles/nato-summit-ends/quotes?sort=position&cursor=${cursor}`, `/v1/quotes?sort=position&article=nato-summit-ends&cursor=${cursor}`]) {
      const res = await app.inject({ url })
      t.equal(res.statusCode, 400, `position ${position}: ${url}`)
      t.match(res.json(), { detail: /cursor/ })
    }
  }
})

t.test('random quote and quote of the day', async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const seen = new Set<string>()
  for (let i = 0; i < 40; i++) {
    const res = await app.inject({ url: '/v1/quotes/random?speaker=jens-stoltenberg&include=speaker' })
    t.equal(res.statusCode, 200)
    t.equal(res.json().speaker.slug, 'jens-stoltenberg', 'filters apply')
    t.equal(res.headers['cache-control'], 'no-store')
    seen.add(res.json().text)
  }
  t.equal(seen.size, 2, 'both public quotes of the speaker come up')
  t.equal((await app.inject({ url: '/v1/quotes/random?minLength=50' })).json().text, 'We agreed together to end our military presence in Afghanistan')
  t.equal((await app.inject({ url: '/v1/quotes/random?maxLength=3' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/quotes/random?article=economy-grows' })).json().text, 'Jobs are back')
  t.equal((await app.inject({ url: '/v1/quotes/random?limit=3' })).statusCode, 400, 'no paging on random')

  const today = await app.inject({ url: '/v1/quotes/today?include=speaker' })
  t.equal(today.statusCode, 200)
  const maxAge = Number(/max-age=(\d+)/.exec(String(today.headers['cache-control']))?.[1])
  const toMidnight = (Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now()) / 1000
  t.ok(maxAge > 0 && Math.abs(maxAge - toMidnight) < 5, `cacheable until midnight UTC (max-age=${maxAge})`)
  t.match(today.headers['cache-control'], /^public, /)
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ url: '/v1/quotes/today' })).json().id, today.json().id, 'the same all day')
  const keyed = await app.inject({ url: '/v1/quotes/today', headers: await authHeaders(app, 'content:read-drafts') })
  t.equal(keyed.json().id, today.json().id, 'the same for everyone')
  t.equal(keyed.headers['cache-control'], 'private, no-store')
})

t.test('quote writes', async (t) => {
  const app = await build(t)
  const { summit } = await seedNewsroom(app)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const res = await app.inject({
    method: 'POST', url: '/v1/quotes', headers: writer,
    payload: { text: 'A new quote', article: 'nato-summit-ends', speaker: { name: 'Kaja Kallas' }, topics: [{ slug: 'nato' }] }
  })
  t.equal(res.statusCode, 201)
  const quote = res.json()
  t.equal(res.headers.location, `/v1/quotes/${quote.id}`)
  t.match(quote, { position: 2, articleId: summit.id, saidAt: '2024-01-03T10:00:00.000Z', length: 11, version: 1 }, 'goes last; said when published')
  t.equal((await app.inject({ method: 'POST', url: '/v1/quotes', headers: writer, payload: { text: 'x', article: 'nope', speaker: { slug: 'joe-biden' } } })).statusCode, 422)

  const patched = await app.inject({
    method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: { ...writer, 'if-match': `"${quote.id}.1"` },
    payload: { text: 'An edited quote', speaker: { slug: 'joe-biden' }, topics: [{ slug: 'economy' }], saidAt: null }
  })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { text: 'An edited quote', length: 15, saidAt: null, version: 2, speakerId: String })
  const withTopics = (await app.inject({ url: `/v1/quotes/${quote.id}?include=topics,speaker` })).json()
  t.same(withTopics.topics.map((topic: { slug: string }) => topic.slug), ['economy'])
  t.equal(withTopics.speaker.slug, 'joe-biden')
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: { ...writer, 'if-match': `"${quote.id}.1"` }, payload: { text: 'x' } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/quotes/${quote.id}`, headers: { ...writer, 'if-match': `"${quote.id}.1"` } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/quotes/${quote.id}`, headers: { ...writer, 'if-match': `"${quote.id}.2"` } })).statusCode, 204)
  t.equal((await app.inject({ url: `/v1/quotes/${quote.id}` })).statusCode, 404)
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: writer, payload: { text: 'x' } })).statusCode, 404)
})
