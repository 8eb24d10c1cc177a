import { readFileSync } from 'node:fs'
import type pg from 'pg'
import type { Database } from './client.js'
import { projectPath } from '../lib/project-path.js'
import { importArticle } from '../modules/imports/service.js'
import { actingAs } from '../lib/write-path.js'

// The sample story is a real scraped page (a copy of shared/seeds/000_07f2eec5293161bf.txt,
// kept in the repo so a clone needs nothing beside it), loaded through the importer so it
// shows what the importer makes of a page.
export const SAMPLE_STORY_FILE = projectPath('prisma', 'seed', '000_07f2eec5293161bf.txt')

/**
 * Loads the sample story into an empty database; a database with any article is left alone.
 * Whether it is empty is asked in plain SQL on `pool`: the server's start then needs no Prisma
 * query (its query compiler loads on the first request that uses it, not before the first answer).
 */
export async function seedSampleContent (db: Database, pool: pg.Pool): Promise<{ seeded: boolean }> {
  const { rows } = await pool.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM articles) AS empty')
  const empty = rows[0]!.empty
  if (!empty) return { seeded: false }
  const result = await actingAs({ via: 'seed', keyId: null }, () => importArticle(db, {
    text: readFileSync(SAMPLE_STORY_FILE, 'utf8'),
    // Public at once; the page says "Published on" with no date: unknown, not today.
    status: 'published',
    publishedAt: null
    // Our own page: no time budget worth refusing it for, however slow the machine.
  }, { parseTimeoutMs: 600_000 }))
  return { seeded: result.outcome === 'created' }
}
