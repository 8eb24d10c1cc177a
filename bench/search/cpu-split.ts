// Where a long-tail search spends its CPU: the API process's and Postgres's CPU seconds per
// answer, read from /proc while 10 connections walk the 20,000 queries (as `npm run bench --
// search` does), for Newsdesk (response cache off) and the naive ranked query. CPU per answer
// moves far less than req/s when other work shares the cores. Postgres's share counts the
// processes of the bench's own server (.data/bench-postgres), whoever else uses it. Usage (built first,
// `npx tsc -p tsconfig.build.json`):
//   [NEWSDESK_SCRIPT=…/server.js] node --import tsx bench/search/cpu-split.ts postgresql://…/newsdesk_newsroom_100000 [seconds] [SEARCH_CONCURRENCY]
import { readdirSync, readFileSync } from 'node:fs'
import { startNodeServer } from '../lib/processes.js'
import { baseline, newsdesk, searchQuerySet } from '../newsroom/mix.js'
import { walkQueries } from './longtail.js'

const url = process.argv[2]!
const seconds = Number(process.argv[3] ?? 10)
const concurrency = process.argv[4] ?? '10'
const TICKS = 100 // USER_HZ on Linux

/** utime + stime of a process, in seconds. */
function cpuSeconds (pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS
  } catch {
    return 0
  }
}

/** CPU seconds of the bench's Postgres: its postmaster and its children (backends that exited count in the postmaster's cutime). */
function postgresSeconds (): number {
  const postmaster = readFileSync('.data/bench-postgres/postmaster.pid', 'utf8').split('\n')[0]!.trim()
  let total = 0
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
      if (pid !== postmaster && fields[1] !== postmaster) continue
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS
    } catch {}
  }
  return total
}

const queries = searchQuerySet()
const env = { DATABASE_URL: url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000', WEBHOOK_WORKER: 'false', RESPONSE_CACHE_MAX_ENTRIES: '0', SEARCH_CONCURRENCY: concurrency }

async function measure (label: string, script: string, serverEnv: Record<string, string>, readyPath: string, path: (q: string) => string): Promise<void> {
  const server = await startNodeServer(script, serverEnv, readyPath)
  try {
    // A short walk first, so both servers meet warm caches and compiled code.
    await walkQueries(server.url, path, queries.slice(19_000), { seconds: 2, warmupSeconds: 1 })
    const node0 = cpuSeconds(server.child.pid!)
    const pg0 = postgresSeconds()
    const self0 = process.cpuUsage()
    const walk = await walkQueries(server.url, path, queries, { seconds, warmupSeconds: 0 })
    const self = process.cpuUsage(self0)
    const answers = walk.figures.statuses['2xx']
    const perAnswer = (cpu: number): string => (1000 * cpu / answers).toFixed(2)
    console.log(`${label.padEnd(30)} ${String(walk.perSecond).padStart(4)} req/s p50 ${walk.figures.p50} p99 ${walk.figures.p99} ms; CPU ms per answer: API ${perAnswer(cpuSeconds(server.child.pid!) - node0)}, Postgres ${perAnswer(postgresSeconds() - pg0)}, load client ${perAnswer((self.user + self.system) / 1e6)}`)
  } finally {
    await server.stop()
  }
}

// NEWSDESK_SCRIPT compares another build (an earlier commit's dist) in the same conditions.
const script = process.env.NEWSDESK_SCRIPT ?? 'dist/src/server.js'
if (process.env.SKIP_NAIVE !== '1') await measure('naive ranked query', 'bench/baseline/server.ts', { DATABASE_URL: url }, '/v1/articles', baseline.search)
await measure(`Newsdesk (SEARCH_CONCURRENCY=${concurrency})`, script, env, '/health', newsdesk.search)
