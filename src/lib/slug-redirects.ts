import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Prisma } from '../generated/prisma/client.js'
import { answeredNotModified, setItemValidators, type Versioned } from './http-cache.js'
import { httpProblem, notFound } from './problem.js'
import { byIdOrSlug } from './schema-types.js'
import { firstFreeSlug, insertWithFreeSlug, isReservedSlug, reservedSlugDetail } from './slugs.js'

// Slugs are stable: generated once, changed only on purpose. An old slug is kept in
// slug_redirects so links to it answer 301 to the current URL; it is never reused.

export type SluggedResource = 'articles' | 'topics' | 'speakers' | 'authors'
type Db = Prisma.TransactionClient

async function itemsWithSlugs (db: Db, resource: SluggedResource, slugs: string[]): Promise<{ id: string, slug: string }[]> {
  const query = { where: { slug: { in: slugs } }, select: { id: true, slug: true } }
  if (resource === 'articles') return db.article.findMany(query)
  if (resource === 'topics') return db.topic.findMany(query)
  if (resource === 'authors') return db.author.findMany(query)
  return db.speaker.findMany(query)
}

/** Which of these slugs an item of the resource uses now or used before, or a route of the resource uses (`trending`). */
export async function takenSlugs (db: Db, resource: SluggedResource, slugs: string[]): Promise<Set<string>> {
  const [items, redirects] = await Promise.all([
    itemsWithSlugs(db, resource, slugs),
    db.slugRedirect.findMany({ where: { resource, slug: { in: slugs } }, select: { slug: true } })
  ])
  return new Set([...items, ...redirects, ...slugs.filter((slug) => isReservedSlug(resource, slug)).map((slug) => ({ slug }))].map((row) => row.slug))
}

// Advisory lock classes, one per resource, for slugs being given by transactions in flight.
const SLUG_LOCK_CLASS: Record<SluggedResource, number> = { articles: 7_305_101, topics: 7_305_102, speakers: 7_305_103, authors: 7_305_104 }

/**
 * Reserves `slug` for this transaction (until it ends) unless another transaction in flight
 * reserved it: concurrent creates with one title then take `base`, `base-2`... side by side
 * instead of queueing on the unique index one after another.
 */
async function reserveSlug (db: Db, resource: SluggedResource, slug: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ reserved: boolean }[]>`SELECT pg_try_advisory_xact_lock(${SLUG_LOCK_CLASS[resource]}::int, hashtext(${slug})) AS reserved`
  return row?.reserved === true
}

/** `base`, or the first free `base-2`, `base-3`... that no transaction in flight is giving out. */
export async function freeSlug (db: Db, resource: SluggedResource, base: string): Promise<string> {
  return firstFreeSlug(base, (candidates) => takenSlugs(db, resource, candidates), (slug) => reserveSlug(db, resource, slug))
}

/**
 * Inserts a new item race-safely under `explicit` (409 when taken) or, without one, under the
 * first free `base`, `base-2`... (see insertWithFreeSlug).
 */
export async function insertSlugged<T> (tx: Db, resource: SluggedResource, explicit: string | undefined, base: string, insert: (slug: string) => Promise<T>): Promise<T> {
  const choose = explicit === undefined
    ? () => freeSlug(tx, resource, base)
    : async () => { await claimSlug(tx, resource, explicit); return explicit }
  return insertWithFreeSlug(tx, choose, insert)
}

/**
 * Checks that `slug` may be given to item `ownerId` (undefined for a new item): 409 when
 * another item uses it, now or formerly, or when it is reserved (a route of the resource). An item may take back one of its own old slugs.
 */
export async function claimSlug (db: Db, resource: SluggedResource, slug: string, ownerId?: string): Promise<void> {
  if (isReservedSlug(resource, slug)) throw httpProblem(409, reservedSlugDetail(resource, slug))
  const [item] = await itemsWithSlugs(db, resource, [slug])
  const redirect = await db.slugRedirect.findUnique({ where: { resource_slug: { resource, slug } } })
  const conflict = slugConflict(resource, slug, { currentId: item?.id, formerId: redirect?.targetId }, ownerId)
  if (conflict) throw httpProblem(409, conflict)
  if (redirect) await db.slugRedirect.delete({ where: { resource_slug: { resource, slug } } })
}

/**
 * The slug history rule, shared by every write (POST, PATCH, bulk): a slug held now
 * (`currentId`) or formerly (`formerId`, a redirect) by another item cannot be given to
 * `ownerId` (undefined for a new item); an item may take back its own old slug. Returns the
 * reason it cannot, or null.
 */
export function slugConflict (resource: SluggedResource, slug: string, holders: { currentId?: string | undefined, formerId?: string | undefined }, ownerId?: string): string | null {
  if (isReservedSlug(resource, slug)) return reservedSlugDetail(resource, slug)
  if (holders.currentId !== undefined && holders.currentId !== ownerId) return `The slug "${slug}" is already used by another item of ${resource}.`
  if (holders.currentId === undefined && holders.formerId !== undefined && holders.formerId !== ownerId) {
    return `The slug "${slug}" was used by another item of ${resource} and still redirects to it; choose another.`
  }
  return null
}

/** Records an explicit slug change so the old URL keeps working (301). */
export async function keepOldSlug (db: Db, resource: SluggedResource, id: string, oldSlug: string, newSlug: string): Promise<void> {
  await claimSlug(db, resource, newSlug, id)
  await db.slugRedirect.create({ data: { resource, slug: oldSlug, targetId: id } })
}

/** A deleted item's old slugs redirect nowhere: drop them. */
export async function dropOldSlugs (db: Db, resource: SluggedResource, id: string): Promise<void> {
  await db.slugRedirect.deleteMany({ where: { resource, targetId: id } })
}

export const MovedResponse = {
  301: Type.Null({ description: 'The slug changed; `Location` holds the current URL (old slugs keep working).' })
}

/**
 * The item a path segment names, for GETs: by id, by current slug, or by an old slug,
 * in which case it answers 301 to the same route with the current slug and returns null.
 * `find` applies the caller's visibility, so a hidden item's new slug never leaks; a `find`
 * that leaves it to later (a nested list's) passes `mayRedirectTo`, asked before any 301.
 */
export async function findOrRedirect<Row extends { slug: string }> (
  request: FastifyRequest, reply: FastifyReply, resource: SluggedResource, idOrSlug: string, what: string,
  find: (key: { id: string } | { slug: string }) => Promise<Row | null>,
  mayRedirectTo?: (target: Row) => Promise<boolean>
): Promise<Row | null> {
  const key = byIdOrSlug(idOrSlug)
  const row = await find(key)
  if (row) return row
  if ('slug' in key) {
    const redirect = await request.server.db.slugRedirect.findUnique({ where: { resource_slug: { resource, slug: key.slug } } })
    const target = redirect ? await find({ id: redirect.targetId }) : null
    if (target && (!mayRedirectTo || await mayRedirectTo(target))) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
      // The same route with the current slug (and the route's other parameters as they were).
      const params = request.params as Record<string, unknown>
      const path = request.routeOptions.url?.replace(/:(\w+)/g, (_match, name: string) =>
        encodeURIComponent(name === 'idOrSlug' ? target.slug : String(params[name]))) ?? `/v1/${resource}/${target.slug}`
      void reply.redirect(path + query, 301)
      return null
    }
  }
  throw notFound(`${what} "${idOrSlug}"`)
}

type ItemKey = { id: string } | { slug: string }

/**
 * The GET of one article, topic or speaker by id or slug. Its plain representation (no
 * embedded relations) carries the item ETag, so a matching If-None-Match is answered 304 from
 * `validators` alone; otherwise as findOrRedirect, with item validators when plain. Returns
 * null when an answer (304, 301) has already been sent.
 */
export async function readItem<Row extends Versioned & { slug: string }> (
  request: FastifyRequest, reply: FastifyReply, resource: SluggedResource, idOrSlug: string, what: string, plain: boolean,
  lookups: { validators: (key: ItemKey) => Promise<Versioned | null>, find: (key: ItemKey) => Promise<Row | null> }
): Promise<Row | null> {
  if (plain && await answeredNotModified(request, reply, () => lookups.validators(byIdOrSlug(idOrSlug)))) return null
  const row = await findOrRedirect(request, reply, resource, idOrSlug, what, lookups.find)
  if (row && plain) setItemValidators(reply, row)
  return row
}
