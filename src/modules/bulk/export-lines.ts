import type pg from 'pg'
import { loadArticleLines } from './article-lines.js'

const PAGE = 200

/** Every article as NDJSON lines, oldest id first, a page at a time: memory stays flat. */
export async function * exportArticleLines (pool: pg.Pool): AsyncGenerator<string> {
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const { rows } = await pool.query<{ id: string }>({
      name: 'export-article-ids',
      text: 'SELECT id FROM articles WHERE id > $1 ORDER BY id LIMIT $2',
      values: [after, PAGE]
    })
    if (rows.length === 0) return
    const lines = await loadArticleLines(pool, rows.map((row) => row.id))
    for (const line of lines.values()) yield JSON.stringify(line) + '\n'
    after = rows.at(-1)!.id
  }
}
