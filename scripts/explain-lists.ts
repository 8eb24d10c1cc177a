// EXPLAIN ANALYZE of the SQL the content API really runs for its main lists, on a database
// filled with 100k articles and 300k quotes. Usage (needs a Postgres server, e.g. the local one):
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node --import tsx scripts/explain-lists.ts [--plans]
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { migrate } from '../src/db/migrate.js'

const server = process.env.DATABASE_URL
if (!server) throw new Error('Set DATABASE_URL to a Postgres server; a database newsdesk_explain is created there.')
const showPlans = process.argv.includes('--plans')
const url = new URL(server)
url.pathname = '/newsdesk_explain'

const admin = new pg.Client({ connectionString: server })
await admin.connect()
const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = 'newsdesk_explain'")).rowCount
if (!exists) {
  await admin.query('CREATE DATABASE newsdesk_explain')
  await migrate(url.toString())
  const db = new pg.Client({ connectionString: url.toString() })
  await db.connect()
  console.log('loading 100k articles, 300k quotes...')
  await db.query(`
    INSERT INTO topics (slug, name) SELECT 'topic-' || i, 'Topic ' || i FROM generate_series(1, 200) i;
    INSERT INTO speakers (slug, name) SELECT 'speaker-' || i, 'Speaker ' || i FROM generate_series(1, 5000) i;
    INSERT INTO articles (slug, title, section, status, published_at, body)
      SELECT 'article-' || i, 'Article ' || md5(i::text), (ARRAY['World','Business','Sport','Culture'])[1 + i % 4],
             (CASE WHEN i % 20 = 0 THEN 'draft' WHEN i % 2000 = 1 THEN 'scheduled' WHEN i % 97 = 0 THEN 'archived' ELSE 'published' END)::"ContentStatus",
             CASE WHEN i % 20 = 0 THEN NULL WHEN i % 2000 = 1 THEN now() + (i || ' minutes')::interval ELSE now() - (i || ' minutes')::interval END,
             ARRAY[repeat('Paragraph text. ', 40), repeat('More text. ', 40)]
      FROM generate_series(1, 100000) i;
    -- Speaker 1 is busy (one quote in ten); the others share the rest.
    INSERT INTO quotes (text, speaker_id, article_id, position, said_at)
      SELECT left(repeat(md5(a.slug || n), 7), 20 + abs(hashtext(a.slug || n)) % 200),
             (SELECT id FROM speakers WHERE slug = 'speaker-' || CASE WHEN (hashtext(a.slug) + n) % 10 = 0 THEN 1 ELSE 1 + abs(hashtext(a.slug || n)) % 5000 END),
             a.id, n, a.published_at
      FROM articles a, generate_series(0, 2) n;
    INSERT INTO article_topics (article_id, topic_id)
      SELECT a.id, t.id FROM articles a JOIN topics t ON t.slug IN ('topic-' || (1 + abs(hashtext(a.slug)) % 200), 'topic-' || (1 + abs(hashtext(a.slug || 'x')) % 20)) ON CONFLICT DO NOTHING;
    INSERT INTO quote_topics (quote_id, topic_id)
      SELECT q.id, t.id FROM quotes q JOIN topics t ON t.slug = 'topic-' || (1 + abs(hashtext(q.id::text)) % 200);
    ANALYZE;
  `)
  await db.end()
}
await admin.end()

const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RESPONSE_CACHE_MAX_ENTRIES: '0' }), databaseUrl: url.toString() })
await app.ready()
const explainer = new pg.Client({ connectionString: url.toString() })
await explainer.connect()

type Captured = { text: string, values: unknown[] }
let captured: Captured[] = []
const original = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [first, second] = args as [string | { text: string, values?: unknown[] }, unknown[] | undefined]
  const text = typeof first === 'string' ? first : first?.text
  if (text && /^\s*SELECT/i.test(text) && this !== explainer) captured.push({ text, values: (typeof first === 'string' ? second : first.values) ?? [] })
  return (original as (...a: unknown[]) => unknown).apply(this, args)
} as typeof original

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice(7)
const urls = [
  '/v1/articles', '/v1/articles?sort=title', '/v1/articles?sort=-updatedAt', '/v1/articles?topic=topic-7',
  '/v1/articles?allTopics=topic-7,topic-3', '/v1/articles?section=Sport', '/v1/articles?speaker=speaker-1', '/v1/articles?speaker=speaker-42',
  '/v1/articles?publishedAfter=2020-01-01T00:00:00Z&publishedBefore=2030-01-01T00:00:00Z', '/v1/articles?include=topics,quotes',
  '/v1/articles/article-500', '/v1/topics/topic-7/articles',
  '/v1/quotes', '/v1/quotes?speaker=speaker-1', '/v1/quotes?speaker=speaker-42', '/v1/quotes?topic=topic-9', '/v1/quotes?article=article-77',
  '/v1/quotes?minLength=150', '/v1/quotes?saidAfter=2024-01-01T00:00:00Z', '/v1/quotes?include=speaker,article,topics', '/v1/quotes?sort=createdAt',
  '/v1/quotes/random', '/v1/quotes/random?speaker=speaker-1', '/v1/quotes/random?speaker=speaker-42', '/v1/quotes/random?minLength=190',
  '/v1/quotes/random?topic=topic-9', '/v1/quotes/today', '/v1/speakers/speaker-1/quotes', '/v1/articles/article-500/quotes',
  '/v1/topics?q=topic-1', '/v1/speakers?q=speaker-49', '/v1/topics?include=counts', '/v1/speakers?include=counts&sort=-createdAt'
]
for (const path of urls.filter((u) => !only || u === only)) {
  captured = []
  const started = performance.now()
  const res = await app.inject({ url: path })
  const elapsed = performance.now() - started
  const lines: string[] = []
  for (const query of captured) {
    const plan = await explainer.query({ text: `EXPLAIN (ANALYZE, FORMAT TEXT) ${query.text}`, values: query.values })
    const rows = plan.rows.map((row) => row['QUERY PLAN'] as string)
    const time = rows.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '')
    const seq = rows.filter((line) => line.includes('Seq Scan')).map((line) => line.trim().split('  ')[0])
    lines.push(`    ${time?.padStart(10)}  ${query.text.slice(0, 60).replace(/\s+/g, ' ')}...${seq.length ? `  SEQ: ${seq.join(', ')}` : ''}`)
    if (showPlans) lines.push(...rows.map((line) => `        ${line}`))
  }
  console.log(`${res.statusCode} ${elapsed.toFixed(1).padStart(7)} ms  ${path}\n${lines.join('\n')}`)
}
pg.Client.prototype.query = original
await explainer.end()
await app.close()
