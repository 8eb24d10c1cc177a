// Related stories, trending and search facets at newsroom scale, on their own:
//   DATABASE_URL=postgres://... node --import tsx bench/discovery.ts [--load]
// --load drops and recreates the database `newsdesk_bench_discovery` on that server and fills
// it with the benchmark's 100k articles by COPY; without it, DATABASE_URL must already hold them.
// Prints the RESULTS.md section that `npm run bench` also writes (bench/explain.ts).
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { articleLines, FULL } from './data.js'
import { copyLoad, prepareRows } from './lib/copy.js'
import { freshDatabase } from './lib/database.js'
import { explainDiscoveryQueries, renderDiscovery } from './explain.js'

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
const loadBefore = loadavg()[0]!
const plans = await explainDiscoveryQueries(url)
console.log([
  ...renderDiscovery(plans),
  `${new Date().toISOString()}; \`DATABASE_URL=... node --import tsx bench/discovery.ts --load\`; load average (1 min) before / after: ` +
    `${loadBefore.toFixed(1)} / ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`
].join('\n'))
