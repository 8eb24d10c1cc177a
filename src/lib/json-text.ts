import { isoTime } from './sql.js'

// Answers written as JSON text by Postgres, byte for byte what the route's serializer would
// write of the DTO: compact, properties in schema order, strings escaped as JSON.stringify
// escapes them (Postgres's to_json escapes the same characters, with the same lower-case
// \u00XX), times as Date#toISOString. Node then parses no rows, maps no DTOs and serializes
// nothing: on the hottest reads that was most of Node's CPU and garbage. Postgres builds it by
// concatenation, which costs it little more than sending the rows did; json_build_object costs
// it twice that, and writes `"a" : 1`.

/** SQL giving the JSON text of one property's value; every one is non-null SQL, so the concatenation is too. */
export const jsonValue = {
  /** A uuid, an enum or an integer: written as is, quoted or not. */
  quoted: (expression: string): string => `'"' || ${expression} || '"'`,
  nullableQuoted: (expression: string): string => `coalesce('"' || ${expression} || '"', 'null')`,
  number: (expression: string): string => `${expression}::text`,
  /** Any text, array or JSON value: escaped by to_json. */
  value: (expression: string): string => `to_json(${expression})::text`,
  nullable: (expression: string): string => `coalesce(to_json(${expression})::text, 'null')`,
  time: (expression: string): string => `'"' || ${isoTime(expression)} || '"'`,
  nullableTime: (expression: string): string => `coalesce('"' || ${isoTime(expression)} || '"', 'null')`
}

/** Each property of a DTO in schema order and the SQL of its JSON text (jsonValue). */
export type JsonShape = ReadonlyArray<readonly [property: string, json: string]>

/** SQL for the JSON text of an object with these properties, in this order. */
export function jsonText (properties: JsonShape): string {
  if (properties.length === 0) return `'{}'`
  return properties.map(([property, json], index) => `'${index === 0 ? '{' : ','}"${property}":' || ${json}`).join(' || ') + ` || '}'`
}

/** SQL for the JSON text of an array of `element` (SQL JSON text) over `from` in `orderBy` order, `[]` when empty. */
export function jsonTextList (element: string, from: string, orderBy: string): string {
  return `coalesce((SELECT '[' || string_agg(${element}, ',' ORDER BY ${orderBy}) || ']' ${from}), '[]')`
}

/**
 * A list page as JSON text, joined by Postgres into one row (pg then decodes one row, not one
 * per item): `data` the items' JSON text joined by commas, `tags` their cache tags in document
 * order (space-separated), `newest` their latest update time (epoch ms) when the page shows it.
 */
export interface TextPage { data: string, tags: string, newest?: number | null | undefined }

/** A TextPage read by joinedPageSql: also how many rows it read, and the last item's id and sort value (for the cursor). */
export interface JoinedPage extends TextPage {
  /** Rows read: `limit + 1` when another page follows. */
  fetched: number
  last: { id: string, sortValue: string | number | null } | null
}

/**
 * SQL for one row of a page from `rows`: a SELECT of at most `size` (the page size plus one,
 * SQL) rows in page order, with the columns `n` (its place, from 1: `row_number()` in the
 * page's order), `id` (text), `json`, `tags` (space-separated), `updated_at` (epoch ms) and
 * `sort_value`. The last row only tells that another page follows; it is not on the page.
 */
export function joinedPageSql (rows: string, size: string): string {
  return `SELECT count(*)::int AS fetched,
    string_agg(json, ',' ORDER BY n) FILTER (WHERE n < ${size}) AS data,
    string_agg(tags, ' ' ORDER BY n) FILTER (WHERE n < ${size}) AS tags,
    max(updated_at) FILTER (WHERE n < ${size}) AS newest,
    min(id) FILTER (WHERE n = ${size} - 1) AS last_id,
    min(sort_value) FILTER (WHERE n = ${size} - 1) AS last_sort_value
  FROM (${rows}) page_rows`
}

export interface JoinedPageRow {
  fetched: number, data: string | null, tags: string | null, newest: number | null, last_id: string | null, last_sort_value: string | number | null
}

/** The page a joinedPageSql row holds. */
export function joinedPage (row: JoinedPageRow): JoinedPage {
  return {
    data: row.data ?? '',
    tags: row.tags ?? '',
    newest: row.newest,
    fetched: row.fetched,
    last: row.last_id === null ? null : { id: row.last_id, sortValue: row.last_sort_value }
  }
}
