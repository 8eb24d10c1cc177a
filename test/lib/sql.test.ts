import t from 'tap'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'
import { build } from '../helpers/app.js'

// The hot reads are named prepared statements (src/lib/sql.ts): each pooled connection keeps
// every text it was asked to prepare for as long as it lives. Whatever page sizes and `fields=`
// callers choose, the texts must come from a small fixed set, or any caller could fill the
// server's and Postgres's memory with statements.
t.test('page sizes and fields chosen by callers do not make a statement each', async (t) => {
  const app = await build(t, { DATABASE_POOL_SIZE: 1, RESPONSE_CACHE_MAX_ENTRIES: 0 })
  await saveArticleGraph(app.db, {
    title: 'Harbour strike ends', status: 'published',
    quotes: [{ text: 'We are going back to work tomorrow.', speaker: { name: 'Ada Mensah' } }]
  })
  const speaker = 'ada-mensah'
  const fields = ['title', 'slug', 'summary', 'section', 'byline', 'publishedAt', 'updatedAt']
  for (let limit = 1; limit <= 60; limit++) {
    const some = fields.filter((_, i) => (limit >> i) % 2 === 1).join(',')
    for (const url of [`/v1/articles?limit=${limit}`, `/v1/articles?limit=${limit}&fields=${some || 'title'}`,
      `/v1/speakers/${speaker}/quotes?limit=${limit}`, `/v1/speakers/${speaker}/quotes?limit=${limit}&fields=text`]) {
      t.equal((await app.inject(url)).statusCode, 200, url)
    }
  }
  // One pooled connection: what it holds is what every connection would hold.
  const { rows } = await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')
  t.ok(rows[0]!.n <= 30, `${rows[0]!.n} statements prepared for 240 differently shaped pages`)
})
