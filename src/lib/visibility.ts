import type pg from 'pg'
import { encodeCursor, type Sort, type SortValue } from './pagination.js'
import { prepared } from './sql.js'

// Topics and speakers have no status of their own, but a draft's must not leak: an imported
// draft creates the people it quotes and its subjects before an editor has decided to
// publish. A public caller sees a topic or speaker unless every story that uses it is hidden
// (one nothing has ever used, made on its own by an editor, is public; one nothing uses any more
// keeps what the public last saw). The rule is the SQL functions newsdesk_topic_public /
// newsdesk_speaker_public (migrations 005 and 010) and newsdesk_author_public (014), which the
// change feed uses too.

export type NamedResource = 'topic' | 'speaker' | 'author'

/** SQL: whether the public may see the topic or speaker `alias` names. */
export const publicNamed = (resource: NamedResource, alias: string): string => `newsdesk_${resource}_public(${alias}.id)`

export const TABLES: Record<NamedResource, 'topics' | 'speakers' | 'authors'> = { topic: 'topics', speaker: 'speakers', author: 'authors' }

/** How many topics or speakers have a name starting with `prefix` (any case), only the public ones for a public caller. */
export async function countNamed (pool: pg.Pool, resource: NamedResource, prefix: string | undefined, visibleOnly: boolean): Promise<number> {
  const pattern = prefix === undefined ? null : `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
  const { rows } = await pool.query<{ total: number }>(prepared(
    `SELECT count(*)::int AS total FROM ${TABLES[resource]} t WHERE ($1::text IS NULL OR t.name ILIKE $1)${visibleOnly ? ` AND ${publicNamed(resource, 't')}` : ''}`,
    [pattern]))
  return rows[0]!.total
}

/** Of `rows`, the ones the public may see, in their order. */
export async function keepPublic<Row extends { id: string }> (pool: pg.Pool, resource: NamedResource, rows: Row[]): Promise<Row[]> {
  if (rows.length === 0) return rows
  const ids = await publicIds(sqlOfPool(pool), resource, rows.map((row) => row.id))
  return rows.filter((row) => ids.has(row.id))
}

/**
 * A list page (`limit + 1` rows fetched, the extra one telling that more exist) without the
 * rows the public may not see, fetching further pages when hidden rows left it short.
 */
export async function publicPage<Row extends { id: string }> (
  pool: pg.Pool, resource: NamedResource, first: Row[], limit: number, sort: Sort, fetchAfter: (cursor: string) => Promise<Row[]>
): Promise<Row[]> {
  const kept: Row[] = []
  for (let batch = first; ;) {
    kept.push(...await keepPublic(pool, resource, batch))
    const last = batch.at(-1)
    if (kept.length > limit || batch.length <= limit || !last) return kept.slice(0, limit + 1)
    batch = await fetchAfter(encodeCursor(sort, (last as unknown as Record<string, SortValue>)[sort.column] ?? null, last.id))
  }
}

/** `row`, or null when the caller sees only public items and the public may not see it. */
export async function visibleTo<Row extends { id: string }> (pool: pg.Pool, resource: NamedResource, row: Row | null, visibleOnly: boolean): Promise<Row | null> {
  if (!row || !visibleOnly) return row
  return (await keepPublic(pool, resource, [row]))[0] ?? null
}

/** How the write helpers below send SQL: a Prisma transaction's $queryRawUnsafe or a pg client's query, in the write's transaction. */
export type RunSql = (text: string, values: unknown[]) => Promise<Array<Record<string, unknown>>>
export const sqlOfTransaction = (tx: { $queryRawUnsafe: (text: string, ...values: unknown[]) => Promise<unknown> }): RunSql =>
  async (text, values) => (await tx.$queryRawUnsafe(text, ...values)) as Array<Record<string, unknown>>
export const sqlOfClient = (client: pg.PoolClient): RunSql => async (text, values) => (await client.query(text, values)).rows
/** Reads on the pool, each statement prepared once per connection (the read paths' hot statements). */
const sqlOfPool = (pool: pg.Pool): RunSql => async (text, values) => (await pool.query(prepared(text, values))).rows

/** SQL: the ids of the stories that use the item `x.id` (what makes it public, see the rule above). */
const STORIES_USING: Record<NamedResource, string> = {
  topic: 'SELECT l.article_id FROM article_topics l WHERE l.topic_id = x.id UNION ALL SELECT q.article_id FROM quote_topics l JOIN quotes q ON q.id = l.quote_id WHERE l.topic_id = x.id',
  speaker: 'SELECT q.article_id FROM quotes q WHERE q.speaker_id = x.id',
  author: 'SELECT l.article_id FROM article_authors l WHERE l.author_id = x.id'
}

/**
 * For a write by a caller that sees only public items: which of `ids` the public may see, each
 * kept so until the transaction ends by locking (FOR SHARE) one published story that uses it, as
 * lockStory does for a story: an unpublish committing meanwhile waits for this write, or is seen
 * (a locked row is checked again on its newest version, and the second statement reads anew).
 * An item no story uses (one an editor made on its own) has no story to lock.
 */
export async function lockPublicNamed (run: RunSql, resource: NamedResource, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  // A join, not `a.id IN (…)`: Postgres hashed every story using the item before probing one (migration 033).
  await run(`SELECT s.id FROM unnest($1::uuid[]) AS x(id) CROSS JOIN LATERAL (SELECT a.id FROM (${STORIES_USING[resource]}) u
    JOIN articles a ON a.id = u.article_id WHERE newsdesk_article_public(a.status, a.published_at) LIMIT 1 FOR SHARE OF a) s`, [ids])
  return publicIds(run, resource, ids)
}

/** Which of `ids` the public may see, read by `run` (keepPublic's rule, in a transaction or on a client). */
export async function publicIds (run: RunSql, resource: NamedResource, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const visible = await run(`SELECT x.id FROM unnest($1::uuid[]) AS x(id) WHERE ${publicNamed(resource, 'x')}`, [ids])
  return new Set(visible.map((row) => row.id as string))
}
