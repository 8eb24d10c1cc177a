// What revisions (migration 013) cost the writers: the same bulk import and the same PATCHes
// with the revision triggers on and off, alternately, on one database.
// DATABASE_URL=postgres://... node --import tsx bench/revisions-cost.ts [lines] [patches]
// (drops and recreates the database newsdesk_bench_revisions)
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { migrate } from '../src/db/migrate.js'
import { createApiKey } from '../src/modules/keys/api-keys.js'

const LINES = Number(process.argv[2] ?? 2000)
const ROUNDS = 3
const PATCHES = Number(process.argv[3] ?? 200)
const TRIGGERS = [
  'articles articles_revisions_insert', 'articles articles_revisions_update', 'quotes quotes_revisions_insert',
  'quotes quotes_revisions_update', 'quotes quotes_revisions_delete', 'article_topics article_topics_revisions_insert',
  'article_topics article_topics_revisions_delete'
]

const base = process.env.DATABASE_URL
if (!base) throw new Error('Set DATABASE_URL to a Postgres server (a database newsdesk_bench_revisions is made there).')
const admin = new pg.Client({ connectionString: base })
await admin.connect()
await admin.query('DROP DATABASE IF EXISTS newsdesk_bench_revisions WITH (FORCE)')
await admin.query('CREATE DATABASE newsdesk_bench_revisions')
await admin.end()
const url = new URL(base)
url.pathname = '/newsdesk_bench_revisions'
await migrate(url.toString())

const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '100000000', RATE_LIMIT_PER_KEY: '100000000', MAX_EVENT_LOOP_DELAY_MS: '0', WEBHOOK_WORKER: 'false' })
const app = await buildApp({ config, databaseUrl: url.toString() })
await app.ready()
const { key } = await createApiKey(app.db, { name: 'bench', scopes: ['admin'] })
const headers = { authorization: `Bearer ${key}` }
const sql = new pg.Pool({ connectionString: url.toString(), max: 1 })

async function setTriggers (on: boolean): Promise<void> {
  for (const entry of TRIGGERS) {
    const [table, trigger] = entry.split(' ')
    await sql.query(`ALTER TABLE ${table!} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${trigger!}`)
  }
}

function ndjson (round: string): string {
  const lines: string[] = []
  for (let i = 0; i < LINES; i++) {
    lines.push(JSON.stringify({
      externalId: `${round}-${i}`, title: `Story ${round} ${i}`, status: 'published', section: 'World',
      summary: 'A summary of the story in one sentence.', body: ['First paragraph of the story.', 'Second paragraph, a little longer than the first.'],
      topics: [{ name: `Topic ${i % 50}` }],
      quotes: [0, 1, 2].map((q) => ({ text: `Quote ${q} of story ${i}.`, speaker: { name: `Speaker ${(i + q) % 200}` } }))
    }))
  }
  return lines.join('\n') + '\n'
}

const results: Record<string, number[]> = { 'bulk on': [], 'bulk off': [], 'patch on': [], 'patch off': [] }
for (let round = 0; round < ROUNDS; round++) {
  for (const on of round % 2 === 0 ? [true, false] : [false, true]) {
    await setTriggers(on)
    const payload = ndjson(`r${round}${on ? 'on' : 'off'}`)
    let started = performance.now()
    const res = await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...headers, 'content-type': 'application/x-ndjson' }, payload })
    if (res.statusCode !== 200) throw new Error(res.body)
    results[`bulk ${on ? 'on' : 'off'}`]!.push(LINES / ((performance.now() - started) / 1000))
    const { rows } = await sql.query<{ id: string }>('SELECT id FROM articles WHERE external_id LIKE $1 LIMIT $2', [`r${round}${on ? 'on' : 'off'}-%`, PATCHES])
    started = performance.now()
    for (const { id } of rows) {
      const patched = await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers, payload: { summary: `Edited in round ${round}.` } })
      if (patched.statusCode !== 200) throw new Error(patched.body)
    }
    results[`patch ${on ? 'on' : 'off'}`]!.push(rows.length / ((performance.now() - started) / 1000))
  }
}
await setTriggers(true)
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
for (const [name, values] of Object.entries(results)) console.log(`${name}: median ${median(values).toFixed(0)}/s (${values.map((v) => v.toFixed(0)).join(', ')})`)
console.log(`bulk import with revisions: ${(median(results['bulk on']!) / median(results['bulk off']!)).toFixed(2)}x the rate without; PATCH: ${(median(results['patch on']!) / median(results['patch off']!)).toFixed(2)}x`)
const { rows: [size] } = await sql.query<{ revisions: string, articles: string }>("SELECT pg_size_pretty(pg_total_relation_size('article_revisions')) AS revisions, pg_size_pretty(pg_total_relation_size('articles')) AS articles")
console.log(`sizes: article_revisions ${size!.revisions}, articles ${size!.articles}`)
await sql.end()
await app.close()
