// Related stories, trending and search facets at newsroom scale, on their own:
//   DATABASE_URL=postgres://... node --import tsx bench/discovery.ts [--load]
// --load drops and recreates the database `newsdesk_bench_discovery` on that server and fills
// it with the benchmark's 100k articles by COPY; without it, DATABASE_URL must already hold them.
// Prints the database time of each statement (EXPLAIN ANALYZE over many stories) and the
// faceted search's statements for the 60 benchmark queries, as a RESULTS.md section.
import { parseArgs } from 'node:util'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import type { QueryEvent } from '../src/db/client.js'
import { articleLines, FULL, searchQueries } from './data.js'
import { copyLoad, prepareRows } from './lib/copy.js'
import { freshDatabase } from './lib/database.js'
import { explainDiscoveryQueries } from './explain.js'

const { values } = parseArgs({ options: { load: { type: 'boolean', default: false } } })
if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL')
let url = process.env.DATABASE_URL
if (values.load) {
  url = await freshDatabase(url, 'newsdesk_bench_discovery')
  console.error(`[discovery] loading ${FULL.articles} articles by COPY`)
  await copyLoad(url, prepareRows(articleLines(FULL)), { withoutTriggers: true })
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query('VACUUM ANALYZE')
  await admin.end()
}

const plans = await explainDiscoveryQueries(url)

// Search with facets: the statements one request sends, EXPLAINed; the facet aggregate is the added cost.
let captured: QueryEvent[] = []
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '1000000000', RESPONSE_CACHE_MAX_ENTRIES: '0' }), databaseUrl: url, onQuery: (event) => captured.push(event) })
const client = new pg.Client({ connectionString: url })
await client.connect()
const facetMs: number[] = []
for (const q of searchQueries()) {
  captured = []
  const res = await app.inject({ url: `/v1/search?type=articles&facets=topic,section,speaker&q=${encodeURIComponent(q)}` })
  if (res.statusCode !== 200) throw new Error(`${q}: ${res.statusCode}`)
  let ms = 0
  for (const event of captured.filter((e) => e.query.includes('matched'))) {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${event.query}`, JSON.parse(event.params) as unknown[])
    ms += (rows[0]['QUERY PLAN'] as { 'Execution Time': number }[])[0]!['Execution Time']
  }
  facetMs.push(ms)
}
await client.end()
await app.close()
facetMs.sort((a, b) => a - b)
const at = (p: number) => Math.round((facetMs[Math.min(facetMs.length - 1, Math.floor(facetMs.length * p))] ?? 0) * 100) / 100

console.log([
  '## Related, trending and search facets (database time, EXPLAIN ANALYZE)',
  '',
  `${new Date().toISOString()}, ${FULL.articles.toLocaleString('en')} articles; command: \`DATABASE_URL=... node --import tsx bench/discovery.ts --load\`.`,
  '',
  '| statement | runs | p50 ms | p95 ms | max ms | seq scans of articles/quotes |',
  '| --- | --- | --- | --- | --- | --- |',
  ...plans.map((plan) => `| ${plan.what} | ${plan.runs} | ${plan.p50Ms} | ${plan.p95Ms} | ${plan.maxMs} | ${plan.seqScans.length ? plan.seqScans.join(', ') : 'none'} |`),
  `| search facets (topic, section, speaker) over all matches, ${facetMs.length} queries | ${facetMs.length} | ${at(0.5)} | ${at(0.95)} | ${at(1)} | |`,
  '',
  'Scans of the slowest run of each statement (index or table × loops → rows):',
  '',
  ...plans.map((plan) => `- ${plan.what}: ${plan.summary}`)
].join('\n'))
