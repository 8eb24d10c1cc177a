// The ranking SQL alone, one query at a time, against the naive ranked query: mean, p50 and p99
// milliseconds and how many of the naive top 10 each variant keeps, over a sample of the 20,000
// long-tail queries. Usage (a loaded newsroom archive, migrated):
//   node --import tsx bench/search/rankings.ts postgresql://…/newsdesk_newsroom_100000 [queries] [variant,variant]
import pg from 'pg'
import { searchQuerySet } from '../newsroom/mix.js'
const url = process.argv[2]!
const n = Number(process.argv[3] ?? 200)
const only = process.argv[4]
const client = new pg.Client({ connectionString: url })
await client.connect()
await client.query('VACUUM ANALYZE articles')
const PUBLIC = `((a.status = 'published' AND (a.published_at IS NULL OR a.published_at <= now())) OR (a.status IN ('published','scheduled') AND a.published_at <= now()))`
const queries = searchQuerySet().filter((_, i) => i % Math.floor(20000 / n) === 3).slice(0, n)
const NAIVE = `SELECT a.id FROM articles a, websearch_to_tsquery('english', $1) query WHERE a.search_vector @@ query AND ${PUBLIC} ORDER BY ts_rank(a.search_vector, query) DESC, a.published_at DESC NULLS LAST, a.id LIMIT 10`
const twoStage = (k: number, stage1 = 'ts_rank(a.search_head, query)') => `WITH query AS (SELECT websearch_to_tsquery('english', $1) AS query),
 c AS (SELECT a.id FROM articles a, query WHERE a.search_vector @@ query AND ${PUBLIC} ORDER BY ${stage1} DESC, a.published_at DESC NULLS LAST, a.id LIMIT ${k})
 SELECT a.id FROM c JOIN articles a ON a.id = c.id, query ORDER BY ts_rank(a.search_vector, query) DESC, a.published_at DESC NULLS LAST, a.id LIMIT 10`
const tier = (k: number) => `WITH query AS (SELECT websearch_to_tsquery('english', $1) AS query),
 head_first AS (SELECT a.id FROM articles a, query WHERE numnode(query) = 1 AND a.search_head @@ query AND ${PUBLIC} ORDER BY ts_rank(a.search_head, query) DESC, a.published_at DESC NULLS LAST, a.id LIMIT ${k}),
 enough AS (SELECT count(*) >= ${k} AS yes FROM head_first),
 c AS (
   SELECT id FROM head_first WHERE (SELECT yes FROM enough)
   UNION ALL
   (SELECT a.id FROM articles a, query WHERE NOT (SELECT yes FROM enough) AND a.search_vector @@ query AND ${PUBLIC} ORDER BY ts_rank(a.search_head, query) DESC, a.published_at DESC NULLS LAST, a.id LIMIT ${k}))
 SELECT a.id FROM c JOIN articles a ON a.id = c.id, query ORDER BY ts_rank(a.search_vector, query) DESC, a.published_at DESC NULLS LAST, a.id LIMIT 10`
const variants: Record<string, string> = {
  naive: NAIVE,
  'two-stage 200, one word from the heads': tier(200),
  'two-stage 50': twoStage(50),
  'two-stage 100': twoStage(100),
  'two-stage 200': twoStage(200),
  'two-stage 300': twoStage(300),
}
const results: Record<string, { ms: number[], overlap: number[] }> = {}
for (const q of queries) {
  const truth = (await client.query(NAIVE, [q])).rows.map((r) => r.id)
  for (const [name, sql] of Object.entries(variants)) {
    if (only && name !== 'naive' && !only.split(',').includes(name)) continue
    const t0 = performance.now()
    const ids = (await client.query(sql, [q])).rows.map((r) => r.id)
    const ms = performance.now() - t0
    const r = results[name] ??= { ms: [], overlap: [] }
    r.ms.push(ms)
    r.overlap.push(truth.length === 0 ? 10 : ids.filter((id) => truth.includes(id)).length * 10 / truth.length)
  }
}
for (const [name, r] of Object.entries(results)) {
  const ms = [...r.ms].sort((a, b) => a - b)
  const mean = ms.reduce((s, x) => s + x, 0) / ms.length
  const ov = r.overlap.reduce((s, x) => s + x, 0) / r.overlap.length
  console.log(name.padEnd(40), 'mean', mean.toFixed(1), 'p50', ms[Math.floor(ms.length / 2)]!.toFixed(1), 'p99', ms[Math.ceil(ms.length * 0.99) - 1]!.toFixed(1), 'overlap', ov.toFixed(2), 'worst', Math.min(...r.overlap))
}
await client.end()
