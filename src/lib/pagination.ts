import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { httpProblem } from './problem.js'
import { Int } from './schema-types.js'

// Keyset pagination shared by every list: the cursor carries the last row's sort value
// and id, so pages stay stable while rows are inserted before or after them.

export const PageQuery = {
  limit: Int({ minimum: 1, maximum: 100, default: 20, description: 'Items per page.' }),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'Opaque cursor from `nextCursor` of the previous page.' })),
  count: Type.Boolean({ default: false, description: 'Also return `total`, the number of matching items (costs a count query).' })
}

/** The list envelope; `example` (a page) goes to the OpenAPI document. */
export function PageOf<T extends TSchema> (item: T, name: string, example?: unknown) {
  return Type.Object({
    data: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor for the next page, or null on the last page.' }),
    total: Type.Optional(Type.Integer({ minimum: 0, description: 'Present only when `count=true`.' }))
  }, { title: `${name}Page`, ...(example !== undefined && { examples: [example] }) })
}

export interface SortField { column: string, type: 'date' | 'string' | 'number', nullable?: boolean }
export interface Sort { key: string, column: string, type: SortField['type'], nullable: boolean, direction: 'asc' | 'desc' }

/** Parses `sort=-publishedAt` against a whitelist; `-` means descending. */
export function parseSort (param: string | undefined, allowed: Record<string, SortField>, fallback: string): Sort {
  const raw = param ?? fallback
  const direction = raw.startsWith('-') ? 'desc' : 'asc'
  const key = raw.replace(/^[-+]/, '')
  const field = allowed[key]
  if (!field) throw httpProblem(400, `Cannot sort by "${key}"; use one of: ${Object.keys(allowed).join(', ')} (prefix - for descending).`)
  return { key: raw, column: field.column, type: field.type, nullable: field.nullable ?? false, direction }
}

export function sortPattern (allowed: Record<string, SortField>): string {
  return `^-?(${Object.keys(allowed).join('|')})$`
}

export type SortValue = string | number | Date | null

export function encodeCursor (sort: Sort, value: SortValue, id: string): string {
  const plain = value instanceof Date ? value.toISOString() : value
  return Buffer.from(JSON.stringify([sort.key, plain, id])).toString('base64url')
}

export function decodeCursor (cursor: string, sort: Sort): { value: SortValue, id: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[2] !== 'string' || !/^[0-9a-f-]{36}$/.test(parsed[2])) {
    throw httpProblem(400, 'The cursor is not one this API issued; start again without `cursor`.')
  }
  const [key, value, id] = parsed as [unknown, unknown, string]
  if (key !== sort.key) throw httpProblem(400, `The cursor belongs to sort "${String(key)}", not "${sort.key}".`)
  if (value === null && sort.nullable) return { value: null, id }
  if (sort.type === 'number') {
    // Number sorts are integer columns: a 1e300 reached Prisma, which failed to encode it (500).
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw httpProblem(400, 'The cursor is malformed; start again without `cursor`.')
    return { value, id }
  }
  if (typeof value !== 'string') throw httpProblem(400, 'The cursor is malformed; start again without `cursor`.')
  if (sort.type === 'date') {
    const date = new Date(value)
    if (Number.isNaN(date.getTime())) throw httpProblem(400, 'The cursor is malformed; start again without `cursor`.')
    return { value: date, id }
  }
  return { value, id }
}

/** Prisma `where` for "rows after the cursor" in (column, id) order, nulls last. */
export function afterCursor (sort: Sort, cursor: { value: SortValue, id: string }): Record<string, unknown> {
  const beyond = sort.direction === 'desc' ? 'lt' : 'gt'
  if (cursor.value === null) return { [sort.column]: null, id: { [beyond]: cursor.id } }
  const after: Record<string, unknown>[] = [
    { [sort.column]: { [beyond]: cursor.value } },
    { [sort.column]: cursor.value, id: { [beyond]: cursor.id } }
  ]
  if (sort.nullable) after.push({ [sort.column]: null })
  return { OR: after }
}

/** `where`, narrowed to the rows after `cursor` when there is one. */
export function pageWhere<Where extends object> (where: Where, sort: Sort, cursor: string | undefined): Where {
  return cursor ? { AND: [where, afterCursor(sort, decodeCursor(cursor, sort))] } as Where : where
}

/** Prisma `orderBy` matching afterCursor. */
export function orderBy (sort: Sort): Record<string, unknown>[] {
  const first = sort.nullable ? { sort: sort.direction, nulls: 'last' } : sort.direction
  return [{ [sort.column]: first }, { id: sort.direction }]
}

/** decodeCursor, or null for a cursor this API did not issue (left to a path that answers for it). */
export function validCursor (cursor: string, sort: Sort): { value: SortValue, id: string } | null {
  try {
    return decodeCursor(cursor, sort)
  } catch {
    return null
  }
}

/**
 * afterCursor and orderBy for hand-written SQL: `column` and `id` are SQL expressions and
 * `param` binds a value, returning its placeholder.
 */
export function keysetSql (
  sort: Sort, cursor: { value: SortValue, id: string } | undefined, column: string, id: string, param: (value: unknown) => string
): { after: string | undefined, orderBy: string } {
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC'
  const orderBy = `${column} ${direction}${sort.nullable ? ' NULLS LAST' : ''}, ${id} ${direction}`
  if (!cursor) return { after: undefined, orderBy }
  const beyond = sort.direction === 'desc' ? '<' : '>'
  if (cursor.value === null) return { after: `(${column} IS NULL AND ${id} ${beyond} ${param(cursor.id)})`, orderBy }
  const value = param(cursor.value)
  const after = [`${column} ${beyond} ${value}`, `(${column} = ${value} AND ${id} ${beyond} ${param(cursor.id)})`]
  if (sort.nullable) after.push(`${column} IS NULL`)
  return { after: `(${after.join(' OR ')})`, orderBy }
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that more exist.
 * Also sets the RFC 8288 `Link: <...>; rel="next"` header.
 */
export function toPage<Row extends { id: string }> (
  request: FastifyRequest, reply: FastifyReply, rows: Row[], limit: number, sort: Sort,
  valueOf: (row: Row) => SortValue
): { rows: Row[], nextCursor: string | null } {
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const last = page.at(-1)
  const nextCursor = more && last ? encodeCursor(sort, valueOf(last), last.id) : null
  if (nextCursor) reply.header('link', `<${nextPageUrl(request.url, nextCursor)}>; rel="next"`)
  return { rows: page, nextCursor }
}

// A path and query that the URL parser and URLSearchParams give back unchanged: no dot
// segments, no empty ones, nothing either would encode or decode, every parameter with `=`.
// (Checked piece by piece: one pattern for all of it would nest quantifiers.)
const PLAIN_PATH = /^\/[\w.~/-]*$/
const EMPTY_OR_DOT_SEGMENT = /\/(?:[/.]|$)/
const PLAIN_PARAMETER = /^[\w.*-]+=[\w.*-]*$/
function isPlainUrl (url: string): boolean {
  const [path = '', query, ...more] = url.split('?')
  if (more.length > 0 || !PLAIN_PATH.test(path) || EMPTY_OR_DOT_SEGMENT.test(path)) return false
  return query === undefined || query.split('&').every((parameter) => PLAIN_PARAMETER.test(parameter))
}
const HAS_CURSOR = /[?&]cursor=/
const BASE64URL = /^[\w-]+$/

/**
 * `url` (a request's path and query) with `cursor` set, as `new URL(url)` with
 * `searchParams.set('cursor', cursor)` writes it. A plain URL without a cursor (every hot page)
 * takes the cursor (base64url, as encodeCursor writes it) appended: parsing the URL cost more
 * than the rest of building the page in Node.
 */
export function nextPageUrl (url: string, cursor: string): string {
  if (BASE64URL.test(cursor) && isPlainUrl(url) && !HAS_CURSOR.test(url)) return `${url}${url.includes('?') ? '&' : '?'}cursor=${cursor}`
  const parsed = new URL(url, 'http://placeholder')
  parsed.searchParams.set('cursor', cursor)
  return `${parsed.pathname}${parsed.search}`
}
