import pg from 'pg'
import type { Sort, SortValue } from './pagination.js'

// Hand-written SQL for the hottest reads, where Prisma cost more per request than Postgres
// did (bench/hot-paths.ts measures both). Each statement is one round trip, prepared once
// per connection, with embedded relations built as JSON by Postgres; rows keep the shape
// Prisma gives, so the same DTO functions map both.

/** A row shape: each property and the SQL expression that yields it; `times` are its timestamptz properties. */
export interface Shape { columns: Readonly<Record<string, string>>, times: readonly string[] }

// Exactly what Date#toISOString gives for the timestamptz(3) columns, which reviveTimes reads
// back: V8 parses that far faster than pg's own timestamptz parser.
export const isoTime = (expression: string): string => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * A timestamptz as epoch milliseconds (a float8 of an integer), for values Node reads rather
 * than sends: a quarter of to_char's cost in Postgres, and parsed by parseFloat.
 */
export const epochMs = (expression: string): string => `round(date_part('epoch', ${expression}) * 1000)`

/** SQL for a page's sort value (`column` of `sort`) as sortValueOf reads it back: a date as epochMs. */
export const sortValueSql = (sort: Sort, column: string): string => sort.type === 'date' ? epochMs(column) : column

/** The sort value sortValueSql selected, as the cursor takes it. */
export const sortValueOf = (sort: Sort, value: string | number | null): SortValue =>
  sort.type === 'date' && typeof value === 'number' ? new Date(value) : value

/** `expression AS "property", ...` for a SELECT list, without the properties in `leaveOut`; times as ISO strings. */
export function selectList (shape: Shape, leaveOut: readonly string[] = []): string {
  return Object.entries(shape.columns)
    .filter(([property]) => !leaveOut.includes(property))
    .map(([property, expression]) => `${shape.times.includes(property) ? isoTime(expression) : expression} AS "${property}"`)
    .join(', ')
}

/** json_build_object of the shape and of `nested` (property → SQL for a JSON value); times as ISO strings. */
export function jsonObject (shape: Shape, nested: Readonly<Record<string, string>> = {}): string {
  const pairs = Object.entries(shape.columns)
    .map(([property, expression]) => `'${property}', ${shape.times.includes(property) ? isoTime(expression) : expression}`)
  for (const [property, json] of Object.entries(nested)) pairs.push(`'${property}', ${json}`)
  return `json_build_object(${pairs.join(', ')})`
}

/** A JSON array of `element` over the rows of `from` (a FROM ... WHERE clause) in `orderBy` order; [] when none. */
export function jsonList (element: string, from: string, orderBy: string): string {
  return `coalesce((SELECT json_agg(${element} ORDER BY ${orderBy}) ${from}), '[]')`
}

/** Turns the ISO strings selectList and jsonObject made of the shape's times back into Dates, in place. */
export function reviveTimes<Row> (shape: Shape, object: Record<string, unknown>): Row {
  for (const property of shape.times) {
    const value = object[property]
    if (typeof value === 'string') object[property] = new Date(value)
  }
  return object as Row
}

// The statement texts come from a fixed set of shapes (include, sort, visibility, cursor or
// not, a few page sizes; never the caller's `fields=`), so this map and each connection's
// prepared statements stay small.
const statementNames = new Map<string, string>()
/** How the names of the statements made by `prepared` begin. */
export const PREPARED_NAME_PREFIX = 'hand-written-'

// Statement texts by a short key of what shapes them, each built once: building a text of a
// few kB and hashing it to find its name (a fresh string each time) cost the hot reads more
// than the rest of their SQL work in Node.
const statementTexts = new Map<string, string>()
/** The statement text `build` makes for `key` (everything the text depends on), built on first use. */
export function statementText (key: string, build: () => string): string {
  let text = statementTexts.get(key)
  if (text === undefined) {
    text = build()
    statementTexts.set(key, text)
  }
  return text
}

/**
 * A query pg prepares once per connection and then only executes, named after its text, for
 * a pool's `query`. It is a pg Query, which pools run as they run a config and resolve with its
 * result: given a config object, pg copies it through its property descriptors first (2-4 µs
 * a query, more than the rest of handing it over); a Query made from the text keeps the values as they are.
 * Not for a client's own `query`, which hands a Query back instead of a promise of its result.
 */
export function prepared (text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text)
  if (name === undefined) {
    name = `${PREPARED_NAME_PREFIX}${statementNames.size + 1}`
    statementNames.set(text, name)
  }
  // pg's Query takes `name` from a config; its type does not show the property it sets from it.
  const query = new pg.Query(text, values) as pg.Query & { name?: string }
  query.name = name
  return query as unknown as pg.QueryConfig
}

// Page sizes (the page plus one, to see whether another follows) written into statements.
const LITERAL_PAGE_SIZES = new Set([10, 20, 25, 50, 100].map((size) => size + 1))

/**
 * The LIMIT of a page: written into the statement for the common sizes, bound otherwise. With
 * `LIMIT $n` Postgres cannot cost the generic plan, so it plans the statement anew on every
 * execution (0.26 ms of the 0.78 ms of Postgres CPU a page of 20 stories cost); but a text per
 * size would let any caller make up to a hundred statements per shape, each prepared on every
 * pooled connection, so only a few sizes are written in. Part of the statement's key.
 */
export function pageLimitSql (size: number, param: (value: unknown) => string): string {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`not a page size: ${size}`)
  return LITERAL_PAGE_SIZES.has(size) ? String(size) : param(size)
}

/** The condition on `alias` for a path segment parsed by byIdOrSlug, with its value as $1. */
export function byKeySql (key: { id: string } | { slug: string }, alias: string): { condition: string, value: string } {
  return 'id' in key ? { condition: `${alias}.id = $1`, value: key.id } : { condition: `${alias}.slug = $1`, value: key.slug }
}
