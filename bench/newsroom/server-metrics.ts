// What each server did while the mix ran (issue 15: "the bench reads these metrics to explain its
// figures"): Newsdesk's /metrics scraped when a measured half begins and ends (counters, as
// differences) and once a second between (gauges: pool waiting, event-loop delay), summed over a
// pair's two instances; and, for every server, the CPU its processes and Postgres used (/proc).
import { backendsCpuSince, processCpuMs, serverWorkCpuMs } from '../lib/cpu.js'

type Sample = Map<string, number>

/** Prometheus' text format: one `name{labels} value` per line; comments skipped. */
export function parseMetrics (text: string): Sample {
  const sample: Sample = new Map()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    sample.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return sample
}

/** The value of each series of `name` by the value of its `label` (`reason`, `lane`), summed. */
function byLabel (sample: Sample, name: string, label: string): Record<string, number> {
  const values: Record<string, number> = {}
  const prefix = `${name}{`
  for (const [series, value] of sample) {
    if (!series.startsWith(prefix)) continue
    const key = new RegExp(`${label}="([^"]*)"`).exec(series)?.[1] ?? ''
    values[key] = (values[key] ?? 0) + value
  }
  return values
}

export interface ServerMetrics {
  /** Seconds between the first and last scrape. */
  seconds: number
  cacheHits: number
  cacheMisses: number
  /** Answers dropped from the response cache, by reason (invalidated, capacity, expired). */
  evictions: Record<string, number>
  /** Requests refused with 503, by reason. */
  shed: Record<string, number>
  /** The server processes' CPU (user and system), and Postgres's for them: their backends (the editor's saves go through them) and its background processes. */
  cpuSeconds: number
  postgresCpuSeconds: number
  /** Queries waiting for a pooled connection, by lane: the most seen in one poll, and the sum over polls (none without /metrics). */
  poolWaitingMax: Record<string, number>
  poolWaitingSum: Record<string, number>
  polls: number
  /** The worst event-loop delay p99 among the polls (prom-client resets its histogram on each scrape). */
  eventLoopP99MaxMs: number
}

const difference = (after: Record<string, number>, before: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]).filter(([, value]) => value !== 0))
const add = (a: Record<string, number>, b: Record<string, number>, pick = (x: number, y: number) => x + y): Record<string, number> => {
  const sum = { ...a }
  for (const [key, value] of Object.entries(b)) sum[key] = key in sum ? pick(sum[key]!, value) : value
  return sum
}

function counters (samples: Sample[]): Pick<ServerMetrics, 'cacheHits' | 'cacheMisses' | 'evictions' | 'shed'> {
  const total = (name: string): number => samples.reduce((sum, sample) => sum + (sample.get(name) ?? 0), 0)
  return {
    cacheHits: total('newsdesk_response_cache_hits_total'),
    cacheMisses: total('newsdesk_response_cache_misses_total'),
    evictions: samples.reduce((sum, sample) => add(sum, byLabel(sample, 'newsdesk_response_cache_evictions_total', 'reason')), {}),
    shed: samples.reduce((sum, sample) => add(sum, byLabel(sample, 'newsdesk_shed_requests_total', 'reason')), {})
  }
}

async function scrape (url: string, key: string): Promise<Sample> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key}` } })
  if (!response.ok) throw new Error(`${url}/metrics answered ${response.status}`)
  return parseMetrics(await response.text())
}

export interface Watched {
  /** Newsdesk instances' base URLs, whose /metrics `key` may read (none for the baseline). */
  urls: string[]
  key: string
  /** The server processes' ids, and the Postgres postmaster's (when it is local). */
  pids: (number | undefined)[]
  postmaster: number | undefined
}

/** Starts watching a server; `stop` ends it and gives what was measured meanwhile. */
export function watchServers ({ urls, key, pids, postmaster }: Watched): { stop: () => Promise<ServerMetrics> } {
  const scrapeAll = (): Promise<Sample[]> => Promise.all(urls.map((url) => scrape(url, key)))
  // Postgres: the backends serving these processes and the server's background processes, not the
  // whole server: on a shared bench Postgres other people's sessions would count (bench/RESULTS.md, session 19).
  const cpu = (): { server: number, postgres: Map<number, number> } => ({ server: pids.reduce((sum: number, pid) => sum + processCpuMs(pid), 0), postgres: serverWorkCpuMs(postmaster, pids) })
  const cpuBefore = cpu()
  const began = performance.now()
  const first = scrapeAll()
  first.catch(() => {}) // rethrown by stop(), which awaits it
  const gauges = { poolWaitingMax: {} as Record<string, number>, poolWaitingSum: {} as Record<string, number>, polls: 0, eventLoopP99MaxMs: 0 }
  const poll = async (): Promise<void> => {
    if (urls.length === 0) return
    const samples = await scrapeAll()
    const waiting = samples.reduce((sum, sample) => add(sum, byLabel(sample, 'newsdesk_db_pool_waiting', 'lane')), {})
    gauges.poolWaitingMax = add(gauges.poolWaitingMax, waiting, Math.max)
    gauges.poolWaitingSum = add(gauges.poolWaitingSum, waiting)
    gauges.polls += 1
    for (const sample of samples) gauges.eventLoopP99MaxMs = Math.max(gauges.eventLoopP99MaxMs, 1000 * (sample.get('nodejs_eventloop_lag_p99_seconds') ?? 0))
  }
  let polling = Promise.resolve()
  const timer = setInterval(() => { polling = polling.then(poll, () => {}) }, 1000)
  return {
    stop: async () => {
      clearInterval(timer)
      const cpuAfter = cpu()
      await polling
      const [before, after] = [counters(await first), counters(await scrapeAll())]
      return {
        seconds: (performance.now() - began) / 1000,
        cacheHits: after.cacheHits - before.cacheHits,
        cacheMisses: after.cacheMisses - before.cacheMisses,
        evictions: difference(after.evictions, before.evictions),
        shed: difference(after.shed, before.shed),
        cpuSeconds: (cpuAfter.server - cpuBefore.server) / 1000,
        postgresCpuSeconds: postmaster === undefined ? Number.NaN : backendsCpuSince(cpuBefore.postgres, cpuAfter.postgres) / 1000,
        ...gauges
      }
    }
  }
}

/** Two measured halves of one write rate, pooled. */
export function poolMetrics (a: ServerMetrics, b: ServerMetrics): ServerMetrics {
  return {
    seconds: a.seconds + b.seconds,
    cacheHits: a.cacheHits + b.cacheHits,
    cacheMisses: a.cacheMisses + b.cacheMisses,
    evictions: add(a.evictions, b.evictions),
    shed: add(a.shed, b.shed),
    cpuSeconds: a.cpuSeconds + b.cpuSeconds,
    postgresCpuSeconds: a.postgresCpuSeconds + b.postgresCpuSeconds,
    poolWaitingMax: add(a.poolWaitingMax, b.poolWaitingMax, Math.max),
    poolWaitingSum: add(a.poolWaitingSum, b.poolWaitingSum),
    polls: a.polls + b.polls,
    eventLoopP99MaxMs: Math.max(a.eventLoopP99MaxMs, b.eventLoopP99MaxMs)
  }
}
