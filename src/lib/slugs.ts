import slugify from '@sindresorhus/slugify'

/**
 * The longest slug, and so the longest path segment the router accepts (Fastify's
 * `maxParamLength`): every slug this API stores can be put in a URL. Longer segments are a 414.
 */
export const SLUG_MAX_LENGTH = 200
// Generated slugs stay shorter, leaving room for a `-2`, `-3`... suffix.
const GENERATED_SLUG_LENGTH = 120

/** A URL slug from a title or name: lowercase ASCII words joined by hyphens. */
export function slugFor (text: string): string {
  const slug = slugify(text, { decamelize: false }).slice(0, GENERATED_SLUG_LENGTH).replace(/-+$/, '')
  return slug || 'item'
}

/** `base`, or `base-2`, `base-3`... whichever is free first. */
export async function firstFreeSlug (base: string, isTaken: (slugs: string[]) => Promise<Set<string>>): Promise<string> {
  for (let start = 1; ; start += 20) {
    const candidates = Array.from({ length: 20 }, (_, i) => (start + i === 1 ? base : `${base}-${start + i}`))
    const taken = await isTaken(candidates)
    const free = candidates.find((slug) => !taken.has(slug))
    if (free) return free
  }
}
