import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type pg from 'pg'
import { Type, type TSchema } from 'typebox'
import type { Database } from '../db/client.js'
import { canReadDrafts } from '../plugins/app/auth.js'
import { created, setItemValidators, staleWrite, versionedWrite, type Versioned } from './http-cache.js'
import { csv, pickFields } from './list-params.js'
import { namePrefix } from './lookups.js'
import { orderBy, pageWhere, parseSort, toPage, type Sort, type SortField, type SortValue } from './pagination.js'
import { notFound, problemResponses } from './problem.js'
import { IdOrSlugParams, byIdOrSlug } from './schema-types.js'
import { MovedResponse, dropOldSlugs, insertSlugged, keepOldSlug, readItem, type SluggedResource } from './slug-redirects.js'
import { hasReservedSlugs, itemSlugFor } from './slugs.js'
import { validatorsLookup } from './validators.js'
import { countNamed, keepPublic, lockPublicNamed, publicNamed, publicPage, sqlOfTransaction, type NamedResource } from './visibility.js'
import { contentTransaction, type ContentTx } from './write-path.js'

// A named resource is one with a name, a slug, a version and no status of its own, public
// once a published story uses it (see visibility.ts). Topics, speakers and authors are served
// by these two builders: the repository (Prisma for the rows, the shared visibility SQL for
// what the public may see, the one write path) and the five CRUD routes with their OpenAPI
// schemas. What differs (`include=` extras, a delete that may be refused) is passed in.

export type ItemKey = { id: string } | { slug: string }
export type NamedRow = Versioned & { slug: string, name: string, createdAt: Date }

/** The part of a Prisma model delegate these builders use (each model's delegate has it). */
export interface NamedDelegate<Row> {
  findMany: (args: { where: object, orderBy: object[], take: number }) => Promise<Row[]>
  findFirst: (args: { where: ItemKey }) => Promise<Row | null>
  findUniqueOrThrow: (args: { where: { id: string } }) => Promise<Row>
  create: (args: { data: object }) => Promise<Row>
  updateMany: (args: { where: { id: string, version: number }, data: object }) => Promise<{ count: number }>
  deleteMany: (args: { where: { id: string, version: number } }) => Promise<{ count: number }>
}

export interface NamedListOptions { q?: string | undefined, sort: Sort, limit: number, cursor?: string | undefined, count: boolean, visibleOnly: boolean, include?: ReadonlySet<string> }

const NOTHING_INCLUDED: ReadonlySet<string> = new Set()

export interface NamedModel<Row> {
  resource: NamedResource
  table: SluggedResource & ('topics' | 'speakers' | 'authors')
  /** The model's delegate on the client or a transaction (Prisma's types are too rich to name here). */
  delegate: (db: Database | ContentTx) => NamedDelegate<Row>
  /** Adds what `include=` asks for to a page or an item, counting only what the caller may see. */
  withIncludes?: (rows: Row[], include: ReadonlySet<string>, visibleOnly: boolean) => Promise<Row[]>
  /**
   * Throws (a 409) when the item may not be deleted, before anything is written; for a caller
   * that may not read drafts (`visibleOnly`) its answer tells nothing of hidden stories.
   */
  refuseDelete?: (tx: ContentTx, id: string, visibleOnly: boolean) => Promise<void>
}

export function createNamedRepository<Row extends NamedRow, Create extends { name: string, slug?: string | undefined }, Update extends object> (
  model: NamedModel<Row>, db: Database, pool: pg.Pool, columnsOf: (input: Create) => object
): NamedRepository<Row> & { create: (input: Create) => Promise<Row>, update: (current: Row, expectedVersion: number, patch: Update & { slug?: string | undefined }, hidden?: () => Error) => Promise<Row> } {
  const validators = { public: validatorsLookup(model.table, publicNamed(model.resource, model.table)), any: validatorsLookup(model.table) }

  const withIncludes = async (rows: Row[], include: ReadonlySet<string>, visibleOnly: boolean): Promise<Row[]> =>
    model.withIncludes && include.size > 0 && rows.length > 0 ? model.withIncludes(rows, include, visibleOnly) : rows

  /**
   * For a caller that may not read drafts (`hidden` given): the item must still be public inside
   * the write's transaction, else `hidden()` is thrown and nothing is written. A published story
   * that uses it is locked until the write commits (lockPublicNamed), so an unpublish cannot
   * slip in between this check and the write's own statement.
   */
  async function stillPublic (tx: ContentTx, id: string, hidden: (() => Error) | undefined): Promise<void> {
    if (hidden !== undefined && !(await lockPublicNamed(sqlOfTransaction(tx), model.resource, [id])).has(id)) throw hidden()
  }

  /** The version must still be `expectedVersion`; else nothing is written (see versionedWrite). */
  async function atVersion (work: Promise<{ count: number }>): Promise<void> {
    if ((await work).count === 0) throw staleWrite()
  }

  return {
    async list (options: NamedListOptions): Promise<{ rows: Row[], total: number | undefined }> {
      const where = options.q ? { name: namePrefix(options.q) } : {}
      const fetch = (cursor: string | undefined) => model.delegate(db).findMany({ where: pageWhere(where, options.sort, cursor), orderBy: orderBy(options.sort), take: options.limit + 1 })
      const [first, total] = await Promise.all([
        fetch(options.cursor),
        options.count ? countNamed(pool, model.resource, options.q, options.visibleOnly) : undefined
      ])
      const rows = options.visibleOnly ? await publicPage(pool, model.resource, first, options.limit, options.sort, fetch) : first
      return { rows: await withIncludes(rows, options.include ?? NOTHING_INCLUDED, options.visibleOnly), total }
    },

    async find (key: ItemKey, visibleOnly: boolean, include: ReadonlySet<string> = NOTHING_INCLUDED): Promise<Row | null> {
      const row = await model.delegate(db).findFirst({ where: key })
      if (!row || (visibleOnly && (await keepPublic(pool, model.resource, [row])).length === 0)) return null
      return (await withIncludes([row], include, visibleOnly))[0]!
    },

    /** Just what the item's ETag and Last-Modified are made of. */
    findValidators: (key: ItemKey, visibleOnly: boolean): Promise<Versioned | null> => (visibleOnly ? validators.public : validators.any)(pool, key),

    create: (input: Create): Promise<Row> => contentTransaction(db, (tx) =>
      insertSlugged(tx, model.table, input.slug, itemSlugFor(model.table, input.name), (slug) => model.delegate(tx).create({ data: { ...columnsOf(input), slug } }))),

    /** Partial update at `expectedVersion` (else 412); a new slug keeps the old one as a redirect. */
    update: (current: Row, expectedVersion: number, patch: Update & { slug?: string | undefined }, hidden?: () => Error): Promise<Row> => contentTransaction(db, async (tx) => {
      await stillPublic(tx, current.id, hidden)
      if (patch.slug !== undefined && patch.slug !== current.slug) await keepOldSlug(tx, model.table, current.id, current.slug, patch.slug)
      await atVersion(model.delegate(tx).updateMany({ where: { id: current.id, version: expectedVersion }, data: { ...patch, version: { increment: 1 } } }))
      return model.delegate(tx).findUniqueOrThrow({ where: { id: current.id } })
    }),

    /** Deleting unlinks the item (the links cascade); its old slugs go with it. */
    delete: (id: string, expectedVersion: number, hidden?: () => Error): Promise<void> => contentTransaction(db, async (tx) => {
      await stillPublic(tx, id, hidden)
      await model.refuseDelete?.(tx, id, hidden !== undefined)
      await atVersion(model.delegate(tx).deleteMany({ where: { id, version: expectedVersion } }))
      await dropOldSlugs(tx, model.table, id)
    })
  }
}

/** What the routes need of a repository (createNamedRepository makes one). */
export interface NamedRepository<Row> {
  list: (options: NamedListOptions) => Promise<{ rows: Row[], total: number | undefined }>
  find: (key: ItemKey, visibleOnly: boolean, include?: ReadonlySet<string>) => Promise<Row | null>
  findValidators: (key: ItemKey, visibleOnly: boolean) => Promise<Versioned | null>
  create: (input: never) => Promise<Row>
  /** `hidden`, for a caller that may not read drafts: what to throw when the item is not public (nothing written). */
  update: (current: Row, expectedVersion: number, patch: never, hidden?: () => Error) => Promise<Row>
  delete: (id: string, expectedVersion: number, hidden?: () => Error) => Promise<void>
}

export interface NamedRoutes<Row extends NamedRow, Dto extends { id: string }> {
  /** Singular and plural, as in the OpenAPI operation ids ("Author", "Authors"), and with its article ("an author"). */
  title: string
  titles: string
  one: string
  table: NamedModel<Row>['table']
  repository: NamedRepository<Row>
  toDto: (row: Row) => Dto
  sorts: Record<string, SortField>
  schemas: { listQuery: TSchema, page: TSchema, item: TSchema, create: TSchema, update: TSchema }
  /** What DELETE does to the items that use it, and whether it can be refused with a 409. */
  deletes: string
  deleteMayConflict?: boolean
  /** Said first in the item's description. */
  describeItem?: string
  /**
   * `include=` on the list and the item (the list query schema must have it too): its item
   * query, what it adds to the list's description, the properties it adds (kept by `fields=`),
   * and what the item always includes. An item with something included gets a body hash, not
   * the item ETag, since what it adds does not change the item's version.
   */
  includes?: { itemQuery: TSchema, describeList: string, added: readonly string[], always?: readonly string[] }
}

const writeSecurity = [{ apiKey: [] }]
const hiddenNote = 'A key without `content:read-drafts` gets a 404 for one only unpublished stories use, as GET answers it, and changes nothing.'

/** GET list, GET one (301 on an old slug, item ETag and 304), POST, PATCH (If-Match) and DELETE under `/<table>`. */
export function registerNamedRoutes<Row extends NamedRow, Dto extends { id: string }> (fastify: FastifyInstance, spec: NamedRoutes<Row, Dto>): void {
  const { title, titles, table, repository } = spec
  const tags = [titles]
  const path = `/${table}/:idOrSlug`
  type Query = { q?: string, sort?: string, fields?: string, include?: string, limit: number, cursor?: string, count: boolean }
  const idOrSlugOf = (request: FastifyRequest): string => (request.params as { idOrSlug: string }).idOrSlug

  // `/<table>/trending` and the like: PATCH or DELETE there is that fixed route's 405 (problem-details.ts).
  const reserved = hasReservedSlugs(table) ? [405] : []

  const missing = (request: FastifyRequest): Error => notFound(`${title} "${idOrSlugOf(request)}"`)

  /** For writes: the item, or GET's 404 when there is none this caller may read. */
  async function current (request: FastifyRequest): Promise<Row> {
    const row = await repository.find(byIdOrSlug(idOrSlugOf(request)), !canReadDrafts(request))
    if (!row) throw missing(request)
    return row
  }

  /** What a write throws when the item is no longer public by then; undefined for a key that reads drafts. */
  const hiddenError = (request: FastifyRequest): (() => Error) | undefined => canReadDrafts(request) ? undefined : () => missing(request)

  fastify.get(`/${table}`, {
    schema: {
      tags,
      operationId: `list${titles}`,
      summary: `List ${table}`,
      description: 'By name by default; `q=` keeps names starting with it (ignoring case). Public callers see only the ones a published story uses, or that an editor made on their own.' +
        (spec.includes ? ` ${spec.includes.describeList}` : ''),
      querystring: spec.schemas.listQuery,
      response: { 200: spec.schemas.page, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => {
    const query = request.query as Query
    const sort = parseSort(query.sort, spec.sorts, 'name')
    const include = new Set(csv(query.include))
    const { rows, total } = await repository.list({ q: query.q, sort, limit: query.limit, cursor: query.cursor, count: query.count, include, visibleOnly: !canReadDrafts(request) })
    const page = toPage(request, reply, rows, query.limit, sort, (row) => (row as unknown as Record<string, SortValue>)[sort.column] ?? null)
    return { data: page.rows.map((row) => pickFields(spec.toDto(row), csv(query.fields), spec.includes?.added)), nextCursor: page.nextCursor, ...(total !== undefined && { total }) }
  })

  fastify.get(path, {
    schema: {
      tags,
      operationId: `get${title}`,
      summary: `Get ${spec.one} by id or slug`,
      description: (spec.describeItem ? `${spec.describeItem} ` : '') + 'An old slug answers 301 to the current URL. Send the `ETag` back in `If-None-Match` to get a 304.',
      params: IdOrSlugParams,
      ...(spec.includes && { querystring: spec.includes.itemQuery }),
      response: { 200: spec.schemas.item, ...MovedResponse, ...problemResponses(400, 401, 404) }
    }
  }, async (request, reply) => {
    const visibleOnly = !canReadDrafts(request)
    const include = new Set([...csv((request.query as Query).include) ?? [], ...spec.includes?.always ?? []])
    const row = await readItem(request, reply, table, idOrSlugOf(request), title, include.size === 0, {
      validators: (key) => repository.findValidators(key, visibleOnly),
      find: (key) => repository.find(key, visibleOnly, include)
    })
    return row ? spec.toDto(row) : reply
  })

  // The three writes: each needs `content:write`, and PATCH and DELETE honour If-Match.
  const writes: Array<{ method: 'POST' | 'PATCH' | 'DELETE', verb: string, description: string, schema: object, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> }> = [{
    method: 'POST',
    verb: 'Create',
    description: 'Answers 201 with `Location`. A taken `slug` is a 409.',
    schema: { body: spec.schemas.create, response: { 201: spec.schemas.item, ...problemResponses(400, 401, 403, 409, 413, 415) } },
    handler: async (request, reply) => {
      const item = await repository.create(request.body as never)
      created(reply, item, `/v1/${table}/${item.id}`)
      return spec.toDto(item)
    }
  }, {
    method: 'PATCH',
    verb: 'Update',
    description: 'Partial update; honours `If-Match` (412 when stale); the version goes up by one. Renaming keeps the slug; a new `slug` keeps the old one as a 301. ' + hiddenNote,
    schema: { params: IdOrSlugParams, body: spec.schemas.update, response: { 200: spec.schemas.item, ...problemResponses(400, 401, 403, 404, ...reserved, 409, 412, 413, 415) } },
    handler: async (request, reply) => {
      const updated = await versionedWrite(request, () => current(request), (row, expected) => repository.update(row, expected, request.body as never, hiddenError(request)))
      setItemValidators(reply, updated)
      return spec.toDto(updated)
    }
  }, {
    method: 'DELETE',
    verb: 'Delete',
    description: `${spec.deletes} Honours \`If-Match\` (412 when stale). ${hiddenNote}`,
    schema: { params: IdOrSlugParams, response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(400, 401, 403, 404, ...reserved, 409, 412) } },
    handler: async (request, reply) => {
      await versionedWrite(request, () => current(request), (row, expected) => repository.delete(row.id, expected, hiddenError(request)))
      return reply.code(204).send(null)
    }
  }]
  for (const route of writes) {
    fastify.route({
      method: route.method,
      url: route.method === 'POST' ? `/${table}` : path,
      schema: { security: writeSecurity, tags, operationId: `${route.verb.toLowerCase()}${title}`, summary: `${route.verb} ${spec.one}`, description: route.description, ...route.schema },
      preValidation: fastify.requireScope('content:write'),
      handler: route.handler
    })
  }
}
