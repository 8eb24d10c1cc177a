// Where the newsroom mix's p99 goes (session 20): one Newsdesk (cache on) under the readers with an
// editor at --rate saves/s, measured alone and with the other servers bench/newsroom/run.ts keeps up
// (cache off, the baseline, a Redis pair: idle, but each Newsdesk hears every commit), alternated.
// Besides the latencies it reads, for the measured window: the run-queue wait (time ready to run but
// without a core, /proc/<pid>/task/<tid>/schedstat) of the server's main thread, of this process's
// (the readers'), and of Postgres; the server's GC pauses (bench/newsroom/gc-observer.mjs); its
// event-loop delay p99 (/metrics). DATABASE_URL: the newsroom archive (bench/pg-up.ts's URL).
// Setups: alone; others (up and idle); stopped (up, but paused with SIGSTOP while this one is measured, as
// run.ts now does); and any name given in PROBE_NODE_OPTIONS_<name> (alone, with those Node options, e.g. a
// larger young generation: PROBE_NODE_OPTIONS_semi64=--max-semi-space-size=64).
//   node --import tsx bench/newsroom/latency-probe.ts [--rounds 2] [--seconds 20] [--rate 10] [--only alone,others,stopped]
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createDatabase } from '../../src/db/client.js'
import { createApiKey } from '../../src/modules/keys/api-keys.js'
import { backendsCpuMs, backendsCpuSince, postmasterPid, processCpuMs, stat } from '../lib/cpu.js'
import { startNodeServer, type Server } from '../lib/processes.js'
import { readLoad } from './load.js'
import { loadSamples, newsdesk, readMix, searchQuerySet } from './mix.js'
import { balance, type Balanced } from './proxy.js'
import { startEditor } from './run.js'
import { editorFigures } from './stats.js'
import { watchServers } from './server-metrics.js'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, seconds: { type: 'string', default: '20' }, rate: { type: 'string', default: '10' }, only: { type: 'string', default: 'alone,others' } } })
const url = process.env.DATABASE_URL!
const seconds = Number(values.seconds)
const rate = Number(values.rate)
const setups = values.only.split(',')

/** Run-queue wait (ms) of one thread so far: schedstat's second field, in ns. */
function runQueueMs (pid: number, tid = pid): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]) / 1e6
  } catch {
    return 0
  }
}
/** Run-queue wait (ms) of every thread of Postgres: the postmaster's children. */
function postgresRunQueueMs (postmaster: number): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && stat(Number(entry))?.ppid === postmaster) total += runQueueMs(Number(entry))
  }
  return total
}
/** GC pauses inside [from, to] (epoch ms) from the observer's file. */
function gcPauses (file: string, from: number, to: number): { count: number, totalMs: number, maxMs: number, over10: number, minorMs: number } {
  if (!existsSync(file)) return { count: 0, totalMs: 0, maxMs: 0, over10: 0, minorMs: 0 }
  const entries = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ').map(Number) as [number, number, number])
    .filter(([at]) => at >= from && at <= to)
  const pauses = entries.map(([, ms]) => ms)
  // kind 1: a scavenge (the young generation); the others are (parts of) mark-sweep-compact.
  const minorMs = entries.filter(([, , kind]) => kind === 1).reduce((sum, [, ms]) => sum + ms, 0)
  return { count: pauses.length, totalMs: pauses.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...pauses), over10: pauses.filter((ms) => ms > 10).length, minorMs }
}

const samples = await loadSamples(url)
const queries = searchQuerySet()
const { db } = createDatabase(url, 1)
const { key } = await createApiKey(db, { name: 'latency-probe', scopes: ['content:write'] })
const { key: metricsKey } = await createApiKey(db, { name: 'latency-probe-metrics', scopes: ['metrics:read'] })
await db.$disconnect()
const postmaster = (await postmasterPid(url))!
const appEnv = { DATABASE_URL: url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000' }
const gcFile = `/tmp/latency-probe-gc-${process.pid}.log`
const pidsOf = (server: Server): number[] => 'instances' in server ? (server as Balanced).instances.map((instance) => instance.child.pid!) : [server.child.pid!]
const load = (): string => loadavg().map((value) => value.toFixed(1)).join(' ')

for (let round = 1; round <= Number(values.rounds); round++) {
  for (const setup of round % 2 === 1 ? setups : [...setups].reverse()) {
    rmSync(gcFile, { force: true })
    const server = await startNodeServer('dist/src/server.js', { ...appEnv, NODE_OPTIONS: `--import=${process.cwd()}/bench/newsroom/gc-observer.mjs ${process.env[`PROBE_NODE_OPTIONS_${setup}`] ?? ''}`.trim(), GC_OBSERVER_FILE: gcFile }, '/health')
    const others: Server[] = []
    if (setup === 'others' || setup === 'stopped') {
      others.push(await startNodeServer('dist/src/server.js', { ...appEnv, RESPONSE_CACHE_MAX_ENTRIES: '0' }, '/health'))
      others.push(await startNodeServer('bench/baseline/server.ts', { DATABASE_URL: url }, '/v1/articles'))
      const shared = { ...appEnv, REDIS_URL: process.env.NEWSROOM_REDIS_URL ?? 'redis://127.0.0.1:6379' }
      others.push(await balance([await startNodeServer('dist/src/server.js', shared, '/health'), await startNodeServer('dist/src/server.js', shared, '/health')]))
    }
    const next = readMix(newsdesk, samples, queries, round)
    if (setup === 'stopped') for (const pid of others.flatMap(pidsOf)) process.kill(pid, 'SIGSTOP')
    await readLoad(server.url, next, (cursor) => newsdesk.list(cursor), { connections: 50, warmupSeconds: 15, seconds: 0 })
    const pid = server.child.pid!
    const before = load()
    const editor = rate > 0 ? await startEditor({ origin: server.url, key, rate, seconds, slugs: samples.recent, topics: samples.topics.slice(0, 20), pathPrefix: newsdesk.write('') }) : undefined
    let watcher: ReturnType<typeof watchServers> | undefined
    let metrics: Promise<Awaited<ReturnType<ReturnType<typeof watchServers>['stop']>>> | undefined
    const marks = { from: 0, to: 0, server: 0, client: 0, postgres: 0, others: 0 }
    const othersCpuMs = (): number => others.flatMap(pidsOf).reduce((sum, pid) => sum + processCpuMs(pid), 0)
    // The Postgres backends serving the other servers (their reads of each commit's events, their listeners).
    const othersBackends = (): Map<number, number>[] => others.flatMap(pidsOf).map((pid) => backendsCpuMs(postmaster, pid))
    let backendsBefore: Map<number, number>[] = []
    let othersPostgresMs = 0
    const { recorder, seconds: took } = await readLoad(server.url, next, (cursor) => newsdesk.list(cursor), {
      connections: 50,
      warmupSeconds: 3,
      seconds,
      onMeasuring: () => {
        editor?.go()
        marks.from = Date.now()
        marks.server = runQueueMs(pid)
        marks.client = runQueueMs(process.pid)
        marks.postgres = postgresRunQueueMs(postmaster)
        marks.others = othersCpuMs()
        backendsBefore = othersBackends()
        watcher = watchServers({ urls: [server.url], key: metricsKey, pids: [pid], postmaster })
      },
      onMeasured: () => {
        marks.to = Date.now()
        marks.server = runQueueMs(pid) - marks.server
        marks.client = runQueueMs(process.pid) - marks.client
        marks.postgres = postgresRunQueueMs(postmaster) - marks.postgres
        marks.others = othersCpuMs() - marks.others
        othersPostgresMs = othersBackends().reduce((sum, after, i) => sum + backendsCpuSince(backendsBefore[i]!, after), 0)
        metrics = watcher!.stop()
      }
    })
    const saves = editor ? editorFigures([await editor.done]) : undefined
    const measured = (await metrics)!
    await new Promise((resolve) => setTimeout(resolve, 600)) // the observer's last batch
    const gc = gcPauses(gcFile, marks.from, marks.to)
    const reads = recorder.figures(['story', 'list', 'topic', 'speaker'])
    const answers = recorder.figures(['story', 'list', 'topic', 'speaker', 'search']).count
    const perSecond = (ms: number): string => (ms / took).toFixed(0)
    console.log(`round ${round} ${setup}: non-search p50 ${reads.p50} p99 ${reads.p99} ms, ${Math.round(answers / took)} answers/s;` +
      (saves ? ` saves ${saves.total} failed ${saves.failed} p50 ${saves.p50.toFixed(0)} p99 ${saves.p99.toFixed(0)} ms;` : '') +
      ` run-queue wait ms/s: server main ${perSecond(marks.server)}, readers ${perSecond(marks.client)}, postgres ${perSecond(marks.postgres)};` +
      (others.length > 0 ? ` the other servers' CPU ${perSecond(marks.others)} ms/s, their Postgres backends' ${perSecond(othersPostgresMs)} ms/s;` : '') +
      ` GC ${gc.count} pauses ${gc.totalMs.toFixed(0)} ms (${perSecond(gc.totalMs)} ms/s), max ${gc.maxMs.toFixed(1)}, >10 ms ${gc.over10}, scavenges ${gc.minorMs.toFixed(0)} ms;` +
      ` event-loop p99 max ${measured.eventLoopP99MaxMs.toFixed(0)} ms; CPU ms/answer server ${(1000 * measured.cpuSeconds / answers).toFixed(2)} postgres ${(1000 * measured.postgresCpuSeconds / answers).toFixed(2)};` +
      ` load ${before} -> ${load()}`)
    if (setup === 'stopped') for (const pid of others.flatMap(pidsOf)) process.kill(pid, 'SIGCONT')
    for (const other of others) await other.stop()
    await server.stop()
  }
}
rmSync(gcFile, { force: true })
