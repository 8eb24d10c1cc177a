import type pg from 'pg'
import { authorsFromByline } from '../../ingest/bylines.js'
import { slugFor } from '../../lib/slugs.js'
import type { AuthorLinkDto } from '../authors/schemas.js'
import type { ArticleLine } from './article-lines.js'
import { UUID_SOURCE } from '../../lib/uuid.js'
import { NOTHING_HIDDEN, hiddenLinks, settleMoved, type HiddenLinks } from './batch-visibility.js'

// The authors of bulk lines, set-based like the rest of a batch (write-batch.ts). A line's
// `authors` are its authors; a line without them gets the people its `byline` names, as the
// importer does (agencies and staff credits stay byline text). Export writes `authors`, so an
// exported line imports back to the same authors.

export interface AuthorRow { id: string, slug: string, name: string, role: string | null, bio: string | null, url: string | null, avatar_url: string | null }

/** The author links of a line: its `authors`, else the people its byline names. */
export function authorLinksOf (line: ArticleLine): AuthorLinkDto[] {
  return line.authors ?? authorsFromByline(line.byline ?? null).map((name) => ({ name }))
}

/** How a link finds its author in the batch's map: by id, by slug, or by the slug of its name. */
export const authorKey = (link: AuthorLinkDto): string => 'id' in link ? link.id : 'name' in link ? link.slug ?? slugFor(link.name) : link.slug

/**
 * Creates the batch's new named authors (existing slugs are linked, unchanged) and reads every
 * author the lines name, by slug and by id. With `visibleOnly`, also the authors the key may not
 * link (`hiddenAuthors`, see batch-visibility.ts).
 */
export async function resolveBatchAuthors (client: pg.PoolClient, lines: ArticleLine[], visibleOnly = false): Promise<{ authors: Map<string, AuthorRow>, hiddenAuthors: HiddenLinks }> {
  const links = lines.flatMap(authorLinksOf)
  const named = new Map(links.flatMap((link) => 'name' in link ? [[authorKey(link), link] as const] : []))
  const hiddenAuthors = visibleOnly ? await hiddenLinks(client, 'author', links.map(authorKey), [...named.keys()]) : NOTHING_HIDDEN
  await client.query({
    name: 'bulk-insert-authors',
    text: `INSERT INTO authors (slug, name, role, bio, url, avatar_url)
           SELECT slug, name, role, bio, url, avatar_url FROM jsonb_to_recordset($1::jsonb) AS x(slug text, name text, role text, bio text, url text, avatar_url text)
           ON CONFLICT (slug) DO NOTHING`,
    values: [JSON.stringify([...named].map(([slug, a]) => ({ slug: hiddenAuthors.moved.get(slug) ?? slug, name: a.name, role: a.role ?? null, bio: a.bio ?? null, url: a.url ?? null, avatar_url: a.avatarUrl ?? null })))]
  })
  const keys = [...new Set([...links.map(authorKey), ...hiddenAuthors.moved.values()])]
  const { rows } = await client.query<AuthorRow>({
    name: 'bulk-select-authors',
    text: `SELECT id, slug, name, role, bio, url, avatar_url FROM authors
            WHERE slug = ANY($1::text[]) OR id = ANY(array(SELECT k::uuid FROM unnest($1::text[]) AS k WHERE k ~ '${UUID_SOURCE}'))`,
    values: [keys]
  })
  const found = new Map<string, AuthorRow>()
  for (const row of rows) found.set(row.slug, row).set(row.id, row)
  await settleMoved(client, 'author', found, hiddenAuthors)
  return { authors: found, hiddenAuthors }
}

/** The stored authors a line names, in order, each once. */
function authorRowsOf (line: ArticleLine, authors: Map<string, AuthorRow>): AuthorRow[] {
  const rows = authorLinksOf(line).map((link) => authors.get(authorKey(link))!)
  return rows.filter((row, i) => rows.findIndex((other) => other.id === row.id) === i)
}

/** The line's authors as export writes them. */
export const exportedAuthors = (line: ArticleLine, authors: Map<string, AuthorRow>): AuthorLinkDto[] => authorRowsOf(line, authors).map(toAuthorLink)

export function toAuthorLink (row: AuthorRow): AuthorLinkDto {
  return { slug: row.slug, name: row.name, role: row.role, bio: row.bio, url: row.url, avatarUrl: row.avatar_url }
}

/** Replaces the authors of the written articles whose authors changed (`current`: their export lines before). */
export async function writeBatchAuthors (client: pg.PoolClient, writes: { id: string, data: ArticleLine }[], authors: Map<string, AuthorRow>, current: Map<string, ArticleLine>): Promise<void> {
  const slugsOf = (links: AuthorLinkDto[] | undefined): string => (links ?? []).map(authorKey).join()
  const changed = writes
    .map(({ id, data }) => ({ id, rows: authorRowsOf(data, authors) }))
    .filter(({ id, rows }) => !current.has(id) || slugsOf(current.get(id)!.authors) !== rows.map((row) => row.slug).join())
  const stale = changed.filter(({ id }) => current.has(id)).map(({ id }) => id)
  if (stale.length > 0) await client.query({ name: 'bulk-clear-article-authors', text: 'DELETE FROM article_authors WHERE article_id = ANY($1::uuid[])', values: [stale] })
  const links = changed.flatMap(({ id, rows }) => rows.map((row, position) => ({ article_id: id, author_id: row.id, position })))
  await client.query({
    name: 'bulk-insert-article-authors',
    text: 'INSERT INTO article_authors (article_id, author_id, position) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(article_id uuid, author_id uuid, position int)',
    values: [JSON.stringify(links)]
  })
}
