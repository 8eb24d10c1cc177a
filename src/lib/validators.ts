import type pg from 'pg'
import { poolInUse } from '../db/client.js'
import type { Versioned } from './http-cache.js'
import { prepared } from './sql.js'

// What an item's ETag and Last-Modified are made of, read without the item, for cheap
// conditional GETs. Lookups made in the same turn of the event loop share one statement
// per pool: a burst of revalidations costs one round trip, not one each.

type Column = 'id' | 'slug'
interface Waiter { resolve: (item: Versioned | null) => void, reject: (error: unknown) => void }

/** Validators of the rows of `table` that meet `visible` (SQL on `table`), by id or slug. */
export function validatorsLookup (table: 'articles' | 'topics' | 'speakers' | 'authors', visible?: string) {
  const byColumn = { id: sharedLookup(table, 'id', visible), slug: sharedLookup(table, 'slug', visible) }
  return (pool: pg.Pool, key: { id: string } | { slug: string }): Promise<Versioned | null> =>
    'id' in key ? byColumn.id(pool, key.id) : byColumn.slug(pool, key.slug)
}

function sharedLookup (table: string, column: Column, visible: string | undefined) {
  const text = `SELECT id, slug, version, updated_at AS "updatedAt" FROM ${table}
    WHERE ${column} = ANY($1::${column === 'id' ? 'uuid' : 'text'}[])${visible === undefined ? '' : ` AND ${visible}`}`
  // Keys waiting for the next statement, per pool (a public read's replica is not a keyed read's primary).
  let waiting: Map<pg.Pool, Map<string, Waiter[]>> | undefined

  function flush (): void {
    const batches = waiting!
    waiting = undefined
    for (const [pool, keys] of batches) {
      pool.query<Versioned & { slug: string }>(prepared(text, [[...keys.keys()]])).then(({ rows }) => {
        const found = new Map(rows.map((row) => [row[column], row]))
        for (const [key, waiters] of keys) for (const waiter of waiters) waiter.resolve(found.get(key) ?? null)
      }, (error: unknown) => {
        for (const waiters of keys.values()) for (const waiter of waiters) waiter.reject(error)
      })
    }
  }

  return (pool: pg.Pool, key: string): Promise<Versioned | null> => new Promise((resolve, reject) => {
    if (!waiting) {
      waiting = new Map()
      setImmediate(flush)
    }
    const target = poolInUse(pool)
    const keys = waiting.get(target) ?? new Map<string, Waiter[]>()
    waiting.set(target, keys)
    keys.set(key, [...keys.get(key) ?? [], { resolve, reject }])
  })
}
