import pg from 'pg'

// Whether the read replica may serve public reads: it must answer, and be no further behind the
// primary than the configured bound. Checked in the background (every `intervalMs`), never per
// request: a request only reads the last verdict.
//
// Lag is measured by WAL position, not by pg_last_xact_replay_timestamp(): that timestamp is the
// time of the last transaction replayed, which grows while the primary is idle (a caught-up
// replica would look hours behind) and stays put when the replica has lost its primary. Instead,
// each check notes the primary's current WAL position with the time, and the replica's replay
// position; the replica holds everything the primary had at the latest noted time whose position
// it has replayed, so its lag is the time since then. An idle primary's position does not move,
// so a caught-up replica's lag stays near zero; a replica whose replay is stuck or paused falls
// behind by the clock.

export interface ReplicaState {
  /** Whether public reads go to the replica now. */
  usable: boolean
  /** The replica's lag at the last check, in ms; null when it did not answer. */
  lagMs: number | null
}

export interface ReplicaHealth {
  state: () => ReplicaState
  /** Runs a check now (start-up waits for the first). */
  check: () => Promise<void>
  stop: () => Promise<void>
}

interface Options {
  primaryUrl: string
  replicaUrl: string
  maxLagMs: number
  intervalMs: number
  onChange?: (state: ReplicaState, reason: string) => void
}

/** `16/B374D848` → a number that orders WAL positions. */
export function walPosition (lsn: string): bigint {
  const [high, low] = lsn.split('/')
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`)
}

export function watchReplica (options: Options): ReplicaHealth {
  // A connection each, of their own: a check must not queue behind requests for a pooled one.
  const connect = (url: string): pg.Pool => {
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: Math.max(1_000, options.intervalMs * 2), idleTimeoutMillis: 0 })
    pool.on('error', () => {})
    return pool
  }
  const primary = connect(options.primaryUrl)
  const replica = connect(options.replicaUrl)
  // Samples of the primary's WAL position, oldest first, over a window longer than the bound.
  const samples: Array<{ at: number, position: bigint }> = []
  const windowMs = Math.max(options.maxLagMs * 2, 10_000)
  let current: ReplicaState = { usable: false, lagMs: null }
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let running: Promise<void> | undefined

  function settle (next: ReplicaState, reason: string): void {
    const changed = next.usable !== current.usable
    current = next
    if (changed) options.onChange?.(next, reason)
  }

  async function checkOnce (): Promise<void> {
    const at = Date.now()
    try {
      const { rows: [head] } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
      samples.push({ at, position: walPosition(head!.lsn) })
    } catch {
      // The primary is away: the replica's lag cannot be told, and serving reads from it beats
      // answering 503; the verdict rests on whether the replica answers.
    }
    while (samples.length > 1 && samples[0]!.at < at - windowMs) samples.shift()
    let replayed: { recovery: boolean, lsn: string | null }
    try {
      const { rows } = await replica.query<{ recovery: boolean, lsn: string | null }>('SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn')
      replayed = rows[0]!
    } catch (error) {
      settle({ usable: false, lagMs: null }, `the replica does not answer (${(error as Error).message})`)
      return
    }
    // Not in recovery: a promoted replica (or a primary named as one) lags nothing.
    if (!replayed.recovery || replayed.lsn === null || samples.length === 0) {
      settle({ usable: true, lagMs: 0 }, 'the replica answers')
      return
    }
    const position = walPosition(replayed.lsn)
    const now = Date.now()
    let caughtUpAt: number | undefined
    for (const sample of samples) if (sample.position <= position) caughtUpAt = sample.at
    // Behind every sample kept: at least as old as the oldest.
    const lagMs = Math.max(0, now - (caughtUpAt ?? samples[0]!.at))
    const usable = lagMs <= options.maxLagMs
    settle({ usable, lagMs }, usable ? `the replica is ${lagMs} ms behind` : `the replica is ${lagMs} ms behind the primary, more than DATABASE_REPLICA_MAX_LAG_MS (${options.maxLagMs})`)
  }

  const check = (): Promise<void> => (running ??= checkOnce().finally(() => { running = undefined }))

  function schedule (): void {
    if (stopped) return
    timer = setTimeout(() => { check().finally(schedule).catch(() => {}) }, options.intervalMs)
    timer.unref()
  }
  schedule()

  return {
    state: () => current,
    check,
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await running?.catch(() => {})
      await Promise.all([primary.end(), replica.end()])
    }
  }
}
