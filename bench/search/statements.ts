// Where the database time of a long-tail search goes: Newsdesk's article search statements for a
// sample of the queries the bench walks first, timed in Postgres (EXPLAIN ANALYZE, TIMING OFF,
// planning included), as sent, with whole-story headlines, without headlines, and with stage
// two ranking by the head vector (no detoasts), by kind of query. Usage:
//   node --import tsx bench/search/statements.ts <archive URL> [sampled, 100] [first queries, 3000]
import pg from 'pg'
import { createDatabase } from '../../src/db/client.js'
import { createSearchRepository, sqlOn } from '../../src/modules/search/repository.js'
import { WORDS } from '../data.js'
import { searchQuerySet } from '../newsroom/mix.js'

const url = process.argv[2]!
const n = Number(process.argv[3] ?? 100)
const captured: { query: string, params: string }[] = []
const { db, pool } = createDatabase(url, 2, (event) => captured.push(event), { serial: true })
const search = createSearchRepository(sqlOn(pool))
const client = new pg.Client({ connectionString: url, options: '-c max_parallel_workers_per_gather=0' }) // as the search lane's (src/plugins/app/database.ts)
await client.connect()
// The bench walks the list from its start (about 3,000 queries in its 18 s): sample those.
const walked = Number(process.argv[4] ?? 3000)
const queries = searchQuerySet().slice(0, walked).filter((_, i) => i % Math.floor(walked / n) === 5).slice(0, n)
const sums: Record<string, number[]> = {}
const add = (key: string, ms: number) => (sums[key] ??= []).push(ms)
async function serverMs (sql: string, params: unknown[]): Promise<number> {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`, params)
  const plan = rows[0]['QUERY PLAN'][0]
  add('(planning)', plan['Planning Time'])
  return plan['Planning Time'] + plan['Execution Time']
}
const NEWS = new Set(WORDS)
/** The query's kind, as bench/newsroom/mix.ts draws them. */
const kindOf = (q: string): string => q.startsWith('"') ? 'phrase' : q.includes(' -') ? 'word -word' : q.split(' ').length === 3 ? 'three words'
  : q.split(' ').length === 1 ? 'one filler word' : q.split(' ').every((w) => NEWS.has(w)) ? 'two words' : 'word and filler'
for (const q of queries) {
  captured.length = 0
  const t0 = performance.now()
  await search.articles(q, true, 21)
  add('articles() wall', performance.now() - t0)
  for (const [i, event] of captured.entries()) {
    const params = JSON.parse(event.params)
    const kind = event.query.includes('ts_headline') ? 'rank' : event.query.includes('FROM topics t') ? 'alias' : 'other'
    add(`${kind} #${i}`, await serverMs(event.query, params))
    if (kind === 'rank') {
      add('rank, headline of the whole story', await serverMs(event.query.replace("THEN concat_ws(' ', a.title, a.summary)", "AND false THEN concat_ws(' ', a.title, a.summary)"), params))
      const noHeadline = event.query.replace(/ts_headline\(([^]*?)\) AS snippet/, '(CASE WHEN false THEN ts_headline($1) END) AS snippet')
      add(`  ${kindOf(q)}: stage one only`, await serverMs(noHeadline.replace('ts_rank(a.search_vector,', 'ts_rank(a.search_head,'), params))
      add(`  ${kindOf(q)}: rank without headline`, await serverMs(event.query.replace(/ts_headline\(([^]*?)\) AS snippet/, '(CASE WHEN false THEN ts_headline($1) END) AS snippet'), params))
      add('rank without headline', await serverMs(event.query.replace(/ts_headline\(([^]*?)\) AS snippet/, '(CASE WHEN false THEN ts_headline($1) END) AS snippet'), params))
    }
  }
}
for (const [key, list] of Object.entries(sums)) {
  const sorted = [...list].sort((a, b) => a - b)
  console.log(key.padEnd(28), 'n', list.length, 'mean', (list.reduce((s, x) => s + x, 0) / list.length).toFixed(2), 'p50', sorted[Math.floor(sorted.length / 2)]!.toFixed(2), 'p99', sorted[Math.ceil(sorted.length * 0.99) - 1]!.toFixed(2))
}
await client.end()
await db.$disconnect()
await pool.end()
