import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * The server these tests start: the sources (through tsx), or with NEWSDESK_SERVER the build
 * `npm start` runs (`NEWSDESK_SERVER=dist/bundle/server.js`, after `npm run build`).
 */
const SERVER_ARGS = process.env.NEWSDESK_SERVER ? [process.env.NEWSDESK_SERVER] : ['--import', 'tsx', 'src/server.ts']

/** Starts the server as `npm start` would, and resolves once it listens. */
export async function startServer (env: Record<string, string>): Promise<{ child: ChildProcess, baseUrl: string, output: () => string }> {
  const port = await freePort()
  const child = spawn(process.execPath, SERVER_ARGS, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', IMPORT_PARSE_TIMEOUT_MS: '120000', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (!output.includes('Server listening')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`)
    if (Date.now() > deadline) throw new Error(`server did not listen within 30 s:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { child, baseUrl, output: () => output }
}

export async function exitOf (child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** Starts the server expecting it to stop by itself (a start-up failure); its exit code and output. */
export async function runUntilExit (env: Record<string, string>): Promise<{ code: number | null, output: string }> {
  const child = spawn(process.execPath, SERVER_ARGS, {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const code = await exitOf(child)
  clearTimeout(timer)
  return { code, output }
}
