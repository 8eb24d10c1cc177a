import type { FastifyReply, FastifyRequest } from 'fastify'
import { httpProblem } from './problem.js'
import { UUID_BODY } from './uuid.js'

// A single item's plain representation is fully determined by its id and version (every
// write bumps the version), so its strong ETag is "<id>.<version>": cheap to compute and
// the token clients send back in If-Match. Lists and variant representations (fields=,
// include=) get a hash of their body from @fastify/etag instead.

export interface Versioned { id: string, version: number, updatedAt: Date }

export function itemEtag (item: { id: string, version: number }): string {
  return `"${item.id}.${item.version}"`
}

/** ETag and Last-Modified for the plain representation of one item. */
export function setItemValidators (reply: FastifyReply, item: Versioned): void {
  reply.header('etag', itemEtag(item))
  reply.header('last-modified', item.updatedAt.toUTCString())
}

// An If-None-Match that @fastify/etag could find equal to an item ETag: one tag, weak or strong.
const ITEM_TAG_MATCH = new RegExp(`^(?:W/)?("${UUID_BODY}\\.\\d+")$`)

/**
 * Answers 304 when If-None-Match holds the item ETag that `current` (a query for just the
 * item's validators, with the caller's visibility) finds: the item itself is never loaded.
 * Returns false, having sent nothing, when the full answer must be made: no item tag, an
 * unknown or hidden item, or a changed one.
 */
export async function answeredNotModified (request: FastifyRequest, reply: FastifyReply, current: () => Promise<Versioned | null>): Promise<boolean> {
  const tag = ITEM_TAG_MATCH.exec(request.headers['if-none-match'] ?? '')?.[1]
  if (tag === undefined) return false
  const item = await current()
  if (!item || itemEtag(item) !== tag) return false
  setItemValidators(reply, item)
  // The same headers as the 304 @fastify/etag makes of a full answer, content type included.
  await reply.code(304).type('application/json; charset=utf-8').send()
  return true
}

// A list's Last-Modified is its newest item's: good for feed readers and crawlers, but no
// proof the list is unchanged (a deleted or unpublished story changes a list and no date
// on it), so only an item's own date answers If-Modified-Since; for lists the ETag does.
const listDates = new WeakSet<FastifyReply>()

/** Last-Modified of a list page whose newest item changed at `newest` (an ISO time or epoch ms); it answers no If-Modified-Since. */
export function setListLastModified (reply: FastifyReply, newest: string | number): void {
  reply.header('last-modified', new Date(newest).toUTCString())
  listDates.add(reply)
}

/** Whether the reply's Last-Modified is a list's (setListLastModified). */
export const hasListDate = (reply: FastifyReply): boolean => listDates.has(reply)

/** A 201 for a new item: its validators, and where to find it. */
export function created (reply: FastifyReply, item: Versioned, location: string): FastifyReply {
  setItemValidators(reply, item)
  return reply.code(201).header('location', location)
}

/** Whether a write carries a precondition (RFC 9110 §13.1) that needs the item as it is now. */
export const hasWritePrecondition = (request: FastifyRequest): boolean =>
  request.headers['if-match'] !== undefined || request.headers['if-none-match'] !== undefined || request.headers['if-unmodified-since'] !== undefined

// If-Match compares strongly (a weak tag never matches); If-None-Match weakly.
const tagsOf = (header: string, weak: boolean): string[] => header.split(',').map((tag) => (weak ? tag.trim().replace(/^W\//, '') : tag.trim()))

/**
 * Honours a write's preconditions, in RFC 9110's order: If-Match (else If-Unmodified-Since),
 * then If-None-Match, which on a write refuses when the item exists (`*`) or is at a tag sent.
 * Answers 412 when one fails. Returns the version the write must still find, or undefined
 * when the client sent no precondition.
 */
export function versionToMatch (request: FastifyRequest, current: Versioned): number | undefined {
  const { 'if-match': ifMatch, 'if-none-match': ifNoneMatch, 'if-unmodified-since': ifUnmodifiedSince } = request.headers
  let version: number | undefined
  if (ifMatch !== undefined) {
    const tags = tagsOf(ifMatch, false)
    if (!tags.includes('*') && !tags.includes(itemEtag(current))) {
      throw httpProblem(412, `The item changed since you read it (current ETag ${itemEtag(current)}); fetch it again and retry.`)
    }
    version = current.version
  } else if (ifUnmodifiedSince !== undefined) {
    const since = Date.parse(ifUnmodifiedSince)
    // An unparsable date is ignored, as the RFC says; HTTP dates have whole seconds.
    if (!Number.isNaN(since)) {
      if (Math.floor(current.updatedAt.getTime() / 1000) * 1000 > since) {
        throw httpProblem(412, `The item changed after ${new Date(since).toUTCString()} (Last-Modified ${current.updatedAt.toUTCString()}); fetch it again and retry.`)
      }
      version = current.version
    }
  }
  if (ifNoneMatch !== undefined) {
    const tags = tagsOf(ifNoneMatch, true)
    if (tags.includes('*') || tags.includes(itemEtag(current))) {
      throw httpProblem(412, `If-None-Match: the item exists${tags.includes('*') ? '' : ' at a version you sent'} (current ETag ${itemEtag(current)}), so it was not changed.`)
    }
    version = current.version
  }
  return version
}

// A write at a version another write moved past. Only versionedWrite decides what the client hears.
const STALE = Symbol('stale write')

/** What a write throws when its item is no longer at the version it was given (nothing written). */
export const staleWrite = (): Error => Object.assign(new Error('The item changed while it was being written.'), { [STALE]: true })

const isStale = (error: unknown): boolean => typeof error === 'object' && error !== null && STALE in error

/** How often a write is tried on the item as it is now before it gives up with a 409. */
export const WRITE_ATTEMPTS = 5

/**
 * The one place a versioned write (PATCH, DELETE, restore) meets a concurrent one. `load` reads the
 * item as it is now (throwing its own 404); `write` writes at the version given and throws staleWrite
 * when the item moved on. A lost race is the client's business only if it sent a precondition, so
 * the write is tried again on the fresh item with the preconditions checked again: an If-Match for
 * the old version then fails with a 412 naming the current ETag, while a write that sent none (or
 * one that still holds) simply applies to the newest version, as PATCH semantics say. A write still
 * losing after WRITE_ATTEMPTS tries (a hot item) is a 409 Conflict, nothing written.
 */
export async function versionedWrite<Item extends Versioned, T> (request: FastifyRequest, load: () => Promise<Item>,
  write: (current: Item, expectedVersion: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const current = await load()
    try {
      return await write(current, versionToMatch(request, current) ?? current.version)
    } catch (error) {
      if (!isStale(error)) throw error
      if (attempt >= WRITE_ATTEMPTS) {
        throw httpProblem(409, `The item kept changing while you were writing it (${WRITE_ATTEMPTS} tries); nothing was written. Fetch it again and retry.`)
      }
    }
  }
}
