// Warm start to first answer: how long `npm start` takes from spawn to the first 200 on
// `GET /health` and then on a content route (`GET /v1/articles`), with the database already
// migrated. `npm run build` first.
//
//   node --import tsx scripts/measure-startup.ts [runs=5] [-- node flags and script]
//
// Without DATABASE_URL the server uses its embedded Postgres, initialised by a first run that
// is not counted (its data folder is kept between runs) but not running: each start starts it,
// as `npm start` does after a reboot. With DATABASE_URL (e.g.
// postgresql://postgres@127.0.0.1:5432/newsdesk_startup) it uses that database, so the figure
// is Node's alone. By default the command is `npm start`'s own (package.json); anything after
// `--` replaces it, e.g. `-- --cpu-prof --cpu-prof-dir=/tmp/prof dist/server.js`.
//
// Prints each run with the machine's load average, and the medians. Uses its own data folder
// and ports, so it does not meet a running server.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'

const args = process.argv.slice(2)
const split = args.indexOf('--')
const runs = Number(args[0] ?? 5)
const startScript = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
const nodeArgs = split >= 0 ? args.slice(split + 1) : startScript.replace(/^node\s+/, '').split(/\s+/)
const databaseUrl = process.env.DATABASE_URL || undefined
const dataDir = process.env.EMBEDDED_PG_DIR ?? path.join(tmpdir(), 'newsdesk-startup-measure')
const CONTENT_ROUTE = '/v1/articles'

async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMs (pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // utime + stime, in 10 ms ticks
  } catch {
    return Number.NaN
  }
}

interface Run { healthMs: number, healthCpuMs: number, contentMs: number, contentCpuMs: number, load: number }

async function startOnce (): Promise<Run> {
  const port = await freePort()
  const load = loadavg()[0]!
  const began = performance.now()
  const child = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '', PORT: String(port), HOST: '127.0.0.1', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => { errors = (errors + chunk.toString()).slice(-4000) })
  const firstOk = async (route: string): Promise<{ ms: number, cpuMs: number }> => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${errors}`)
      try {
        const response = await fetch(`http://127.0.0.1:${port}${route}`)
        await response.arrayBuffer()
        if (response.ok) return { ms: performance.now() - began, cpuMs: cpuMs(child.pid) }
      } catch {}
      if (performance.now() - began > 300_000) throw new Error(`no answer within 300 s: ${errors}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  try {
    const health = await firstOk('/health')
    const content = await firstOk(CONTENT_ROUTE)
    return { healthMs: health.ms, healthCpuMs: health.cpuMs, contentMs: content.ms, contentCpuMs: content.cpuMs, load }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}

await startOnce() // migrates (and initialises the data folder and seeds) the first time; not counted
const results: Run[] = []
for (let i = 0; i < runs; i++) {
  const run = await startOnce()
  results.push(run)
  console.log(`run ${i + 1}: /health ${Math.round(run.healthMs)} ms (${run.healthCpuMs} ms CPU), ${CONTENT_ROUTE} ${Math.round(run.contentMs)} ms (${run.contentCpuMs} ms CPU), load average ${run.load.toFixed(2)}`)
}
const median = (values: number[]): number => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!)
const of = (key: keyof Run): number => median(results.map((run) => run[key]))
// On a shared machine the wall time follows the load; the CPU time says what start-up costs.
console.log(`median of ${runs} (node ${nodeArgs.join(' ')}, ${databaseUrl ? 'DATABASE_URL' : 'embedded Postgres, started by the server'}): ` +
  `/health ${of('healthMs')} ms wall, ${of('healthCpuMs')} ms CPU; ${CONTENT_ROUTE} ${of('contentMs')} ms wall, ${of('contentCpuMs')} ms CPU; load average ${(median(results.map((run) => run.load * 100)) / 100).toFixed(2)}`)
