// The newsroom mix (issue 15): readers at 50 connections while an editor saves recent stories
// at 0, 1 and 10 writes a second, against Newsdesk with its response cache on, with it off,
// and the bare baseline, interleaved by write rate so all three share the machine's moment.
// Each server is first warmed with the mix, unmeasured, and the write rates run there and back
// (0, 1, 10, 10, 1, 0; each half as long), their halves pooled: a machine that drifts over the
// minutes then weighs on every rate alike, and no rate is measured on a cold server.
import { fork } from 'node:child_process'
import { createDatabase } from '../../src/db/client.js'
import { createApiKey } from '../../src/modules/keys/api-keys.js'
import type { DatasetSize } from '../data.js'
import { rssMb, startNodeServer, type Server } from '../lib/processes.js'
import { newsroomDatabase } from './database.js'
import { balance, type Balanced } from './proxy.js'
import type { EditorOrders } from './editor.js'
import { baseline, loadSamples, newsdesk, READ_CLASSES, readMix, searchQuerySet, type RouteClass, type Samples, type Target } from './mix.js'
import { readLoad } from './load.js'
import { postmasterPid } from '../lib/cpu.js'
import { poolMetrics, watchServers, type ServerMetrics } from './server-metrics.js'
import { editorFigures, type ClassFigures, type EditorFigures, type EditorSaves, type Recorder } from './stats.js'

export const WRITE_RATES = [0, 1, 10]
const THERE_AND_BACK = [...WRITE_RATES, ...[...WRITE_RATES].reverse()]
export const TWO_INSTANCES = 'Newsdesk ×2 + Redis, cache on'

/** The replica's URL for the newsroom database, when NEWSROOM_REPLICA_URL names a (streaming) replica of the bench's server. */
function replicaEnv (url: string): Record<string, string> {
  const replica = process.env.NEWSROOM_REPLICA_URL
  if (!replica) return {}
  const routed = new URL(replica)
  routed.pathname = new URL(url).pathname
  return { DATABASE_REPLICA_URL: routed.toString() }
}
export const CONNECTIONS = 50

/** `KEY=VALUE,KEY=VALUE` as environment settings; undefined when unset or empty. */
function settingsOf (text: string | undefined): Record<string, string> | undefined {
  const pairs = (text ?? '').split(',').map((pair) => pair.trim()).filter((pair) => pair.length > 0)
  if (pairs.length === 0) return undefined
  return Object.fromEntries(pairs.map((pair) => {
    const at = pair.indexOf('=')
    if (at <= 0) throw new Error(`NEWSROOM_VARIANT: "${pair}" is not KEY=VALUE`)
    return [pair.slice(0, at), pair.slice(at + 1)]
  }))
}

export interface RunFigures {
  server: string
  writeRate: number
  /** Answers of every status, and the 2xx/304 among them, per second. */
  answersPerSecond: number
  okPerSecond: number
  reads: ClassFigures
  nonSearch: ClassFigures
  classes: Partial<Record<RouteClass, ClassFigures>>
  editor?: EditorFigures
  rssMb: number
  /** What the server's own /metrics counted meanwhile (Newsdesk only), and the CPU it and Postgres used. */
  metrics?: ServerMetrics
}

export interface NewsroomResults {
  size: DatasetSize, seconds: number, warmupSeconds: number, warmSeconds: number, loadMs: number | null, stories: number, queries: number
  runs: RunFigures[]
  minutes: number
}

interface Contender { label: string, target: Target, server: Server, next: ReturnType<typeof readMix>, baselineWrites: boolean, metricsUrls: string[], pids: (number | undefined)[] }

/** One write rate's measured halves, pooled. */
interface Pooled { recorder?: Recorder, seconds: number, saves: EditorSaves[], metrics?: ServerMetrics }

export async function runNewsroom (serverUrl: string, options: { size: DatasetSize, seconds: number, warmupSeconds: number, warmSeconds: number, log: (message: string) => void }): Promise<NewsroomResults> {
  const began = Date.now()
  const { log } = options
  const { url, loadMs } = await newsroomDatabase(serverUrl, options.size, log)
  const samples = await loadSamples(url)
  const queries = searchQuerySet()
  const { db } = createDatabase(url, 1)
  const { key } = await createApiKey(db, { name: 'newsroom-editor', scopes: ['content:write'] })
  const { key: metricsKey } = await createApiKey(db, { name: 'newsroom-metrics', scopes: ['metrics:read'] })
  const postmaster = await postmasterPid(url)
  await db.$disconnect()

  const appEnv = { DATABASE_URL: url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000' }
  const contenders: Contender[] = []
  const start = async (label: string, target: Target, script: string, env: Record<string, string>, ready: string, seed: number) => {
    const server = await startNodeServer(script, env, ready)
    contenders.push({ label, target, server, next: readMix(target, samples, queries, seed), baselineWrites: target === baseline, metricsUrls: target === baseline ? [] : [server.url], pids: [server.child.pid] })
  }
  try {
    // Each server walks the same query list from its start: no query repeats within a server's life.
    await start('Newsdesk, cache on', newsdesk, 'dist/src/server.js', appEnv, '/health', 1)
    await start('Newsdesk, cache off', newsdesk, 'dist/src/server.js', { ...appEnv, RESPONSE_CACHE_MAX_ENTRIES: '0' }, '/health', 1)
    await start('baseline', baseline, 'bench/baseline/server.ts', { DATABASE_URL: url }, '/v1/articles', 1)
    // A setting to compare with the defaults in the same minutes (NEWSROOM_VARIANT=SEARCH_CONCURRENCY=1):
    // runs measured apart move with the machine more than with most settings.
    const variant = settingsOf(process.env.NEWSROOM_VARIANT)
    if (variant) await start(`Newsdesk, cache on, ${process.env.NEWSROOM_VARIANT!.trim()}`, newsdesk, 'dist/src/server.js', { ...appEnv, ...variant }, '/health', 1)
    // Scaled out: two instances behind one port (bench/newsroom/proxy.ts), sharing rate limits
    // through Redis, and public reads on the replica when NEWSROOM_REPLICA_URL names one.
    if (process.env.NEWSROOM_TWO_INSTANCES !== '0') {
      const shared = { ...appEnv, REDIS_URL: process.env.NEWSROOM_REDIS_URL ?? 'redis://127.0.0.1:6379', ...replicaEnv(url) }
      const pair = await balance([await startNodeServer('dist/src/server.js', shared, '/health'), await startNodeServer('dist/src/server.js', shared, '/health')])
      contenders.push({ label: TWO_INSTANCES, target: newsdesk, server: pair, next: readMix(newsdesk, samples, queries, 1), baselineWrites: false, metricsUrls: pair.instances.map((instance) => instance.url), pids: pair.instances.map((instance) => instance.child.pid) })
    }
    for (const contender of contenders) {
      log(`newsroom: warming ${contender.label} for ${options.warmSeconds} s`)
      await alone(contenders, contender, () => readLoad(contender.server.url, contender.next, (cursor) => contender.target.list(cursor), { connections: CONNECTIONS, warmupSeconds: options.warmSeconds, seconds: 0 }))
    }
    const pooled = new Map<string, Pooled>()
    const half = { seconds: options.seconds / 2, warmupSeconds: options.warmupSeconds }
    for (const writeRate of THERE_AND_BACK) {
      for (const contender of contenders) {
        log(`newsroom: ${contender.label}, ${writeRate} writes/s`)
        const { recorder, seconds, saves, metrics } = await alone(contenders, contender, () => runOnce(contender, writeRate, { key, metricsKey, postmaster }, samples, half))
        const entry = pooled.get(`${contender.label}|${writeRate}`) ?? { seconds: 0, saves: [] }
        if (entry.recorder) entry.recorder.absorb(recorder)
        else entry.recorder = recorder
        if (metrics) entry.metrics = entry.metrics ? poolMetrics(entry.metrics, metrics) : metrics
        entry.seconds += seconds
        if (saves) entry.saves.push(saves)
        pooled.set(`${contender.label}|${writeRate}`, entry)
      }
    }
    const runs = WRITE_RATES.flatMap((writeRate) => contenders.map((contender) =>
      figuresOf(contender, writeRate, pooled.get(`${contender.label}|${writeRate}`)!)))
    return { size: options.size, seconds: options.seconds, warmupSeconds: options.warmupSeconds, warmSeconds: options.warmSeconds, loadMs, stories: samples.stories.length, queries: queries.length, runs, minutes: (Date.now() - began) / 60_000 }
  } finally {
    for (const contender of contenders) await contender.server.stop()
  }
}

/**
 * Runs `work` with every server but `measured` paused (SIGSTOP), so each is measured alone on the
 * machine's two cores. Kept up and idle, the others still spent CPU on every commit (each Newsdesk
 * instance hears it and reads its events): 40 ms of Node CPU and 20 ms of Postgres a second at
 * 10 saves/s (bench/newsroom/latency-probe.ts, session 20; their effect on the p99 was lost in the
 * shared machine's noise). A paused instance catches up on the commits it missed when it resumes
 * (its change listener's backlog). NEWSROOM_PAUSE_OTHERS=0 keeps them running.
 */
async function alone<T> (contenders: Contender[], measured: Contender, work: () => Promise<T>): Promise<T> {
  const others = process.env.NEWSROOM_PAUSE_OTHERS === '0' ? [] : contenders.filter((c) => c !== measured).flatMap((c) => c.pids).filter((pid) => pid !== undefined)
  for (const pid of others) process.kill(pid, 'SIGSTOP')
  try {
    return await work()
  } finally {
    for (const pid of others) process.kill(pid, 'SIGCONT')
  }
}

async function runOnce (contender: Contender, writeRate: number, keys: { key: string, metricsKey: string, postmaster: number | undefined }, samples: Samples, options: { seconds: number, warmupSeconds: number }): Promise<{ recorder: Recorder, seconds: number, saves?: EditorSaves, metrics?: ServerMetrics }> {
  const editor = writeRate > 0 ? await startEditor({ origin: contender.server.url, key: keys.key, rate: writeRate, seconds: options.seconds, slugs: samples.recent, topics: samples.topics.slice(0, 20), pathPrefix: contender.target.write('') }) : undefined
  let watcher: ReturnType<typeof watchServers> | undefined
  let metrics: Promise<ServerMetrics> | undefined
  const { recorder, seconds } = await readLoad(contender.server.url, contender.next, (cursor) => contender.target.list(cursor), {
    connections: CONNECTIONS,
    warmupSeconds: options.warmupSeconds,
    seconds: options.seconds,
    onMeasuring: () => {
      editor?.go()
      watcher = watchServers({ urls: contender.metricsUrls, key: keys.metricsKey, pids: contender.pids, postmaster: keys.postmaster })
    },
    onMeasured: () => { metrics = watcher?.stop() }
  })
  const saves = await editor?.done
  const measured = await metrics
  return { recorder, seconds, ...(saves && { saves }), ...(measured && { metrics: measured }) }
}

function figuresOf (contender: Contender, writeRate: number, { recorder, seconds, saves, metrics }: Pooled): RunFigures {
  const reads = recorder!.figures(READ_CLASSES)
  return {
    server: contender.label,
    writeRate,
    answersPerSecond: Math.round(reads.count / seconds),
    okPerSecond: Math.round((reads.statuses['2xx'] + reads.statuses['304']) / seconds),
    reads,
    nonSearch: recorder!.figures(['story', 'list', 'topic', 'speaker']),
    classes: Object.fromEntries(READ_CLASSES.map((c) => [c, recorder!.figures([c])])),
    ...(saves.length > 0 && { editor: editorFigures(saves) }),
    ...(metrics && { metrics }),
    rssMb: 'instances' in contender.server
      ? (contender.server as Balanced).instances.reduce((sum, instance) => sum + rssMb(instance.child.pid), 0)
      : rssMb(contender.server.child.pid)
  }
}

/** The editor in its own process (bench/newsroom/editor.ts): ready once it has its orders, saving on `go`. */
export async function startEditor (orders: EditorOrders): Promise<{ go: () => void, done: Promise<EditorSaves> }> {
  const child = fork('bench/newsroom/editor.ts', { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let resolveDone!: (saves: EditorSaves) => void
  let rejectDone!: (error: Error) => void
  const done = new Promise<EditorSaves>((resolve, reject) => { resolveDone = resolve; rejectDone = reject })
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: 'ready' | EditorSaves) => (message === 'ready' ? resolve() : resolveDone(message)))
  })
  child.once('exit', (code) => rejectDone(new Error(`the editor exited with ${code} before reporting`)))
  child.send(orders)
  await ready
  return { go: () => child.send('go'), done }
}
