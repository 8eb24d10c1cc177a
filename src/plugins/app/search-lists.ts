import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type pg from 'pg'

// A new or changed story or quote leaves its search entries in the full-text GIN indexes'
// pending lists (fastupdate), and the insert that overflows a list merges all of it: now and
// then an editor's save paid for thousands of other rows' entries (issue 15). Turning
// fastupdate off made bulk imports 2.2x slower. Instead, after commits that may have added
// entries, this instance merges the lists in the background (newsdesk_clean_search_lists,
// migration 029), at most once every `intervalMs`, so no list grows long enough for a save to
// meet it. The function merges in one session at a time across all instances; the others'
// calls return at once. A merge runs on the primary's pool, outside any request, and is
// never awaited by one: a failure is logged and the next commit tries again.
// Not too often either: merging a hundred saves' entries costs little more than merging twenty
// (their stories share most words), and entries waiting are found by search at once, so the
// default interval is ten seconds, far from the 4 MB a list may hold (bench/RESULTS.md, session 19).

/**
 * Whether a commit may have added search entries: unknown (the announcement did not carry its
 * events), or any story or quote written. Topics, speakers and authors have no full-text index.
 */
export function mayHaveAddedSearchEntries (events: unknown[] | undefined): boolean {
  if (events === undefined) return true
  return events.some((event) => {
    const { resource } = event as { resource?: string }
    return resource === 'article' || resource === 'quote'
  })
}

function primaryPool (fastify: FastifyInstance): pg.Pool {
  const pool = fastify.databaseLanes().primary
  if (pool === undefined) throw new Error('the database plugin has no primary lane')
  return pool
}

export default fp(async function searchLists (fastify: FastifyInstance, opts: { intervalMs: number }) {
  if (opts.intervalMs <= 0) return
  const log = fastify.log.child({ module: 'search-lists' })
  // The primary's own pool whatever the context: the lists live on the primary, and a replica refuses the merge.
  const primary = primaryPool(fastify)
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  // Whether a commit came after the last merge began (its entries may have missed that merge).
  let owed = false
  let lastStart = -Infinity
  let closed = false

  function merge (): void {
    timer = undefined
    owed = false
    lastStart = performance.now()
    running = primary.query<{ merged: string | null }>({ name: 'search-lists-merge', text: 'SELECT newsdesk_clean_search_lists() AS merged' })
      .then(({ rows }) => { log.debug({ pages: rows[0]?.merged ?? null }, 'merged the search indexes\' pending lists') })
      .catch((err: unknown) => { if (!closed) log.warn({ err }, 'merging the search indexes\' pending lists failed; the next commit tries again') })
      .finally(() => {
        running = undefined
        if (owed) arm()
      })
  }

  /** Merges as soon as the interval since the last merge began allows. */
  function arm (): void {
    if (closed || timer !== undefined || running !== undefined) return
    timer = setTimeout(merge, Math.max(0, lastStart + opts.intervalMs - performance.now()))
    timer.unref()
  }

  const unsubscribe = fastify.changeListener.subscribe((seq, events) => {
    // seq null: the listener reconnected, and commits may have gone unannounced meanwhile.
    if (seq !== null && !mayHaveAddedSearchEntries(events)) return
    owed = true
    arm()
  })

  fastify.addHook('onClose', async () => {
    closed = true
    unsubscribe()
    clearTimeout(timer)
    timer = undefined
    // Before the database plugin ends the pool (onClose hooks run in reverse order of registration).
    await running
  })
}, { name: 'search-lists', dependencies: ['database', 'change-listener'] })
