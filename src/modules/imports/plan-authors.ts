import type { Database } from '../../db/client.js'
import { authorsFromByline } from '../../ingest/bylines.js'
import { slugFor } from '../../lib/slugs.js'
import { publicIds, sqlOfTransaction } from '../../lib/visibility.js'
import { nameSlug } from '../../lib/visible-links.js'

// The authors an imported page names in its byline or metadata: a stored author with the same
// name (any case) or slug is reused, unchanged; anyone else is new. Agencies and staff credits
// are no one (src/ingest/bylines.ts): they stay in the article's `byline` text only. With
// `visibleOnly` (a key that may not read drafts) an author only hidden stories credit is not stored.

export interface PlannedAuthor { slug: string, name: string, exists: boolean }

export async function planAuthors (db: Database, byline: string | null, visibleOnly = false): Promise<PlannedAuthor[]> {
  const names = authorsFromByline(byline)
  if (names.length === 0) return []
  const found = await db.author.findMany({
    where: { OR: [{ slug: { in: names.map(slugFor) } }, ...names.map((name) => ({ name: { equals: name, mode: 'insensitive' as const } }))] },
    select: { id: true, slug: true, name: true },
    orderBy: { createdAt: 'asc' }
  })
  const visible = visibleOnly ? await publicIds(sqlOfTransaction(db), 'author', found.map((author) => author.id)) : undefined
  const stored = visible ? found.filter((author) => visible.has(author.id)) : found
  const planned = await Promise.all(names.map(async (name) => {
    const same = stored.find((author) => author.name.toLowerCase() === name.toLowerCase()) ?? stored.find((author) => author.slug === slugFor(name))
    return same ? { slug: same.slug, name: same.name, exists: true } : { slug: await nameSlug(sqlOfTransaction(db), 'author', slugFor(name), visibleOnly), name, exists: false }
  }))
  return planned.filter((author, i, all) => all.findIndex((other) => other.slug === author.slug) === i)
}
