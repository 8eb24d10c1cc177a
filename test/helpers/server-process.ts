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
 * What a test server runs: the sources (through tsx), or what `npm start` runs, the bundle
 * `npm run build` makes (`npm test` builds it first). NEWSDESK_SERVER names another entry file.
 */
function serverArgs (asNpmStart: boolean): string[] {
  if (process.env.NEWSDESK_SERVER) return [process.env.NEWSDESK_SERVER]
  return asNpmStart ? ['dist/bundle/server.js'] : ['--import', 'tsx', 'src/server.ts']
}

/** Starts the server and resolves once it listens; `asNpmStart` runs the build `npm start` runs. */
export async function startServer (env: Record<string, string>, { asNpmStart = false } = {}): Promise<{ child: ChildProcess, baseUrl: string, output: () => string }> {
  const port = await freePort()
  const child = spawn(process.execPath, serverArgs(asNpmStart), {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', IMPORT_PARSE_TIMEOUT_MS: '120000', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const baseUrl = `http://127.0.0.1:${port}`
  // A minute: a start takes about 2 s, but a loaded 2-core CI machine has taken over 30.
  const deadline = Date.now() + 60_000
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
export async function runUntilExit (env: Record<string, string>, { asNpmStart = false } = {}): Promise<{ code: number | null, output: string }> {
  const child = spawn(process.execPath, serverArgs(asNpmStart), {
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
