import { createHash } from 'node:crypto'
import slugify from '@sindresorhus/slugify'
import { UUID } from './uuid.js'

/**
 * The longest slug, and so the longest path segment the router accepts (Fastify's
 * `maxParamLength`): every slug this API stores can be put in a URL. Longer segments are a 414.
 */
export const SLUG_MAX_LENGTH = 200
// Generated slugs stay shorter, leaving room for a `-2`, `-3`... suffix.
const GENERATED_SLUG_LENGTH = 120
/** Hyphens a cut left at the end (the character before them kept: linear, unlike a bare `-+$`). */
const TRAILING_HYPHENS = /(^|[^-])-+$/

/**
 * A URL slug from a title or name: lowercase ASCII words joined by hyphens. A text slugify
 * leaves nothing of ("习近平", "日本語", "!!!") gets `item-` and a short hash of the text (NFKC,
 * trimmed, spaces collapsed, lowercased), so distinct names get distinct slugs and the same name
 * the same one: a link by name finds its item again and never lands on another name's.
 */
export function slugFor (text: string): string {
  const slug = slugify(text, { decamelize: false }).slice(0, GENERATED_SLUG_LENGTH).replace(TRAILING_HYPHENS, '$1')
  // A UUID in a path is read as an id: such a slug would never resolve.
  if (UUID.test(slug)) return `item-${slug}`
  return slug || `item-${nameHash(text)}`
}

/** 12 hex digits (48 bits) of the SHA-256 of the normalised text. */
function nameHash (text: string): string {
  const normalised = text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
  return createHash('sha256').update(normalised).digest('hex').slice(0, 12)
}

// Path segments that routes of a resource use next to `/:idOrSlug` (`/v1/topics/trending`):
// an item with such a slug could never be reached by it, so no item is given one. A generated
// slug moves on to `trending-2`; an explicit one is refused (409, claimSlug).
const RESERVED_SLUGS: Record<string, ReadonlySet<string>> = {
  topics: new Set(['trending']),
  speakers: new Set(['trending'])
}

/** Whether `slug` is a route of `resource` and so can never be an item's slug. */
export function isReservedSlug (resource: string, slug: string): boolean {
  return RESERVED_SLUGS[resource]?.has(slug) === true
}

/** Whether `resource` has routes beside `/:idOrSlug` (so its item writes can answer 405 there). */
export function hasReservedSlugs (resource: string): boolean {
  return RESERVED_SLUGS[resource] !== undefined
}

/** slugFor for an item of `resource`: a reserved slug becomes `slug-2`. */
export function itemSlugFor (resource: string, text: string): string {
  const slug = slugFor(text)
  return isReservedSlug(resource, slug) ? `${slug}-2` : slug
}

/** The 409 detail for an explicit slug that is reserved. */
export function reservedSlugDetail (resource: string, slug: string): string {
  return `The slug "${slug}" is reserved: /v1/${resource}/${slug} is a route of its own. Choose another.`
}

/** `base` with the suffix `-n`, `base` cut (at no hyphen) so the whole stays within SLUG_MAX_LENGTH: a slug a URL can name. */
export function suffixedSlug (base: string, n: number): string {
  const suffix = `-${n}`
  return `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(TRAILING_HYPHENS, '$1')}${suffix}`
}

/**
 * `base`, or `base-2`, `base-3`... whichever is free first (a 200-character base is cut to make
 * room for the suffix). `claim`, when given, must also agree (it reserves the slug against
 * concurrent writers, see freeSlug).
 */
export async function firstFreeSlug (base: string, isTaken: (slugs: string[]) => Promise<Set<string>>, claim?: (slug: string) => Promise<boolean>): Promise<string> {
  for (let start = 1; ; start += 20) {
    const candidates = Array.from({ length: 20 }, (_, i) => (start + i === 1 ? base : suffixedSlug(base, start + i)))
    const taken = await isTaken(candidates)
    for (const slug of candidates) if (!taken.has(slug) && (!claim || await claim(slug))) return slug
  }
}

const MAX_SLUG_ATTEMPTS = 100

/** Whether an error is a unique violation on a slug (Prisma P2002 or Postgres 23505 naming `slug`). */
export function isSlugConflict (error: unknown): boolean {
  const { code, message, meta } = error as { code?: unknown, message?: unknown, meta?: unknown }
  if (code !== 'P2002' && code !== '23505') return false
  return /slug/.test(`${String(message)} ${JSON.stringify(meta ?? {})}`)
}

/** The part of a transaction client that can set and roll back to a savepoint. */
interface SavepointClient { $executeRawUnsafe: (query: string) => Promise<number> }

/**
 * Inserts a row under the slug `choose` picks, race-safely: when a concurrent transaction
 * took that slug between the choice and the insert (a unique violation), the insert is
 * undone to a savepoint and the slug chosen again, which now sees the other row. So 50
 * simultaneous creates with one title all succeed, as `slug`, `slug-2`... `slug-50`. An
 * explicit slug is checked again by `choose` and answered 409 there.
 */
export async function insertWithFreeSlug<T> (tx: SavepointClient, choose: () => Promise<string>, insert: (slug: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const slug = await choose()
    await tx.$executeRawUnsafe('SAVEPOINT slug_choice')
    try {
      const row = await insert(slug)
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT slug_choice')
      return row
    } catch (error) {
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT slug_choice')
      if (!isSlugConflict(error) || attempt >= MAX_SLUG_ATTEMPTS) throw error
    }
  }
}
