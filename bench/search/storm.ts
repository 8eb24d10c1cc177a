// The bulkhead (issue 15): a storm of slow searches beside the newsroom mix. 40 more
// connections each ask, one after another, a search that matches most of the archive (two of
// the commonest filler words, joined by `or`; every one distinct, so no cache helps). A storm
// client honours Retry-After on a 503, as browsers and crawlers behind a CDN do. The mix runs
// once without the storm and once beside it, against the same server.
import { Pool } from 'undici'
import { FILLER } from '../data.js'
import { Recorder } from '../newsroom/stats.js'

export const STORM_CONNECTIONS = 40

/** Distinct slow searches: pairs of the 200 commonest filler words (FILLER is drawn most-common first). */
export function slowQueries (): string[] {
  const queries: string[] = []
  for (let i = 0; i < 200; i++) for (let j = i + 1; j < 200; j++) queries.push(`${FILLER[i]} or ${FILLER[j]}`)
  return queries
}

/** Runs the storm until `stop()`; records every answer. */
export function startStorm (origin: string, path: (q: string) => string): { recorder: Recorder, stop: () => Promise<number> } {
  const pool = new Pool(origin, { connections: STORM_CONNECTIONS, headersTimeout: 120_000, bodyTimeout: 120_000 })
  const recorder = new Recorder()
  const queries = slowQueries()
  let next = 0
  let stopped = false
  const began = performance.now()
  async function client (): Promise<void> {
    while (!stopped) {
      const started = performance.now()
      let status: number | undefined
      let retryAfter = 0
      try {
        const response = await pool.request({ method: 'GET', path: path(queries[next++ % queries.length]!) })
        status = response.statusCode
        retryAfter = status === 503 ? Number(response.headers['retry-after'] ?? 1) : 0
        await response.body.arrayBuffer()
      } catch {
        status = undefined
      }
      if (!stopped) recorder.record('search', performance.now() - started, status)
      if (retryAfter > 0 && !stopped) await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000))
    }
  }
  const clients = Array.from({ length: STORM_CONNECTIONS }, () => client())
  return {
    recorder,
    stop: async () => {
      stopped = true
      const seconds = (performance.now() - began) / 1000
      // Searches still queued are abandoned, not awaited: the storm is over.
      await pool.destroy()
      await Promise.all(clients)
      return seconds
    }
  }
}
