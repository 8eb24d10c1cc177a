import pg from 'pg'
import { migrate } from '../../src/db/migrate.js'
import { articleLines, type DatasetSize } from '../data.js'
import { copyLoad, prepareRows } from '../lib/copy.js'
import { freshDatabase } from '../lib/database.js'

// The newsroom archive is the bench's deterministic dataset (bench/data.ts) streamed in with
// COPY, without the change-feed triggers (the archive predates the feed; only the editors'
// saves make events): far faster than the bulk API, which the main bench measures. A database
// left by an earlier run with the same size is reused (NEWSROOM_FRESH=1 forces a reload); it
// is only ever touched by the bench's own editors.
export async function newsroomDatabase (serverUrl: string, size: DatasetSize, log: (message: string) => void): Promise<{ url: string, loadMs: number | null }> {
  // NEWSROOM_DATABASE_PREFIX keeps several people's runs on one shared server apart.
  const NAME = `${process.env.NEWSROOM_DATABASE_PREFIX ?? ''}newsdesk_newsroom_${size.articles}`
  const url = new URL(serverUrl)
  url.pathname = `/${NAME}`
  if (process.env.NEWSROOM_FRESH !== '1' && await loaded(serverUrl, NAME, url.toString(), size)) {
    await migrate(url.toString())
    log(`reusing ${NAME} (${size.articles} articles); NEWSROOM_FRESH=1 reloads it`)
    return { url: url.toString(), loadMs: null }
  }
  const fresh = await freshDatabase(serverUrl, NAME)
  log(`loading ${size.articles} articles with COPY`)
  const began = Date.now()
  await copyLoad(fresh, prepareRows(articleLines(size)), { withoutTriggers: true })
  const admin = new pg.Client({ connectionString: fresh })
  await admin.connect()
  // What the triggers would have recorded that reads depend on: whether each topic and speaker is public.
  await admin.query(`INSERT INTO named_visibility SELECT 'topic', id, newsdesk_topic_public(id) FROM topics
                     UNION ALL SELECT 'speaker', id, newsdesk_speaker_public(id) FROM speakers ON CONFLICT DO NOTHING`)
  await admin.query('VACUUM ANALYZE')
  await admin.query('CREATE TABLE bench_newsroom (articles integer NOT NULL)')
  await admin.query('INSERT INTO bench_newsroom VALUES ($1)', [size.articles])
  await admin.end()
  return { url: fresh, loadMs: Date.now() - began }
}

async function loaded (serverUrl: string, NAME: string, url: string, size: DatasetSize): Promise<boolean> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [NAME])
  await admin.end()
  if (!rowCount) return false
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ articles: number }>('SELECT articles FROM bench_newsroom')
    return rows[0]?.articles === size.articles
  } catch {
    return false
  } finally {
    await client.end()
  }
}
