import { httpProblem } from './problem.js'
import { firstFreeSlug, isReservedSlug } from './slugs.js'
import { TABLES, lockPublicNamed, publicNamed, type NamedResource, type RunSql } from './visibility.js'

// A story links topics, speakers and authors by slug (they must exist) or by name (reused when
// their slug exists, created otherwise). A key that may not read drafts must neither learn of an
// item only hidden stories use nor make it public by linking it to a published story; so for such
// a key that item does not exist: by slug it is the unknown slug's 422, and by name a new item is
// made under the next free slug, as when the slug is held by an item of the same name (`name-2`).
// Every path that links (save-graph.ts, the bulk writer) resolves links through these.

/**
 * The slug a by-name link from a caller that sees only public items creates or reuses: `base`
 * unless an item it may not see holds it; then the first of `base-2`, `base-3`... that no item
 * holds, held before (a redirect) or a route uses, or that an item it may see holds (reused, so
 * the same name sent again links the same item).
 */
export async function visibleNameSlug (run: RunSql, resource: NamedResource, base: string): Promise<string> {
  const table = TABLES[resource]
  return firstFreeSlug(base, async (candidates) => {
    const rows = await run(`SELECT c.slug FROM unnest($1::text[]) AS c(slug)
      WHERE EXISTS (SELECT 1 FROM ${table} x WHERE x.slug = c.slug AND NOT ${publicNamed(resource, 'x')})
         OR (c.slug <> $2 AND NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.slug = c.slug)
             AND EXISTS (SELECT 1 FROM slug_redirects r WHERE r.resource = $3 AND r.slug = c.slug))`, [candidates, base, table])
    return new Set([...rows.map((row) => row.slug as string), ...candidates.filter((slug) => isReservedSlug(table, slug))])
  })
}

/** The slug a by-name link creates or reuses: `base`, or for `visibleOnly` visibleNameSlug's (what an import's plan shows). */
export async function nameSlug (run: RunSql, resource: NamedResource, base: string, visibleOnly: boolean): Promise<string> {
  return visibleOnly ? visibleNameSlug(run, resource, base) : base
}

const MAX_ATTEMPTS = 5

/**
 * The id a by-name link resolves to: `upsert(slug)` creates the item at `slug` unless one holds it
 * and returns the id there. For a caller that sees only public items (`visibleOnly`) the slug is
 * visibleNameSlug's and the item is kept public until the write commits (lockPublicNamed); one
 * hidden between the two (an unpublish committed meanwhile) is passed over for the next slug.
 */
export async function linkByName (run: RunSql, resource: NamedResource, base: string, visibleOnly: boolean, upsert: (slug: string) => Promise<string>): Promise<string> {
  if (!visibleOnly) return upsert(base)
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const id = await upsert(await visibleNameSlug(run, resource, base))
    if ((await lockPublicNamed(run, resource, [id])).has(id)) return id
  }
  throw httpProblem(409, `The ${resource} "${base}" changed while this was written; nothing was written. Try again.`)
}

/** Whether a by-slug (or by-id) link may name the item `id` (null: none has that slug): for `visibleOnly`, one it may see, kept public until the write commits. */
export async function mayLink (run: RunSql, resource: NamedResource, id: string | null | undefined, visibleOnly: boolean): Promise<boolean> {
  if (id === null || id === undefined) return false
  return !visibleOnly || (await lockPublicNamed(run, resource, [id])).has(id)
}
