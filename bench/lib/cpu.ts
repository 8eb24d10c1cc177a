import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import pg from 'pg'

// CPU time spent by a process (and by a Postgres server: the postmaster and every backend),
// from /proc (Linux). On a machine shared with other work, requests per second move with the
// neighbours; the CPU a request costs the server and the database moves far less.

const TICK_MS = 10 // USER_HZ is 100 on Linux

/** A process's parent, its own CPU ms and that of its children already reaped; undefined when it is gone. */
export function stat (pid: number): { ppid: number, own: number, children: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ') // after "pid (comm) ", field 3 is fields[0]
    return { ppid: Number(fields[1]), own: (Number(fields[11]) + Number(fields[12])) * TICK_MS, children: (Number(fields[13]) + Number(fields[14])) * TICK_MS }
  } catch {
    return undefined
  }
}

/** CPU ms a process has used so far (NaN when it is gone or this is not Linux). */
export function processCpuMs (pid: number | undefined): number {
  return pid === undefined ? Number.NaN : stat(pid)?.own ?? Number.NaN
}

/** CPU ms a Postgres server has used so far: the postmaster, its live children and those already reaped. */
export function postgresCpuMs (postmaster: number | undefined): number {
  if (postmaster === undefined) return Number.NaN
  const root = stat(postmaster)
  if (!root) return Number.NaN
  let total = root.own + root.children
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const child = stat(Number(entry))
    if (child?.ppid === postmaster) total += child.own
  }
  return total
}

/** The postmaster's pid of the (local) server at `url`, when this machine can see it. */
export async function postmasterPid (url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    return stat(rows[0]!.pid)?.ppid
  } finally {
    await client.end()
  }
}

/** The socket inodes a process holds. */
function socketInodes (pid: number): Set<string> {
  const inodes = new Set<string>()
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
        if (match) inodes.add(match[1]!)
      } catch { /* closed meanwhile */ }
    }
  } catch { /* gone */ }
  return inodes
}

/** Every TCP connection of this machine: local and remote port, by socket inode. */
function tcpConnections (): Map<string, { local: number, remote: number }> {
  const connections = new Map<string, { local: number, remote: number }>()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try { text = readFileSync(file, 'utf8') } catch { continue }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      if (fields.length < 10) continue
      const port = (address: string): number => parseInt(address.slice(address.lastIndexOf(':') + 1), 16)
      connections.set(fields[9]!, { local: port(fields[1]!), remote: port(fields[2]!) })
    }
  }
  return connections
}

/**
 * CPU ms used so far by the Postgres backends serving `client` (a process's connections), by
 * backend pid. Other sessions on a shared server (a COPY, another bench) are left out, which
 * the whole server's figure (postgresCpuMs) cannot do.
 */
export function backendsCpuMs (postmaster: number | undefined, client: number | undefined): Map<number, number> {
  const cpu = new Map<number, number>()
  if (postmaster === undefined || client === undefined) return cpu
  const connections = tcpConnections()
  const clientPorts = new Set<number>()
  for (const inode of socketInodes(client)) {
    const connection = connections.get(inode)
    if (connection) clientPorts.add(connection.local)
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    const child = stat(pid)
    if (child?.ppid !== postmaster) continue
    for (const inode of socketInodes(pid)) {
      const connection = connections.get(inode)
      if (connection && clientPorts.has(connection.remote)) { cpu.set(pid, child.own); break }
    }
  }
  return cpu
}

/** A process's title (Postgres writes what each process does there: `postgres: walwriter`), or '' when it is gone. */
export function processTitle (pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return ''
  }
}

/** Whether a Postgres process is a client's backend (its title names the client's address: `127.0.0.1(5432)`). */
function isClientBackend (pid: number): boolean {
  return /\(\d+\)/.test(processTitle(pid))
}

/**
 * CPU ms used so far by the Postgres processes that work for `clients` (processes' ids): their
 * backends, and the server's own background processes (WAL writer, checkpointer, io workers,
 * autovacuum), by pid. Other clients' backends on a shared server are left out, as are
 * processes already ended (a pooled backend rarely ends within a measurement).
 */
export function serverWorkCpuMs (postmaster: number | undefined, clients: (number | undefined)[]): Map<number, number> {
  const cpu = new Map<number, number>()
  for (const client of clients) for (const [pid, ms] of backendsCpuMs(postmaster, client)) cpu.set(pid, ms)
  if (postmaster === undefined) return cpu
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    const child = stat(pid)
    if (child?.ppid === postmaster && !cpu.has(pid) && !isClientBackend(pid)) cpu.set(pid, child.own)
  }
  return cpu
}

/** CPU ms the backends in `after` used since `before` (a backend not in `before` counts from 0). */
export function backendsCpuSince (before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0)
  return total
}
