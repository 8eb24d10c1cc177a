// The cache-miss hot paths against the bare baseline, back to back, on an existing database:
//   node --import tsx bench/hot-paths.ts [--seconds 5] [--only list,slug,speaker,304]
// with Newsdesk (RESPONSE_CACHE_MAX_ENTRIES=0) listening on NEWSDESK_URL and
// bench/baseline/server.ts on BASELINE_URL, both on DATABASE_URL. Prints req/s and ratios;
// run it a few times, since other work on the machine moves the absolute numbers. With
// NEWSDESK_PID and BASELINE_PID (the servers' process ids) it also prints the CPU each answer
// cost the server and Postgres (a local one), which moves far less with the neighbours.
import { parseArgs } from 'node:util'
import pg from 'pg'
import { postmasterPid } from './lib/cpu.js'
import { measure, type LoadResult } from './lib/load.js'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, only: { type: 'string' } } })
const newsdesk = process.env.NEWSDESK_URL ?? 'http://127.0.0.1:3222'
const baseline = process.env.BASELINE_URL ?? 'http://127.0.0.1:3901'
const only = values.only?.split(',')
const pid = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined)
const postmaster = await postmasterPid(process.env.DATABASE_URL!)
const options = { seconds: Number(values.seconds), connections: 50, postmaster }
const cpu = (result: LoadResult): string => Number.isNaN(result.serverCpuMs) ? '' : ` (CPU per answer: server ${result.serverCpuMs.toFixed(2)} ms, Postgres ${result.postgresCpuMs.toFixed(2)} ms)`

// The same samples as bench/run.ts.
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
const slugs = (await admin.query<{ slug: string }>(`SELECT slug FROM articles WHERE status = 'published' ORDER BY md5(slug) LIMIT 1000`)).rows.map((row) => row.slug)
const speakers = (await admin.query<{ slug: string }>('SELECT slug FROM speakers ORDER BY md5(slug) LIMIT 200')).rows.map((row) => row.slug)
await admin.end()

const scenarios = [
  { name: 'list', ours: ['/v1/articles?limit=20&include=topics'], theirs: ['/v1/articles'] },
  { name: 'slug', ours: slugs.map((slug) => `/v1/articles/${slug}?include=quotes`), theirs: slugs.map((slug) => `/v1/articles/${slug}`) },
  { name: 'speaker', ours: speakers.map((slug) => `/v1/speakers/${slug}/quotes`), theirs: speakers.map((slug) => `/v1/speakers/${slug}/quotes`) }
]
for (const scenario of scenarios.filter((s) => !only || only.includes(s.name))) {
  const ours = await measure(newsdesk, scenario.ours, { ...options, pid: pid('NEWSDESK_PID') })
  const theirs = await measure(baseline, scenario.theirs, { ...options, pid: pid('BASELINE_PID') })
  console.log(`${scenario.name}: newsdesk ${ours.requestsPerSecond} req/s${cpu(ours)}, baseline ${theirs.requestsPerSecond} req/s${cpu(theirs)}, ` +
    `${(ours.requestsPerSecond / theirs.requestsPerSecond).toFixed(2)}x (non-2xx ${ours.non2xx}/${theirs.non2xx})`)
}

if (!only || only.includes('304')) {
  const item = `/v1/articles/${slugs[0]}`
  const etag = (await fetch(newsdesk + item)).headers.get('etag') ?? ''
  const full = await measure(newsdesk, [item], options)
  const revalidated = await measure(newsdesk, [item], { ...options, headers: { 'if-none-match': etag } })
  console.log(`304: full 200 ${full.requestsPerSecond} req/s, 304 ${revalidated.requestsPerSecond} req/s, ` +
    `${(revalidated.requestsPerSecond / full.requestsPerSecond).toFixed(2)}x (304s ${revalidated.non2xx})`)
}
