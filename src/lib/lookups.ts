import type { Database } from '../db/client.js'
import { UUID } from './uuid.js'

// Filters name topics, speakers and authors by slug. Each slug is looked up to its id first and the
// list query filters on ids: a relation filter through the slug (`speaker: { slug }`)
// made Postgres sort every quote of the speaker before applying LIMIT.

/** Ids of the topics or speakers with these slugs; unknown slugs are left out. */
export async function idsOfSlugs (db: Database, resource: 'topics' | 'speakers' | 'authors', slugs: string[]): Promise<string[]> {
  const query = { where: { slug: { in: slugs } }, select: { id: true } }
  const rows = resource === 'topics' ? await db.topic.findMany(query) : resource === 'authors' ? await db.author.findMany(query) : await db.speaker.findMany(query)
  return rows.map((row) => row.id)
}


/** Ids of the authors named by id or slug (`author=<id|slug>`); unknown ones are left out. */
export async function authorIdsOf (db: Database, keys: string[]): Promise<string[]> {
  const ids = keys.filter((key) => UUID.test(key))
  const rows = await db.author.findMany({ where: { OR: [{ id: { in: ids } }, { slug: { in: keys.filter((key) => !UUID.test(key)) } }] }, select: { id: true } })
  return rows.map((row) => row.id)
}

/** Half-open time range `[after, before)` as a Prisma filter, or undefined when neither is given. */
export function timeRange (after: string | undefined, before: string | undefined): { gte?: Date, lt?: Date } | undefined {
  if (after === undefined && before === undefined) return undefined
  return { ...(after !== undefined && { gte: new Date(after) }), ...(before !== undefined && { lt: new Date(before) }) }
}

/** A case-insensitive name-prefix filter; LIKE wildcards in the prefix match themselves. */
export function namePrefix (prefix: string): { startsWith: string, mode: 'insensitive' } {
  return { startsWith: prefix.replace(/[\\%_]/g, (char) => `\\${char}`), mode: 'insensitive' }
}
