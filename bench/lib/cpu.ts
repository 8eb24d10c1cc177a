import { readdirSync, readFileSync } from 'node:fs'
import pg from 'pg'

// CPU time spent by a process (and by a Postgres server: the postmaster and every backend),
// from /proc (Linux). On a machine shared with other work, requests per second move with the
// neighbours; the CPU a request costs the server and the database moves far less.

const TICK_MS = 10 // USER_HZ is 100 on Linux

function stat (pid: number): { ppid: number, own: number, children: number } | undefined {
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
