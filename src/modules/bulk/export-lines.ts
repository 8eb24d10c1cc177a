import type pg from 'pg'
import { loadArticleLines } from './article-lines.js'

const PAGE = 200

/** Every article (or those with these statuses) as NDJSON lines, oldest id first, a page at a time: memory stays flat. */
export async function * exportArticleLines (pool: pg.Pool, statuses?: string[]): AsyncGenerator<string> {
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const { rows } = await pool.query<{ id: string }>({
      name: 'export-article-ids',
      text: 'SELECT id FROM articles WHERE id > $1 AND ($3::text[] IS NULL OR status::text = ANY($3::text[])) ORDER BY id LIMIT $2',
      values: [after, PAGE, statuses ?? null]
    })
    if (rows.length === 0) return
    const lines = await loadArticleLines(pool, rows.map((row) => row.id))
    for (const line of lines.values()) yield JSON.stringify(line) + '\n'
    after = rows.at(-1)!.id
  }
}
