// Relevance (how many of the naive top 10 Newsdesk's top 10 keeps) and database time of
// Newsdesk's article search over the bench's overlap sample (every 50th query), without HTTP.
//   node --import tsx bench/search/overlap.ts <archive URL> [queries, 400]
import pg from 'pg'
import { createSearchRepository, sqlOn } from '../../src/modules/search/repository.js'
import { searchQuerySet } from '../newsroom/mix.js'

const url = process.argv[2]!
const pool = new pg.Pool({ connectionString: url, max: 1, options: '-c max_parallel_workers_per_gather=0' })
const search = createSearchRepository(sqlOn(pool))
const queries = searchQuerySet().filter((_, i) => i % 50 === 1).slice(0, Number(process.argv[3] ?? 400))
const PUBLIC = `((a.status = 'published' AND (a.published_at IS NULL OR a.published_at <= now())) OR (a.status IN ('published','scheduled') AND a.published_at <= now()))`
const NAIVE = `SELECT a.id FROM articles a, websearch_to_tsquery('english', $1) query WHERE a.search_vector @@ query AND ${PUBLIC} ORDER BY ts_rank(a.search_vector, query) DESC, a.published_at DESC NULLS LAST, a.id LIMIT 10`
let total = 0; let compared = 0; let ms = 0; const worst: [string, number][] = []
for (const q of queries) {
  const truth = (await pool.query(NAIVE, [q])).rows.map((row) => row.id as string)
  const t0 = performance.now()
  const ours = (await search.articles(q, true, 11)).slice(0, 10).map((row) => row.id)
  ms += performance.now() - t0
  if (truth.length === 0) continue
  const found = 10 * truth.filter((id) => ours.includes(id)).length / truth.length
  total += found; compared++
  if (found < 10) worst.push([q, found])
}
console.log(`overlap ${(total / compared).toFixed(3)} over ${compared}, ours ${(ms / queries.length).toFixed(2)} ms/query; below 10: ${worst.map(([q, f]) => `${q}=${f}`).join(', ')}`)
await pool.end()
