// `npm run bench -- search`: the long-tail search and bulkhead scenarios of issue 15 on the
// newsroom archive (100k articles, reused between runs; see bench/newsroom/database.ts).
import type { DatasetSize } from '../data.js'
import { startNodeServer } from '../lib/processes.js'
import { newsroomDatabase } from '../newsroom/database.js'
import { readLoad } from '../newsroom/load.js'
import { baseline, loadSamples, newsdesk, readMix, searchQuerySet } from '../newsroom/mix.js'
import type { ClassFigures } from '../newsroom/stats.js'
import { LONG_TAIL_CONNECTIONS, topTenOverlap, walkQueries, type Overlap, type Walk } from './longtail.js'
import { startStorm, STORM_CONNECTIONS } from './storm.js'

export interface MixFigures { story: ClassFigures, list: ClassFigures, topic: ClassFigures, speaker: ClassFigures, search: ClassFigures, nonSearch: ClassFigures, okPerSecond: number }
export interface SearchResults {
  size: DatasetSize, seconds: number, queries: number, searchConcurrency: string
  /** `open`: the same Newsdesk with its search bulkhead as wide as the load (SEARCH_CONCURRENCY=10), the ranking's cost alone. */
  longTail: { newsdesk: Walk, open: Walk, naive: Walk }
  overlap: Overlap
  quiet: MixFigures
  storm: { mix: MixFigures, storm: ClassFigures, stormPerSecond: number }
  minutes: number
}

const MIX_CONNECTIONS = 50
const OVERLAP_SAMPLE = 400

export async function runSearch (serverUrl: string, options: { size: DatasetSize, seconds: number, log: (message: string) => void }): Promise<SearchResults> {
  const began = Date.now()
  const { log, seconds } = options
  const { url } = await newsroomDatabase(serverUrl, options.size, log)
  const samples = await loadSamples(url)
  const queries = searchQuerySet()
  const appEnv = { DATABASE_URL: url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000', WEBHOOK_WORKER: 'false' }
  // Cache off for the long tail: every answer comes from the database (the queries never repeat anyway).
  let uncached = await startNodeServer('dist/src/server.js', { ...appEnv, RESPONSE_CACHE_MAX_ENTRIES: '0' }, '/health')
  const naive = await startNodeServer('bench/baseline/server.ts', { DATABASE_URL: url }, '/v1/articles')
  try {
    log(`search: long tail, ${queries.length} distinct queries, Newsdesk`)
    const oursWalk = await walkQueries(uncached.url, newsdesk.search, queries, { seconds, warmupSeconds: 3 })
    await uncached.stop()
    log('search: long tail, Newsdesk with SEARCH_CONCURRENCY=10')
    const open = await startNodeServer('dist/src/server.js', { ...appEnv, RESPONSE_CACHE_MAX_ENTRIES: '0', SEARCH_CONCURRENCY: String(LONG_TAIL_CONNECTIONS) }, '/health')
    const openWalk = await walkQueries(open.url, newsdesk.search, queries, { seconds, warmupSeconds: 3 }).finally(() => open.stop())
    uncached = await startNodeServer('dist/src/server.js', { ...appEnv, RESPONSE_CACHE_MAX_ENTRIES: '0' }, '/health')
    log('search: long tail, the naive ranked query')
    const naiveWalk = await walkQueries(naive.url, baseline.search, queries, { seconds, warmupSeconds: 3 })
    log(`search: top-10 overlap with the naive query on ${OVERLAP_SAMPLE} of the queries`)
    const step = Math.floor(queries.length / OVERLAP_SAMPLE)
    const overlap = await topTenOverlap(uncached.url, naive.url, queries.filter((_, i) => i % step === 1).slice(0, OVERLAP_SAMPLE))
    await naive.stop()
    await uncached.stop()

    // The bulkhead: the mix as readers see it (cache on, the default), then beside a storm.
    const server = await startNodeServer('dist/src/server.js', appEnv, '/health')
    try {
      log('search: the newsroom mix alone')
      const quiet = await mix(server.url, samples, queries.slice(10_000), seconds)
      log(`search: the newsroom mix beside a storm of ${STORM_CONNECTIONS} connections of slow searches`)
      const storm = startStorm(server.url, newsdesk.search)
      const loud = await mix(server.url, samples, queries.slice(15_000), seconds)
      log('search: stopping the storm')
      const stormSeconds = await storm.stop()
      const stormFigures = storm.recorder.figures(['search'])
      return {
        size: options.size, seconds, queries: queries.length, searchConcurrency: process.env.SEARCH_CONCURRENCY ?? 'default',
        longTail: { newsdesk: oursWalk, open: openWalk, naive: naiveWalk },
        overlap,
        quiet,
        storm: { mix: loud, storm: stormFigures, stormPerSecond: Math.round(stormFigures.statuses['2xx'] / stormSeconds) },
        minutes: (Date.now() - began) / 60_000
      }
    } finally {
      await server.stop()
    }
  } finally {
    await naive.stop()
    await uncached.stop()
  }
}

async function mix (origin: string, samples: Awaited<ReturnType<typeof loadSamples>>, queries: string[], seconds: number): Promise<MixFigures> {
  const { recorder, seconds: measured } = await readLoad(origin, readMix(newsdesk, samples, queries, 1), (cursor) => newsdesk.list(cursor), {
    connections: MIX_CONNECTIONS, warmupSeconds: 3, seconds
  })
  const all = recorder.figures(['story', 'list', 'topic', 'speaker', 'search'])
  return {
    story: recorder.figures(['story']),
    list: recorder.figures(['list']),
    topic: recorder.figures(['topic']),
    speaker: recorder.figures(['speaker']),
    search: recorder.figures(['search']),
    nonSearch: recorder.figures(['story', 'list', 'topic', 'speaker']),
    okPerSecond: Math.round((all.statuses['2xx'] + all.statuses['304']) / measured)
  }
}
