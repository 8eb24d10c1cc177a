import type pg from 'pg'
import { visibleNameSlug } from '../../lib/visible-links.js'
import { UUID_SOURCE } from '../../lib/uuid.js'
import { TABLES, lockPublicNamed, sqlOfClient, type NamedResource } from '../../lib/visibility.js'

// The rule of lib/visible-links.ts for a batch of bulk lines, set-based like the rest of the
// batch: for a key that may not read drafts, a topic, speaker or author only hidden stories use
// is as unknown as one that does not exist. A line linking one by slug (or id) fails with the
// unknown slug's 422; a link by its name creates a new item under the next free slug instead.

export interface HiddenLinks {
  /** The slugs and ids of the items the links name that the key may not see. */
  refused: Set<string>
  /** Where by-name links whose slug such an item holds go instead: that slug to visibleNameSlug's. */
  moved: Map<string, string>
}

export const NOTHING_HIDDEN: HiddenLinks = { refused: new Set(), moved: new Map() }


/**
 * Of the items `keys` name (slugs, or ids), the ones the key may not see and where by-name links
 * (`namedSlugs`) to them go; the ones it may see are locked public until the batch commits.
 */
export async function hiddenLinks (client: pg.PoolClient, resource: NamedResource, keys: string[], namedSlugs: string[]): Promise<HiddenLinks> {
  if (keys.length === 0) return NOTHING_HIDDEN
  const run = sqlOfClient(client)
  const rows = await run(`SELECT id, slug FROM ${TABLES[resource]}
    WHERE slug = ANY($1::text[]) OR id = ANY(array(SELECT k::uuid FROM unnest($1::text[]) AS k WHERE k ~ '${UUID_SOURCE}'))`, [[...new Set(keys)]])
  const visible = await lockPublicNamed(run, resource, rows.map((row) => row.id as string))
  const refused = new Set(rows.filter((row) => !visible.has(row.id as string)).flatMap((row) => [row.id as string, row.slug as string]))
  const moved = new Map<string, string>()
  for (const slug of new Set(namedSlugs)) if (refused.has(slug)) moved.set(slug, await visibleNameSlug(run, resource, slug))
  return { refused, moved }
}

/**
 * Points each moved slug of `rows` (the batch's items by slug, as read after the inserts) at the
 * item its by-name links now name, kept public until the batch commits; one hidden meanwhile is
 * dropped, so the lines naming it fail rather than link it.
 */
export async function settleMoved<Row extends { id: string }> (client: pg.PoolClient, resource: NamedResource, rows: Map<string, Row>, hidden: HiddenLinks): Promise<void> {
  if (hidden.moved.size === 0) return
  const targets = [...hidden.moved.values()].flatMap((slug) => rows.get(slug) ?? [])
  const visible = await lockPublicNamed(sqlOfClient(client), resource, targets.map((row) => row.id))
  for (const [slug, target] of hidden.moved) {
    const row = rows.get(target)
    if (row && visible.has(row.id)) rows.set(slug, row)
    else rows.delete(slug)
  }
}

/** Whether a link finds no item this key may link: by slug or id to a refused one, or to none in `rows`. */
export function unlinkable (key: string, byName: boolean, rows: Map<string, unknown>, hidden: HiddenLinks): boolean {
  return (!byName && hidden.refused.has(key)) || !rows.has(key)
}
