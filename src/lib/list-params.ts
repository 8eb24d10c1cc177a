import { Type, type TOptional, type TSchema } from 'typebox'

// Query parameters shared by every list: comma-separated whitelists for `include=` and
// `fields=`, slug lists for filters, and the projection that `fields=` asks for.

/** `include=topics,quotes`: comma-separated words, each from the whitelist. */
export function CsvOf (allowed: readonly string[], description: string) {
  const word = `(${allowed.join('|')})`
  return Type.Optional(Type.String({
    pattern: `^${word}(,${word})*$`,
    maxLength: 1000,
    description: `${description} Comma-separated, any of: ${allowed.map((name) => `\`${name}\``).join(', ')}.`
  }))
}

const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*'
/** `topic=nato,afghanistan`: comma-separated slugs. */
export const SlugCsv = (description: string) =>
  Type.Optional(Type.String({ pattern: `^${SLUG}(,${SLUG}){0,49}$`, maxLength: 2000, description }))

/** The distinct words of a comma-separated parameter, or undefined when it is absent. */
export function csv<T extends string = string> (value: string | undefined): T[] | undefined {
  return value === undefined ? undefined : [...new Set(value.split(','))] as T[]
}

/** `fields=` of a resource whose properties are these names (id is always returned). */
export function FieldsParam (names: readonly string[]) {
  // `id` is always returned; naming it is allowed (and changes nothing).
  return CsvOf(['id', ...names], 'Return only these properties (and `id`, always); embedded relations from `include=` are kept.')
}

/**
 * Keeps `id`, the requested fields and the embedded relations; with no `fields=`, the
 * whole item. The list item schemas make every other property optional for this.
 */
export function pickFields<T extends { id: string }> (item: T, fields: string[] | undefined, embedded: readonly string[] = []): Partial<T> & { id: string } {
  if (fields === undefined) return item
  const keep = new Set(['id', ...fields, ...embedded])
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key))) as Partial<T> & { id: string }
}

/** The same properties, each optional: the list variant of an item that `fields=` may trim. */
export function optionalProperties<P extends Record<string, TSchema>> (properties: P): { [K in keyof P]: TOptional<P[K]> } {
  return Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, Type.Optional(schema)])) as { [K in keyof P]: TOptional<P[K]> }
}
