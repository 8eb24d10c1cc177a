// Warm start to first answer: how long `npm start` (node dist/src/server.js) takes from spawn
// to `GET /health` 200, with the embedded Postgres already initialised (its data folder kept
// between runs) but not running. `npm run build` first.
//
//   node --import tsx scripts/measure-startup.ts [runs=7] [-- extra node flags]
//
// Prints each run and the median. Uses its own data folder and ports, so it does not meet a
// running server.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

const args = process.argv.slice(2)
const split = args.indexOf('--')
const runs = Number(args[0] ?? 7)
const nodeFlags = split >= 0 ? args.slice(split + 1) : ['--enable-source-maps']
const dataDir = process.env.EMBEDDED_PG_DIR ?? path.join(tmpdir(), 'newsdesk-startup-measure')

async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMs (pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // utime + stime, in 10 ms ticks
  } catch {
    return Number.NaN
  }
}

async function startOnce (): Promise<{ wallMs: number, cpuMs: number }> {
  const port = await freePort()
  const began = performance.now()
  const child = spawn(process.execPath, [...nodeFlags, 'dist/src/server.js'], {
    env: { ...process.env, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => { errors = (errors + chunk.toString()).slice(-4000) })
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${errors}`)
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return { wallMs: performance.now() - began, cpuMs: cpuMs(child.pid) }
      } catch {}
      if (performance.now() - began > 300_000) throw new Error(`no answer within 300 s: ${errors}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}

await startOnce() // initialises the data folder (and seeds) the first time; not counted
const walls: number[] = []
const cpus: number[] = []
for (let i = 0; i < runs; i++) {
  const { wallMs, cpuMs } = await startOnce()
  walls.push(wallMs)
  cpus.push(cpuMs)
  console.log(`run ${i + 1}: ${Math.round(wallMs)} ms to first answer, the server process used ${cpuMs} ms of CPU`)
}
const median = (values: number[]): number => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!)
// On a shared machine the wall time follows the load; the CPU time says what start-up costs.
console.log(`median warm start to first answer: ${median(walls)} ms wall, ${median(cpus)} ms CPU (node ${nodeFlags.join(' ')} dist/src/server.js, ${runs} runs)`)
