import { Type, type Static, type TSchema } from 'typebox'
import { page } from './examples.js'
import { FieldsParam, optionalProperties } from './list-params.js'
import { PageOf, PageQuery, sortPattern, type SortField } from './pagination.js'
import { DateTime, Uuid } from './schema-types.js'

// The schemas every resource repeats, made once from its properties: the item (an OpenAPI
// component), the list item that `fields=` may trim, the page, the list query, and the create
// and update bodies. Topics, speakers and authors are built with these.

/** What every stored item has besides its own properties. */
export const VERSIONED_PROPERTIES = { createdAt: DateTime, updatedAt: DateTime, version: Type.Integer({ minimum: 1 }) }

/**
 * `Name`, `NameListItem` and `NamePage` for a resource with these properties besides `id`.
 * `embeds` are what `include=` adds (optional, and kept by `fields=`).
 */
export function itemSchemas<P extends Record<string, TSchema>, Example extends { id: string }, E extends Record<string, TSchema> = Record<never, TSchema>> (
  name: string, properties: P, example: Example, sortKey: keyof Example & string, extra: { embeds?: E, moreExamples?: object[] } = {}
) {
  const embeds = (extra.embeds ?? {}) as E
  const Item = Type.Object({ id: Uuid, ...properties, ...embeds }, { $id: name, title: name, examples: [example, ...extra.moreExamples ?? []] })
  type Dto = Static<typeof Item>
  return {
    Item,
    Ref: Type.Unsafe<Dto>(Type.Ref(name)),
    ListItem: Type.Object({ id: Uuid, ...optionalProperties(properties), ...embeds }, {
      $id: `${name}ListItem`,
      title: `${name}ListItem`,
      description: `${name} in a list: every property is present unless \`fields=\` leaves it out.`,
      examples: [example]
    }),
    Page: PageOf(Type.Unsafe<Partial<Dto> & { id: string }>(Type.Ref(`${name}ListItem`)), name, page(example, sortKey, String(example[sortKey]))),
    FIELDS: Object.keys(properties)
  }
}

/** The list query: page, `sort` from `sorts` (default `defaultSort`), `fields=`, and `extra` filters. */
export function listQuery<E extends Record<string, TSchema>> (sorts: Record<string, SortField>, defaultSort: string, fields: string[], extra: E) {
  return Type.Object({
    ...PageQuery,
    sort: Type.Optional(Type.String({ pattern: sortPattern(sorts), description: `Sort field, \`-\` for descending. Default \`${defaultSort}\`.` })),
    fields: FieldsParam(fields),
    ...extra
  }, { additionalProperties: false })
}

/** The create body (`required` plus any writable property) and the update body (at least one property). */
export function writeSchemas<W extends Record<string, TSchema>, R extends keyof W & string> (
  name: string, writable: W, required: R, examples: { create: object, update: object }
) {
  return {
    Create: Type.Object({ ...optionalProperties(writable), [required]: writable[required] } as { [K in Exclude<keyof W, R>]: ReturnType<typeof Type.Optional<W[K]>> } & { [K in R]: W[K] }, {
      additionalProperties: false,
      title: `${name}Create`,
      description: 'Without `slug`, one is made from the name (`-2`, `-3`... when taken).',
      examples: [examples.create]
    }),
    Update: Type.Object(optionalProperties(writable), {
      additionalProperties: false,
      minProperties: 1,
      title: `${name}Update`,
      description: 'Only the properties sent change. A new `slug` keeps the old one as a redirect.',
      examples: [examples.update]
    })
  }
}
