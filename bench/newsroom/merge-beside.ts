// Whether merging the search indexes' pending lists holds up the saves and searches running
// beside it (issue 15: how many saves' entries one merge may take, src/plugins/app/search-lists.ts).
// With N saves' entries pending (summaries saved with SQL), one session merges while a second
// saves a story and a third runs a full-text count, one after another, until the merge is done.
// Run it on a database no server is merging (no Newsdesk running on it).
//   node --import tsx bench/newsroom/merge-beside.ts <database url> [n,n,...]
import pg from 'pg'
import { percentile } from './stats.js'

const url = process.argv[2]!
const sizes = (process.argv[3] ?? '20,100,300,20,100,300').split(',').map(Number)
const [merger, saver, searcher] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })]
for (const client of [merger, saver, searcher]) await client.connect()
const recent = (await merger.query<{ id: string }>(`SELECT id FROM articles WHERE status = 'published' AND published_at <= now() ORDER BY published_at DESC, id DESC LIMIT 200`)).rows.map((row) => row.id)
const SAVE = `UPDATE articles SET summary = 'Probe summary ' || clock_timestamp()::text, version = version + 1, updated_at = now() WHERE id = $1`
const WORDS = ['market debt', 'police', 'storm hospital', 'bridge']
let k = 0
// Each session's first statement pays for its catalog caches and plans: not the merge's doing.
await saver.query(SAVE, [recent[0]])
await searcher.query(`SELECT count(*) FROM articles WHERE search_vector @@ websearch_to_tsquery('english', $1)`, [WORDS[0]])
const timed = async (run: () => Promise<unknown>): Promise<number> => { const began = performance.now(); await run(); return performance.now() - began }
try {
  for (const size of sizes) {
    await merger.query('SELECT newsdesk_clean_search_lists()')
    for (let i = 0; i < size; i++) await merger.query(SAVE, [recent[(k++ * 7919) % recent.length]])
    let done = false
    const merge = timed(() => merger.query('SELECT newsdesk_clean_search_lists()')).finally(() => { done = true })
    const saves: number[] = []
    const searches: number[] = []
    while (!done) {
      saves.push(await timed(() => saver.query(SAVE, [recent[(k++ * 7919) % recent.length]])))
      searches.push(await timed(() => searcher.query(`SELECT count(*) FROM articles WHERE search_vector @@ websearch_to_tsquery('english', $1)`, [WORDS[k % WORDS.length]])))
    }
    const f = (xs: number[]): string => `p50 ${percentile(xs.sort((a, b) => a - b), 0.5).toFixed(0)} max ${Math.max(...xs).toFixed(0)} ms`
    console.log(`${size} saves pending: merge ${(await merge).toFixed(0)} ms; meanwhile ${saves.length} saves ${f(saves)}, ${searches.length} searches ${f(searches)}`)
  }
} finally {
  for (const client of [merger, saver, searcher]) await client.end()
}
