// What an editor's save waits on inside Postgres while the newsroom mix runs (session 20): samples
// pg_stat_activity every 20 ms and counts, for the active statements of the database, what each
// waits on ("on CPU or runnable" when it waits on nothing), saves (UPDATE articles, the retag's
// call) apart from reads. The mean time a save spends active in Postgres is its share of samples
// divided by the save rate. Run beside bench/newsroom/latency-probe.ts (DATABASE_URL: its archive):
//   node --import tsx bench/newsroom/save-waits.ts [seconds] [saves per second]
import pg from 'pg'

const seconds = Number(process.argv[2] ?? 20)
const rate = Number(process.argv[3] ?? 10)
const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
await client.connect()
const counts = new Map<string, number>()
let samples = 0
let saveSamples = 0
const end = Date.now() + seconds * 1000
while (Date.now() < end) {
  const { rows } = await client.query<{ wait: string, query: string }>(`
    SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU or runnable') AS wait, left(query, 60) AS query
      FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database()`)
  samples++
  for (const row of rows) {
    const save = row.query.startsWith('UPDATE articles') || row.query.includes('newsdesk_retag')
    if (save) saveSamples++
    const key = `${save ? 'save' : 'read'} ${row.wait}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  await new Promise((resolve) => setTimeout(resolve, 20))
}
await client.end()
const period = seconds / samples
console.log(`${samples} samples over ${seconds} s; a save is active in Postgres for about ${(1000 * saveSamples * period / (rate * seconds)).toFixed(1)} ms on average at ${rate} saves/s`)
for (const [key, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${String(count).padStart(6)}  ${(count / samples).toFixed(3)} active at a time  ${key}`)
}
