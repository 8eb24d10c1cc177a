// Where Postgres's time goes under the newsroom mix, at 0 and at 10 saves/s (issue 15): one
// Newsdesk (cache on, the bundle) at a time on a Postgres of one's own, started afresh for each
// window and warmed with the mix, then the readers (50 connections) with or without the editor,
// the cells (variant x save rate) alternated there and back over the rounds. For each cell, pooled
// over its windows: Postgres's CPU per read answered, split by process kind (the server's
// backends, autovacuum, the WAL writer, the rest: the io workers), from /proc, and, when the
// server has pg_stat_statements loaded, each statement's time, calls and blocks per read.
//   node --import tsx bench/newsroom/pg-cost.ts <database url> [rounds] [seconds]
// The database must be on a Postgres only this run uses (its whole CPU is counted); for the
// statement table start it with shared_preload_libraries=pg_stat_statements (pg_stat_statements.track=all
// also shows the triggers' statements). PGCOST_RATES='0,10' the save rates; PGCOST_ENV='NAME=value,...'
// settings for every server; PGCOST_VARIANTS='2s=SEARCH_LIST_MERGE_MS=2000;10s=SEARCH_LIST_MERGE_MS=10000'
// settings compared in the same run; PGCOST_WARM_SECONDS (10); PGCOST_TOP (25) statements listed.
import { readdirSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { createDatabase } from '../../src/db/client.js'
import { createApiKey } from '../../src/modules/keys/api-keys.js'
import { postmasterPid, processCpuMs, processTitle, stat } from '../lib/cpu.js'
import { startNodeServer } from '../lib/processes.js'
import { readLoad } from './load.js'
import { loadSamples, newsdesk, READ_CLASSES, readMix, searchQuerySet } from './mix.js'
import { startEditor } from './run.js'
import { editorFigures, type EditorSaves } from './stats.js'

const url = process.argv[2]!
const rounds = Number(process.argv[3] ?? 2)
const seconds = Number(process.argv[4] ?? 20)
const rates = (process.env.PGCOST_RATES ?? '0,10').split(',').map(Number)
const warmSeconds = Number(process.env.PGCOST_WARM_SECONDS ?? 10)
const settings = (text: string): Record<string, string> => Object.fromEntries(text.split(',').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
const extraEnv = settings(process.env.PGCOST_ENV ?? '')
// PGCOST_VARIANTS='2s=SEARCH_LIST_MERGE_MS=2000;10s=SEARCH_LIST_MERGE_MS=10000': builds of settings compared in the same run.
const variants = (process.env.PGCOST_VARIANTS ?? 'defaults=').split(';').map((entry) => ({ label: entry.slice(0, entry.indexOf('=')), env: settings(entry.slice(entry.indexOf('=') + 1)) }))

/** Each Postgres process's kind (from its title) and CPU ms so far. */
function postgresProcesses (postmaster: number): Map<number, { kind: string, ms: number }> {
  const found = new Map<number, { kind: string, ms: number }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const child = stat(Number(entry))
    if (child?.ppid !== postmaster) continue
    const title = processTitle(Number(entry))
    const kind = /autovacuum worker/.test(title) ? 'autovacuum' : /127\.0\.0\.1\(/.test(title) ? 'backends' : /walwriter/.test(title) ? 'walwriter' : /checkpointer|background writer/.test(title) ? 'checkpoint+bgwriter' : 'other'
    found.set(Number(entry), { kind, ms: child.own })
  }
  return found
}

/** The postmaster's own CPU, and that of its children already reaped. */
function postmasterCpu (postmaster: number): { own: number, reaped: number } {
  const root = stat(postmaster)
  if (!root) throw new Error(`the postmaster (${postmaster}) is gone`)
  return { own: root.own, reaped: root.children }
}

/**
 * Watches the Postgres processes every 100 ms; `stop` gives each kind's CPU ms meanwhile. A
 * process that ended meanwhile is counted to its last poll; the rest of its CPU (its last
 * moments) shows under "unseen", from the postmaster's count of its reaped children.
 */
function watchPostgres (postmaster: number): { stop: () => Record<string, number> } {
  const first = postgresProcesses(postmaster)
  const rootBefore = postmasterCpu(postmaster)
  const last = new Map(first)
  const poll = (): void => { for (const [pid, seen] of postgresProcesses(postmaster)) last.set(pid, seen) }
  const timer = setInterval(poll, 100)
  return {
    stop: () => {
      clearInterval(timer)
      const live = postgresProcesses(postmaster)
      for (const [pid, seen] of live) last.set(pid, seen)
      const root = postmasterCpu(postmaster)
      const byKind: Record<string, number> = { postmaster: root.own - rootBefore.own, unseen: root.reaped - rootBefore.reaped }
      for (const [pid, seen] of last) {
        byKind[seen.kind] = (byKind[seen.kind] ?? 0) + seen.ms - (first.get(pid)?.ms ?? 0)
        if (!live.has(pid)) byKind.unseen! -= seen.ms // reaped: its whole CPU is in the postmaster's count
      }
      return byKind
    }
  }
}

interface Statement { query: string, calls: number, ms: number, rows: number, hit: number, read: number, dirtied: number, written: number }
const STATEMENTS = `SELECT queryid::text AS id, toplevel, query, calls::float8 AS calls, total_exec_time AS ms, rows::float8 AS rows,
                           shared_blks_hit::float8 AS hit, shared_blks_read::float8 AS read, shared_blks_dirtied::float8 AS dirtied, shared_blks_written::float8 AS written
                      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`
async function statements (client: pg.Client | undefined): Promise<Map<string, Statement>> {
  const map = new Map<string, Statement>()
  if (!client) return map
  const { rows } = await client.query<Statement & { id: string, toplevel: boolean }>(STATEMENTS)
  for (const row of rows) map.set(`${row.id}|${row.toplevel}`, { ...row, query: `${row.toplevel ? '' : '(nested) '}${row.query}` })
  return map
}
function statementsSince (before: Map<string, Statement>, after: Map<string, Statement>): Map<string, Statement> {
  const diff = new Map<string, Statement>()
  for (const [id, a] of after) {
    const b = before.get(id)
    const d = { query: a.query, calls: a.calls - (b?.calls ?? 0), ms: a.ms - (b?.ms ?? 0), rows: a.rows - (b?.rows ?? 0), hit: a.hit - (b?.hit ?? 0), read: a.read - (b?.read ?? 0), dirtied: a.dirtied - (b?.dirtied ?? 0), written: a.written - (b?.written ?? 0) }
    if (d.calls > 0) diff.set(id, d)
  }
  return diff
}

const TABLES = `SELECT relname, seq_scan::float8, seq_tup_read::float8, idx_scan::float8, idx_tup_fetch::float8, n_tup_upd::float8, n_tup_hot_upd::float8, n_tup_ins::float8,
                       n_dead_tup::float8, autovacuum_count::float8, autoanalyze_count::float8 FROM pg_stat_user_tables`
type Counts = Map<string, Record<string, number>>
async function tables (client: pg.Client): Promise<Counts> {
  const { rows } = await client.query<Record<string, number> & { relname: string }>(TABLES)
  return new Map(rows.map(({ relname, ...rest }) => [relname, rest]))
}
async function database (client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, number>>(`SELECT xact_commit::float8, blks_hit::float8, blks_read::float8, tup_returned::float8, tup_fetched::float8, tup_updated::float8, tup_inserted::float8
                                                                 FROM pg_stat_database WHERE datname = current_database()`)
  return rows[0]!
}
const minus = (a: Record<string, number>, b: Record<string, number> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value - (b?.[key] ?? 0)]))

interface Window { label: string, rate: number, seconds: number, reads: number, searches: number, serverMs: number, postgres: Record<string, number>, statements: Map<string, Statement>, tables: Counts, database: Record<string, number>, saves?: EditorSaves, load: string }

const stats = new pg.Client({ connectionString: url })
await stats.connect()
let statementsClient: pg.Client | undefined = stats
try {
  await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
  await stats.query('SELECT 1 FROM pg_stat_statements LIMIT 1')
} catch (error) {
  console.error(`no statement table: ${(error as Error).message}`)
  statementsClient = undefined
}
/** The statement, table and database counters now, one query after another on the one client. */
const snapshot = async (): Promise<[Map<string, Statement>, Counts, Record<string, number>]> => [await statements(statementsClient), await tables(stats), await database(stats)]
const postmaster = (await postmasterPid(url))!
const samples = await loadSamples(url)
const queries = searchQuerySet()
const { db } = createDatabase(url, 1)
const { key } = await createApiKey(db, { name: 'pg-cost', scopes: ['content:write'] })
await db.$disconnect()

const baseEnv = { DATABASE_URL: url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000', ...extraEnv }
const windows: Window[] = []
// One server at a time, started afresh for each window and warmed with the mix (at the window's
// save rate): two servers on one database would both merge the search lists after every commit.
const cells = variants.flatMap((variant) => rates.map((rate) => ({ variant, rate })))
for (let round = 0; round < rounds; round++) {
  for (const { variant, rate } of round % 2 === 0 ? cells : [...cells].reverse()) {
    const server = await startNodeServer('dist/src/server.js', { ...baseEnv, ...variant.env }, '/health')
    try {
      const next = readMix(newsdesk, samples, queries, round + 1)
      const editorFor = async (seconds: number) => rate > 0 ? await startEditor({ origin: server.url, key, rate, seconds, slugs: samples.recent, topics: samples.topics.slice(0, 20), pathPrefix: newsdesk.write('') }) : undefined
      const warmEditor = await editorFor(warmSeconds)
      await readLoad(server.url, next, (cursor) => newsdesk.list(cursor), { connections: 50, warmupSeconds: 0, seconds: warmSeconds, onMeasuring: () => warmEditor?.go() })
      await warmEditor?.done
      const editor = await editorFor(seconds)
      let begin: { server: number, watch: ReturnType<typeof watchPostgres>, statements: Map<string, Statement>, tables: Counts, database: Record<string, number> } | undefined
      let ended: Promise<Omit<Window, 'label' | 'rate' | 'seconds' | 'reads' | 'searches' | 'saves' | 'load'>> | undefined
      const load = loadavg()[0]!.toFixed(1)
      const { recorder, seconds: took } = await readLoad(server.url, next, (cursor) => newsdesk.list(cursor), {
        connections: 50,
        warmupSeconds: 1,
        seconds,
        onMeasuring: () => {
          editor?.go()
          const serverMs = processCpuMs(server.child.pid)
          const watch = watchPostgres(postmaster)
          begin = { server: serverMs, watch, statements: new Map(), tables: new Map(), database: {} }
          const b = begin
          void snapshot().then(([s, t, d]) => { b.statements = s; b.tables = t; b.database = d })
        },
        onMeasured: () => {
          const b = begin!
          const serverMs = processCpuMs(server.child.pid) - b.server
          const postgres = b.watch.stop()
          ended = snapshot().then(([s, t, d]) => ({
            serverMs,
            postgres,
            statements: statementsSince(b.statements, s),
            tables: new Map([...t].map(([name, row]) => [name, minus(row, b.tables.get(name))])),
            database: minus(d, b.database)
          }))
        }
      })
      const saves = await editor?.done
      const measured = await ended!
      const reads = recorder.figures(READ_CLASSES)
      const searches = recorder.figures(['search']).count
      windows.push({ label: `${variant.label}, ${rate} saves/s`, rate, seconds: took, reads: reads.count, searches, ...measured, ...(saves && { saves }), load: `${load}->${loadavg()[0]!.toFixed(1)}` })
      const pgMs = Object.values(measured.postgres).reduce((a, b) => a + b, 0)
      console.error(`round ${round + 1}, ${variant.label}, ${rate} saves/s: ${Math.round(reads.count / took)} reads/s, server ${(measured.serverMs / reads.count).toFixed(3)} ms/read, postgres ${(pgMs / reads.count).toFixed(3)} ms/read ${JSON.stringify(measured.postgres)}; load ${windows.at(-1)!.load}`)
    } finally {
      await server.stop()
    }
  }
}
await stats.end()
report(windows)

function report (all: Window[]): void {
  const byLabel = new Map<string, Window[]>()
  for (const w of all) byLabel.set(w.label, [...(byLabel.get(w.label) ?? []), w])
  const pooled = [...byLabel].map(([label, ws]) => {
    const rate = ws[0]!.rate
    const sum = (pick: (w: Window) => number): number => ws.reduce((a, w) => a + pick(w), 0)
    const postgres: Record<string, number> = {}
    for (const w of ws) for (const [k, v] of Object.entries(w.postgres)) postgres[k] = (postgres[k] ?? 0) + v
    const statementsByQuery = new Map<string, Statement>()
    for (const w of ws) {
      for (const [id, s] of w.statements) {
        const mine = statementsByQuery.get(id)
        if (!mine) statementsByQuery.set(id, { ...s })
        else for (const k of ['calls', 'ms', 'rows', 'hit', 'read', 'dirtied', 'written'] as const) mine[k] += s[k]
      }
    }
    const tablesPooled: Counts = new Map()
    for (const w of ws) for (const [name, row] of w.tables) tablesPooled.set(name, tablesPooled.has(name) ? minus(row, Object.fromEntries(Object.entries(tablesPooled.get(name)!).map(([k, v]) => [k, -v]))) : row)
    const databasePooled = ws.reduce<Record<string, number>>((acc, w) => minus(w.database, Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, -v]))), {})
    const saves = ws.flatMap((w) => (w.saves ? [w.saves] : []))
    return { label, rate, seconds: sum((w) => w.seconds), reads: sum((w) => w.reads), searches: sum((w) => w.searches), serverMs: sum((w) => w.serverMs), postgres, statements: statementsByQuery, tables: tablesPooled, database: databasePooled, saves, loads: ws.map((w) => w.load).join(', ') }
  })
  for (const p of pooled) {
    const pgMs = Object.values(p.postgres).reduce((a, b) => a + b, 0)
    const savesDone = p.saves.reduce((a, s) => a + s.latencies.length, 0)
    console.log(`\n## ${p.label}: ${p.seconds.toFixed(0)} s, ${Math.round(p.reads / p.seconds)} reads/s (${Math.round(p.searches / p.seconds)} searches/s), loads ${p.loads}`)
    console.log(`server CPU ${(p.serverMs / p.reads).toFixed(3)} ms/read; Postgres ${(pgMs / p.reads).toFixed(3)} ms/read (${(pgMs / p.seconds / 10).toFixed(0)}% of a core): ` +
      Object.entries(p.postgres).map(([k, v]) => `${k} ${(v / p.reads).toFixed(3)}`).join(', '))
    if (savesDone > 0) {
      const e = editorFigures(p.saves)
      console.log(`saves ${savesDone}: p50 ${e.p50.toFixed(0)} p99 ${e.p99.toFixed(0)} ms; Postgres CPU per save if all extra were the saves': see the comparison below`)
    }
    console.log(`database per read: ${Object.entries(p.database).map(([k, v]) => `${k} ${(v / p.reads).toFixed(2)}`).join(', ')}`)
    console.log('tables (per second):')
    for (const [name, row] of [...p.tables].filter(([, r]) => Object.values(r).some((v) => v !== 0)).sort((a, b) => (b[1].seq_tup_read! + b[1].idx_tup_fetch!) - (a[1].seq_tup_read! + a[1].idx_tup_fetch!)).slice(0, 12)) {
      console.log(`  ${name}: ${Object.entries(row).filter(([, v]) => v !== 0).map(([k, v]) => `${k} ${(v / p.seconds).toFixed(1)}`).join(', ')}`)
    }
    console.log('statements by time (ms per read, calls per read, blocks hit per call, mean ms):')
    for (const s of [...p.statements.values()].sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.PGCOST_TOP ?? 25))) {
      console.log(`  ${(s.ms / p.reads).toFixed(4)} ms/read | ${(s.calls / p.reads).toFixed(4)} calls/read | ${(s.hit / s.calls).toFixed(1)} hit/call | ${(s.ms / s.calls).toFixed(3)} ms | ${s.query.replace(/\s+/g, ' ').slice(0, 150)}`)
    }
  }
  // Each cell with saves against its variant's cell without; each variant against the first at the same rate.
  const variantOf = (p: typeof pooled[number]): string => p.label.slice(0, p.label.lastIndexOf(', '))
  const pairs: Array<readonly [typeof pooled[number], typeof pooled[number]]> = []
  for (const busy of pooled) {
    const quiet = busy.rate > 0 ? pooled.find((p) => p.rate === 0 && variantOf(p) === variantOf(busy)) : undefined
    if (quiet) pairs.push([quiet, busy])
    const reference = pooled.find((p) => p.rate === busy.rate)
    if (reference && reference !== busy) pairs.push([reference, busy])
  }
  for (const [quiet, busy] of pairs) {
    const pgPerRead = (p: typeof quiet): number => Object.values(p.postgres).reduce((a, b) => a + b, 0) / p.reads
    const savesPerSecond = busy.saves.reduce((a, s) => a + s.latencies.length, 0) / busy.seconds
    console.log(`\n# ${busy.label} against ${quiet.label}: Postgres CPU per read ${pgPerRead(quiet).toFixed(3)} -> ${pgPerRead(busy).toFixed(3)} ms; server ${(quiet.serverMs / quiet.reads).toFixed(3)} -> ${(busy.serverMs / busy.reads).toFixed(3)} ms; reads ${Math.round(quiet.reads / quiet.seconds)} -> ${Math.round(busy.reads / busy.seconds)}/s`)
    if (busy.rate > 0 && quiet.rate === 0) console.log(`extra Postgres CPU per save: ${((pgPerRead(busy) - pgPerRead(quiet)) * busy.reads / busy.seconds / savesPerSecond).toFixed(1)} ms`)
    console.log('statement time per read, difference (ms/read), largest first:')
    const keys = new Set([...quiet.statements.keys(), ...busy.statements.keys()])
    const deltas = [...keys].map((id) => {
      const q = quiet.statements.get(id)
      const b = busy.statements.get(id)
      return { query: (b ?? q)!.query, delta: (b?.ms ?? 0) / busy.reads - (q?.ms ?? 0) / quiet.reads, q: q ? q.ms / q.calls : 0, b: b ? b.ms / b.calls : 0, qc: (q?.calls ?? 0) / quiet.reads, bc: (b?.calls ?? 0) / busy.reads }
    }).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
    for (const d of deltas.slice(0, 12)) console.log(`  ${d.delta >= 0 ? '+' : ''}${d.delta.toFixed(4)} | mean ${d.q.toFixed(3)} -> ${d.b.toFixed(3)} ms | calls/read ${d.qc.toFixed(4)} -> ${d.bc.toFixed(4)} | ${d.query.replace(/\s+/g, ' ').slice(0, 140)}`)
  }
}
