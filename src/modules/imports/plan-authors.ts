import type { Database } from '../../db/client.js'
import { authorsFromByline } from '../../ingest/bylines.js'
import { slugFor } from '../../lib/slugs.js'

// The authors an imported page names in its byline or metadata: a stored author with the same
// name (any case) or slug is reused, unchanged; anyone else is new. Agencies and staff credits
// are no one (src/ingest/bylines.ts): they stay in the article's `byline` text only.

export interface PlannedAuthor { slug: string, name: string, exists: boolean }

export async function planAuthors (db: Database, byline: string | null): Promise<PlannedAuthor[]> {
  const names = authorsFromByline(byline)
  if (names.length === 0) return []
  const stored = await db.author.findMany({
    where: { OR: [{ slug: { in: names.map(slugFor) } }, ...names.map((name) => ({ name: { equals: name, mode: 'insensitive' as const } }))] },
    select: { slug: true, name: true },
    orderBy: { createdAt: 'asc' }
  })
  return names.map((name) => {
    const same = stored.find((author) => author.name.toLowerCase() === name.toLowerCase()) ?? stored.find((author) => author.slug === slugFor(name))
    return same ? { slug: same.slug, name: same.name, exists: true } : { slug: slugFor(name), name, exists: false }
  }).filter((author, i, all) => all.findIndex((other) => other.slug === author.slug) === i)
}
