// Instructions per answer, counted by callgrind: deterministic where wall-clock and CPU-time
// figures swing with whatever else runs on the machine. Starts one server under
//   valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes
// warms it up (uncounted), then for each scenario switches counting on, sends `--requests`
// requests, dumps the counts and prints instructions per request, `--rounds` times:
//   DATABASE_URL=.. node --import tsx bench/instructions.ts --server newsdesk|baseline [--bundle dist/bundle]
//     [--port 3440] [--requests 500] [--warmup 5000] [--rounds 2] [--connections 1] [--only slug,speaker,list]
//     [--out .data/callgrind] [--label name]
// Newsdesk runs from the built bundle with the response cache off (RESPONSE_CACHE_MAX_ENTRIES=0),
// no webhook worker (its poll would be counted with the answers), the rate limit out of reach
// and no event-loop delay limit (MAX_EVENT_LOOP_DELAY_MS=0: under callgrind, 50-100 times slower,
// under-pressure finds no delay sample in its interval, calls the delay infinite and sheds);
// the baseline is bench/baseline/server.ts. Both get the same URLs as bench/hot-paths.ts.
// The main thread's count is the figure to compare: V8's background threads (the optimising
// compiler, concurrent marking) do work whose amount in a window depends on timing, and swing
// from run to run. The dumps stay in --out, JIT code named after V8's perf map, for
//   callgrind_annotate --inclusive=yes <dump>
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'newsdesk' },
    bundle: { type: 'string', default: 'dist/bundle' },
    port: { type: 'string', default: '3440' },
    requests: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '1' },
    only: { type: 'string', default: 'slug,speaker,list' },
    out: { type: 'string', default: '.data/callgrind' },
    label: { type: 'string' }
  }
})
const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) throw new Error('DATABASE_URL names the bench database (bench/pg-up.ts)')
const port = Number(values.port)
const out = resolve(values.out)
const label = values.label ?? values.server
mkdirSync(out, { recursive: true })

// The same samples as bench/hot-paths.ts.
const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
const slugs = (await admin.query<{ slug: string }>(`SELECT slug FROM articles WHERE status = 'published' ORDER BY md5(slug) LIMIT 1000`)).rows.map((row) => row.slug)
const speakers = (await admin.query<{ slug: string }>('SELECT slug FROM speakers ORDER BY md5(slug) LIMIT 200')).rows.map((row) => row.slug)
await admin.end()
const scenarios: Record<string, string[]> = {
  list: ['/v1/articles?limit=20&include=topics'],
  slug: slugs.map((slug) => `/v1/articles/${slug}?include=quotes`),
  speaker: speakers.map((slug) => `/v1/speakers/${slug}/quotes`)
}

const server = values.server === 'baseline'
  ? { args: ['--import', 'tsx', 'bench/baseline/server.ts'], env: {} }
  : {
      args: [`${values.bundle}/server.js`],
      env: { RESPONSE_CACHE_MAX_ENTRIES: '0', SEED_SAMPLE_CONTENT: 'false', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', WEBHOOK_WORKER: 'false', MAX_EVENT_LOOP_DELAY_MS: '0' }
    }
// --perf-basic-prof: V8 lists its compiled code in /tmp/perf-<pid>.map, which names the JIT
// addresses of the dumps (callgrind knows only the node binary's symbols).
const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${out}/${label}.%p`,
  process.execPath, '--perf-basic-prof', ...server.args], {
  // vgdb (callgrind_control) finds the server by the HOST it was started with: the same below.
  env: { ...process.env, ...server.env, HOST: '127.0.0.1', DATABASE_URL: databaseUrl, PORT: String(port) },
  stdio: ['ignore', 'ignore', 'pipe']
})
let errors = ''
child.stderr.on('data', (chunk: Buffer) => { errors = (errors + chunk.toString()).slice(-4000) })
const pid = child.pid!
process.on('exit', () => child.kill('SIGTERM'))

const agent = new Agent({ keepAlive: true, maxSockets: Number(values.connections) })
function get (path: string, retry = true): Promise<number> {
  return new Promise((done, fail) => {
    const call = request({ host: '127.0.0.1', port, path, agent }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => { if (response.statusCode !== 200) body += chunk.toString() })
      response.on('end', () => {
        if (response.statusCode !== 200) console.error(`${path}: ${response.statusCode} ${body.slice(0, 500)}`)
        done(response.statusCode ?? 0)
      })
    })
    // A kept-alive socket the server closed while the counts were dumped: send again on a new one.
    call.on('error', (error: NodeJS.ErrnoException) => { if (error.code === 'ECONNRESET' && retry) get(path, false).then(done, fail); else fail(error) })
    call.end()
  })
}
/** `count` requests over `paths` in turn, `connections` at a time; fails on any status but 200. */
async function send (paths: string[], count: number): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const path = paths[next++ % paths.length]!
      const status = await get(path)
      if (status !== 200) throw new Error(`${path}: ${status}`)
    }
  }
  await Promise.all(Array.from({ length: Number(values.connections) }, worker))
}

for (let waited = 0; ; waited += 500) {
  if (child.exitCode !== null) throw new Error(`the server exited: ${errors}`)
  if (waited > 300_000) throw new Error(`the server did not answer in 5 minutes: ${errors}`)
  try {
    if (await get(scenarios.list![0]!) === 200) break
  } catch {}
  await new Promise((resolve) => setTimeout(resolve, 500))
}

/** Renames the JIT addresses of a dump (`0x...` functions) after V8's perf map, in place. */
function nameJitCode (dump: string): void {
  const map = `/tmp/perf-${pid}.map`
  if (!existsSync(map)) return
  const code = readFileSync(map, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [start, size, ...name] = line.split(' ')
    return { start: parseInt(start!, 16), end: parseInt(start!, 16) + parseInt(size!, 16), name: name.join(' ') }
  }).sort((a, b) => a.start - b.start)
  const find = (address: number): string | undefined => {
    let low = 0
    let high = code.length - 1
    let found: string | undefined
    // Code may be freed and its range reused: the last entry covering the address is the newest.
    while (low <= high) {
      const middle = (low + high) >> 1
      if (code[middle]!.start <= address) {
        if (address < code[middle]!.end) found = code[middle]!.name
        low = middle + 1
      } else high = middle - 1
    }
    return found
  }
  const text = readFileSync(dump, 'utf8').replace(/^(c?fn=\(\d+\)) 0x([0-9a-f]+)(.*)$/gm, (line, head: string, hex: string, tail: string) => {
    const name = find(parseInt(hex, 16))
    return name ? `${head} ${name.replace(/\s+/g, '_')}${tail}` : line
  })
  writeFileSync(dump, text)
}

// vgdb finds the server by the HOST and USER it was started with.
const control = (...args: string[]): string => execFileSync('callgrind_control', [...args, String(pid)], { encoding: 'utf8', env: { ...process.env, HOST: '127.0.0.1' } })
/** Switches counting on for `work`, dumps, and returns the main thread's and all threads' counts and the wall time. */
/**
 * What libuv's timers cost in a main-thread dump (uv__run_timers, inclusive): work done by the
 * clock (under-pressure's sampler each second, the log stream's flush), not by the answers. Under
 * callgrind a window of answers lasts 50-100 times longer than it would, so that work lands on
 * far fewer answers than in real use; it is taken off the per-answer figure.
 */
function timerCost (dump: string): number {
  const annotated = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', dump], { encoding: 'utf8', maxBuffer: 1 << 28 })
  const costs = [...annotated.matchAll(/^\s*([\d,]+) \([^)]*\)\s+\S*:uv__run_timers(?:'\d+)? /gm)].map((match) => Number(match[1]!.replaceAll(',', '')))
  return costs.length === 0 ? 0 : Math.max(...costs)
}

async function counted (dumpName: string, work: () => Promise<void>): Promise<{ main: number, timers: number, all: number, ms: number, file: string }> {
  control('-z')
  control('-i', 'on')
  const began = performance.now()
  await work()
  const ms = performance.now() - began
  control('-i', 'off')
  const before = new Set(readdirSync(out))
  control('-d', dumpName)
  // One file per thread: the first is the main thread, the event loop; the others V8's
  // background compiler and garbage collector and libuv's pool.
  const files = readdirSync(out).filter((entry) => entry.startsWith(`${label}.${pid}.`) && !before.has(entry)).sort()
  if (files.length === 0) throw new Error(`no dump for ${dumpName}`)
  const counts = files.map((file) => {
    nameJitCode(`${out}/${file}`)
    return Number(/^totals: (\d+)/m.exec(readFileSync(`${out}/${file}`, 'utf8'))?.[1] ?? 0)
  })
  return { main: counts[0]!, timers: timerCost(`${out}/${files[0]}`), all: counts.reduce((a, b) => a + b, 0), ms, file: `${out}/${files[0]}` }
}

const requests = Number(values.requests)
for (const name of values.only.split(',')) {
  const paths = scenarios[name]
  if (!paths) throw new Error(`unknown scenario ${name}`)
  await send(paths, Number(values.warmup))
  for (let round = 1; round <= Number(values.rounds); round++) {
    const window = await counted(`${label}-${name}-${round}`, () => send(paths, requests))
    const perRequest = (count: number): string => `${(count / requests / 1000).toFixed(0)} k`
    console.log(`${label} ${name} round ${round}: main thread ${perRequest(window.main - window.timers)} without timers (${perRequest(window.main)} with); ` +
      `all threads ${perRequest(window.all)} instructions per request (${requests} requests in ${(window.ms / 1000).toFixed(0)} s, ${values.connections} connection(s); ${window.file})`)
  }
}
child.kill('SIGTERM')
agent.destroy()
