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
