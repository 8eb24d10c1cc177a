// The response cache under edits: hit ratio and throughput of a news-site read mix while an
// editor changes one story a second (and none, for comparison). In-process (app.inject),
// so the figures are about the cache, not the network.
//   DATABASE_URL=postgresql://… node --import tsx bench/cache-under-writes.ts [stories] [seconds]
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createApiKey } from '../src/modules/keys/api-keys.js'
import { createTestDatabase } from '../test/helpers/database.js'

const STORIES = Number(process.argv[2] ?? 2000)
const SECONDS = Number(process.argv[3] ?? 15)
const CONCURRENCY = 8

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '100000000', MAX_EVENT_LOOP_DELAY_MS: '0', MAX_POOL_WAITING: '100000', WEBHOOK_WORKER: 'false' })
const database = await createTestDatabase()
const app = await buildApp({ config, databaseUrl: database.url })
await app.ready()
const { key } = await createApiKey(app.db, { name: 'bench', scopes: ['content:write'] })
const writer = { authorization: `Bearer ${key}` }

const topics = Array.from({ length: 30 }, (_, i) => `Topic ${i}`)
const lines: string[] = []
for (let i = 0; i < STORIES; i++) {
  lines.push(JSON.stringify({
    title: `Story ${i}`, status: 'published', publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), body: [`Paragraph of story ${i}.`],
    topics: [{ name: topics[i % topics.length] }], quotes: [{ text: `Quote ${i}`, speaker: { name: `Speaker ${i % 50}` } }]
  }))
}
for (let start = 0; start < lines.length; start += 500) {
  await app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...writer, 'content-type': 'application/x-ndjson' }, payload: lines.slice(start, start + 500).join('\n') })
}
const ids = (await app.pool.query<{ id: string, slug: string }>('SELECT id, slug FROM articles ORDER BY published_at DESC')).rows

// Zipf-like: rank r is read with weight 1/r.
const weights = ids.map((_, r) => 1 / (r + 1))
const totalWeight = weights.reduce((a, b) => a + b, 0)
function zipf (): number {
  let x = Math.random() * totalWeight
  for (let r = 0; r < weights.length; r++) { x -= weights[r]!; if (x <= 0) return r }
  return weights.length - 1
}
function nextUrl (): string {
  const roll = Math.random()
  if (roll < 0.55) return `/v1/articles/${ids[zipf()]!.slug}?include=topics,quotes`
  if (roll < 0.70) return '/v1/articles'
  if (roll < 0.85) return `/v1/topics/topic-${Math.floor(Math.random() * topics.length)}/articles`
  if (roll < 0.95) return `/v1/speakers/speaker-${Math.floor(Math.random() * 50)}`
  return `/v1/search?q=story+${Math.floor(Math.random() * 1000)}`
}

async function run (writesPerSecond: number): Promise<{ rps: number, hitRatio: number, errors: number }> {
  let requests = 0
  let hits = 0
  let errors = 0
  const end = Date.now() + SECONDS * 1000
  const editor = writesPerSecond > 0
    ? setInterval(() => {
      const story = ids[zipf()]!
      app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: writer, payload: { body: [`Edited at ${Date.now()}.`] } }).catch(() => {})
    }, 1000 / writesPerSecond)
    : undefined
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      const res = await app.inject({ url: nextUrl() })
      requests++
      if (res.headers['x-cache'] === 'HIT') hits++
      if (res.statusCode >= 500) errors++
    }
  }))
  clearInterval(editor)
  return { rps: Math.round(requests / SECONDS), hitRatio: hits / requests, errors }
}

await run(0) // warm
for (const rate of [0, 1, 10]) {
  const result = await run(rate)
  console.log(`${rate} edits/s: ${result.rps} req/s, hit ratio ${(result.hitRatio * 100).toFixed(1)}%, ${result.errors} errors`)
}
await app.close()
await database.drop()
