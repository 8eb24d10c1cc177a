// `npm run bench`: loads the newsroom-scale dataset through the bulk API, compares it with
// a raw COPY, then loads Newsdesk and the bare baseline with autocannon and writes
// bench/RESULTS.md. Options: --articles N (default 100000), --seconds S (default 10).
// Then the newsroom mix (bench/newsroom/): `npm run bench -- newsroom` (or BENCH_ONLY=newsroom)
// runs only that and rewrites only its section of RESULTS.md; --newsroom-seconds S (default 25).
// `npm run bench -- search` (or BENCH_ONLY=search): the long-tail search and the search
// bulkhead beside the mix (bench/search/), written to their own section; --search-seconds S (20).
import { cpus, loadavg, totalmem } from 'node:os'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createDatabase } from '../src/db/client.js'
import { createApiKey } from '../src/modules/keys/api-keys.js'
import { articleLines, FULL, searchQueries } from './data.js'
import { copyLoad, prepareRows } from './lib/copy.js'
import { benchServer, freshDatabase, serverVersion } from './lib/database.js'
import { postmasterPid } from './lib/cpu.js'
import { measure, type LoadResult } from './lib/load.js'
import { rssMb, startNodeServer } from './lib/processes.js'
import { explainDiscoveryQueries, explainListQueries } from './explain.js'
import { renderResults } from './report.js'
import { compareTop20 } from './search-parity.js'
import { renderNewsroom, SECTION_END, SECTION_START, spliceSection } from './newsroom/report.js'
import { runNewsroom } from './newsroom/run.js'
import { renderSearch, spliceSearch } from './search/report.js'
import { runSearch } from './search/run.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { articles: { type: 'string', default: String(FULL.articles) }, seconds: { type: 'string', default: '10' }, 'newsroom-seconds': { type: 'string', default: '25' }, 'search-seconds': { type: 'string', default: '20' } }
})
const newsroomOnly = positionals.includes('newsroom') || process.env.BENCH_ONLY === 'newsroom'
const searchOnly = positionals.includes('search') || process.env.BENCH_ONLY === 'search'
const size = { ...FULL, articles: Number(values.articles), speakers: Math.min(FULL.speakers, Math.max(20, Number(values.articles) / 50)) }
const seconds = Number(values.seconds)
const connections = 50
const log = (message: string) => console.error(`[bench] ${message}`)

const benchStart = Date.now()
const server = await benchServer()
const machine = async (url: string): Promise<string> =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${await serverVersion(url)} (${server.label})`

interface SectionMeta { date: string, machine: string, command: string, note: string }

/** Runs one load section (the newsroom mix, or search), renders it and rewrites only its part of RESULTS.md. */
async function loadSection<Results> (name: 'newsroom' | 'search', run: (seconds: number) => Promise<Results>,
  render: (results: Results, meta: SectionMeta) => string, splice: (document: string, section: string) => string): Promise<void> {
  const seconds = Number(values[`${name}-seconds`])
  const loadBefore = loadavg()[0]!
  const results = await run(seconds)
  const section = render(results, {
    date: new Date().toISOString(),
    machine: await machine(server.serverUrl),
    command: `npm run bench -- ${name} --articles ${size.articles} --${name}-seconds ${seconds}`,
    note: `Load average (1 min) before / after: ${loadBefore.toFixed(1)} / ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores; above about 2 the figures were taken while other work shared the CPU.`
  })
  const previous = existsSync('bench/RESULTS.md') ? readFileSync('bench/RESULTS.md', 'utf8') : '# Benchmark results\n'
  writeFileSync('bench/RESULTS.md', splice(previous, section))
  console.log(section)
}

/** The newsroom mix. */
const newsroom = (): Promise<void> =>
  loadSection('newsroom', (seconds) => runNewsroom(server.serverUrl, { size, seconds, warmupSeconds: 3, warmSeconds: Number(process.env.NEWSROOM_WARM_SECONDS ?? 20), log }), renderNewsroom, spliceSection)

/** Long-tail search and the search bulkhead (kept by a full run, after the newsroom's section). */
const search = (): Promise<void> =>
  loadSection('search', (seconds) => runSearch(server.serverUrl, { size, seconds, log }), renderSearch, spliceSearch)

/** Hand-kept notes after the newsroom section (earlier runs, before and after a change) survive a full run. */
function keptNotes (): string {
  const previous = existsSync('bench/RESULTS.md') ? readFileSync('bench/RESULTS.md', 'utf8') : ''
  const end = previous.indexOf(SECTION_END)
  return end === -1 ? '' : `\n${SECTION_START}\n${SECTION_END}${previous.slice(end + SECTION_END.length)}`
}

if (searchOnly) {
  try {
    await search()
  } finally {
    await server.stop()
  }
  process.exit(0)
}

if (newsroomOnly) {
  try {
    await newsroom()
  } finally {
    await server.stop()
  }
  process.exit(0)
}

try {
  const url = await freshDatabase(server.serverUrl, 'newsdesk_bench')
  const copyUrl = await freshDatabase(server.serverUrl, 'newsdesk_bench_copy')
  const appEnv = { DATABASE_URL: url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', REQUEST_TIMEOUT_MS: '3600000' }

  const newsdesk = await startNodeServer('dist/bundle/server.js', appEnv, '/health')
  const idleMb = rssMb(newsdesk.child.pid)
  const { db } = createDatabase(url, 1)
  const { key } = await createApiKey(db, { name: 'bench', scopes: ['content:write'] })
  await db.$disconnect()

  log(`bulk-importing ${size.articles} articles through POST /v1/bulk/articles`)
  let sent = 0
  let rssAt10k = Number.NaN
  const rssEvery10k: number[] = [] // the API's memory as the upload goes on: flat, or growing with it?
  const body = new ReadableStream<Uint8Array>({
    start () {},
    async pull (controller) {
      const chunk: string[] = []
      // next() by hand: breaking out of for-of would close the generator.
      for (let next = generator.next(); !next.done; next = generator.next()) {
        chunk.push(JSON.stringify(next.value))
        if (chunk.length === 500) break
      }
      if (chunk.length === 0) return controller.close()
      sent += chunk.length
      if (sent >= 10_000 && Number.isNaN(rssAt10k)) rssAt10k = rssMb(newsdesk.child.pid)
      if (sent % 10_000 === 0) rssEvery10k.push(rssMb(newsdesk.child.pid))
      controller.enqueue(new TextEncoder().encode(chunk.join('\n') + '\n'))
    }
  })
  const generator = articleLines(size)
  const importStart = Date.now()
  const response = await fetch(`${newsdesk.url}/v1/bulk/articles`, {
    method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` }
  } as RequestInit)
  const summary = await response.json() as { created: number, failed: number }
  const importMs = Date.now() - importStart
  const rssAfterImport = rssMb(newsdesk.child.pid)
  if (summary.created !== size.articles) throw new Error(`bulk import created ${summary.created} of ${size.articles}: ${JSON.stringify(summary).slice(0, 500)}`)

  log('raw COPY of the same rows into a second database')
  const copyMs = await copyLoad(copyUrl, prepareRows([...articleLines(size)]))

  const admin = new pg.Pool({ connectionString: url, max: 1 })
  await admin.query('VACUUM ANALYZE')
  const slugs = (await admin.query<{ slug: string }>(`SELECT slug FROM articles WHERE status = 'published' ORDER BY md5(slug) LIMIT 1000`)).rows.map((row) => row.slug)
  const speakers = (await admin.query<{ slug: string }>('SELECT slug FROM speakers ORDER BY md5(slug) LIMIT 200')).rows.map((row) => row.slug)
  const plans = await explainListQueries(url)
  const discovery = await explainDiscoveryQueries(url)
  await admin.end()

  const baseline = await startNodeServer('bench/baseline/server.ts', { DATABASE_URL: url }, '/v1/articles')
  const queries = searchQueries()
  const scenarios: { name: string, newsdesk: string[], baseline: string[] }[] = [
    { name: 'article list (20 newest, with topics)', newsdesk: ['/v1/articles?limit=20&include=topics'], baseline: ['/v1/articles'] },
    { name: 'article by slug, with quotes', newsdesk: slugs.map((slug) => `/v1/articles/${slug}?include=quotes`), baseline: slugs.map((slug) => `/v1/articles/${slug}`) },
    { name: 'quotes by speaker', newsdesk: speakers.map((slug) => `/v1/speakers/${slug}/quotes`), baseline: speakers.map((slug) => `/v1/speakers/${slug}/quotes`) },
    { name: `search (${queries.length} queries)`, newsdesk: queries.map((q) => `/v1/search?type=articles&q=${encodeURIComponent(q)}`), baseline: queries.map((q) => `/v1/search?q=${encodeURIComponent(q)}`) }
  ]
  // The same Newsdesk with its response cache off: what every cache miss costs.
  const uncached = await startNodeServer('dist/bundle/server.js', { ...appEnv, RESPONSE_CACHE_MAX_ENTRIES: '0' }, '/health')
  log('search: top 20 against the naive ranked query')
  const parity = await compareTop20(uncached.url, baseline.url, queries)
  const postmaster = await postmasterPid(url) // CPU per answer counts Postgres too
  const rows: { name: string, newsdesk: LoadResult, uncached: LoadResult, baseline: LoadResult }[] = []
  for (const scenario of scenarios) {
    log(`load: ${scenario.name}`)
    const ours = await measure(newsdesk.url, scenario.newsdesk, { seconds, connections, pid: newsdesk.child.pid, postmaster })
    const oursUncached = await measure(uncached.url, scenario.newsdesk, { seconds, connections, pid: uncached.child.pid, postmaster })
    const theirs = await measure(baseline.url, scenario.baseline, { seconds, connections, pid: baseline.child.pid, postmaster })
    rows.push({ name: scenario.name, newsdesk: ours, uncached: oursUncached, baseline: theirs })
  }

  log('load: conditional GET')
  const item = `/v1/articles/${slugs[0]}`
  const conditional = []
  for (const [label, target] of [['response cache on', newsdesk], ['response cache off', uncached]] as const) {
    const etag = (await fetch(target.url + item)).headers.get('etag') ?? ''
    const full = await measure(target.url, [item], { seconds, connections, pid: target.child.pid, postmaster })
    const revalidated = await measure(target.url, [item], { seconds, connections, pid: target.child.pid, postmaster, headers: { 'if-none-match': etag } })
    conditional.push({ label, full, revalidated })
  }
  await uncached.stop()

  await baseline.stop()
  await newsdesk.stop()
  const warm = await startNodeServer('dist/bundle/server.js', appEnv, '/health')
  await warm.stop()

  const report = renderResults({
    date: new Date().toISOString(),
    machine: await machine(url),
    command: `npm run bench -- --articles ${size.articles} --seconds ${seconds}`,
    size,
    importMs, copyMs, idleMb, rssAt10k, rssAfterImport, rssEvery10k, startupMs: warm.startedInMs,
    rows, parity, conditional, plans, discovery,
    benchMinutes: (Date.now() - benchStart) / 60_000
  })
  writeFileSync('bench/RESULTS.md', report + keptNotes())
  console.log(report)
  await newsroom()
  await search()
} finally {
  await server.stop()
}
