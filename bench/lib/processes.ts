import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/**
 * A port nobody listens on: any (the system's choice), or with BENCH_PORTS=3420-3429 the first
 * free one in that range (a shared machine where each person runs servers on ports of their own).
 */
export async function freePort (): Promise<number> {
  const range = process.env.BENCH_PORTS
  if (range === undefined || range === '') return listenOnce(0)
  const [first = NaN, last = NaN] = range.split('-').map(Number)
  if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) throw new Error(`BENCH_PORTS must be first-last (got "${range}")`)
  for (let port = first; port <= last; port++) {
    try {
      return await listenOnce(port)
    } catch {}
  }
  throw new Error(`no free port in BENCH_PORTS=${range}`)
}

/** Listens on `port` (0: any) and closes at once; the port it got. */
async function listenOnce (port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb (pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Math.round(Number(match[1]) / 1024) : Number.NaN
  } catch {
    return Number.NaN
  }
}

export interface Server { child: ChildProcess, url: string, startedInMs: number, stop: () => Promise<void> }

/** Starts a Node server script and waits until `readyPath` answers 200. */
export async function startNodeServer (script: string, env: Record<string, string>, readyPath: string): Promise<Server> {
  const port = await freePort()
  const began = Date.now()
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : []
  const child = spawn(process.execPath, [...loader, script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => { errors = (errors + chunk.toString()).slice(-4000) })
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${errors}`)
    try {
      if ((await fetch(url + readyPath)).ok) break
    } catch {}
    if (Date.now() - began > 60_000) throw new Error(`${script} did not answer within 60 s: ${errors}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return {
    child,
    url,
    startedInMs: Date.now() - began,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }
}
