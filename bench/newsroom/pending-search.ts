// What a search costs Postgres with the search indexes' pending lists empty and holding the
// entries of N saved stories (issue 15: how often to merge them, src/plugins/app/search-lists.ts).
// One Newsdesk (merges off) on a Postgres only this run uses; searches walk the newsroom query
// set, 2 at a time, never repeating; the stories are saved with SQL (a summary each, as most of
// the editors' saves). Per phase: Postgres CPU per search, and the CPU of merging afterwards per save.
//   node --import tsx bench/newsroom/pending-search.ts <database url> [searches per phase] [saves,saves,...]
import { Pool } from 'undici'
import pg from 'pg'
import { postgresCpuMs, postmasterPid, processCpuMs } from '../lib/cpu.js'
import { startNodeServer } from '../lib/processes.js'
import { newsdesk, searchQuerySet } from './mix.js'

const url = process.argv[2]!
const perPhase = Number(process.argv[3] ?? 300)
const batches = (process.argv[4] ?? '0,20,100,0,20,100').split(',').map(Number)
const queries = searchQuerySet()
const postmaster = await postmasterPid(url)
const client = new pg.Client({ connectionString: url })
await client.connect()
const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
const recent = (await client.query<{ id: string }>(`SELECT id FROM articles WHERE status = 'published' AND published_at <= now() ORDER BY published_at DESC, id DESC LIMIT 200`)).rows.map((row) => row.id)
const server = await startNodeServer('dist/src/server.js', { DATABASE_URL: url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000', SEARCH_LIST_MERGE_MS: '0' }, '/health')
const http = new Pool(server.url, { connections: 2 })
let query = 5000
let saved = 0
try {
  for (const saves of batches) {
    await client.query('SELECT newsdesk_clean_search_lists()')
    for (let i = 0; i < saves; i++) {
      await client.query(`UPDATE articles SET summary = 'Probe summary ' || clock_timestamp()::text, version = version + 1, updated_at = now() WHERE id = $1`, [recent[(saved++ * 7919) % recent.length]])
    }
    const pages = (await client.query<{ pages: number }>(`SELECT (gin_metapage_info(get_raw_page('articles_search_idx', 0))).n_pending_pages AS pages`).catch(() => ({ rows: [{ pages: -1 }] }))).rows[0]!.pages
    const before = { pg: postgresCpuMs(postmaster), node: processCpuMs(server.child.pid) }
    const began = performance.now()
    let next = 0
    await Promise.all([0, 1].map(async () => {
      while (next < perPhase) {
        next++
        const response = await http.request({ method: 'GET', path: newsdesk.search(queries[query++ % queries.length]!) })
        await response.body.arrayBuffer()
      }
    }))
    const pgMs = postgresCpuMs(postmaster) - before.pg
    const cpu = (): number => processCpuMs(backend)
    const mergeBefore = cpu()
    await client.query('SELECT newsdesk_clean_search_lists()')
    const mergeMs = cpu() - mergeBefore
    console.log(`${saves} saves pending (${pages} pages in articles_search_idx): Postgres ${(pgMs / perPhase).toFixed(2)} ms CPU per search, ` +
      `server ${((processCpuMs(server.child.pid) - before.node) / perPhase).toFixed(2)} ms, ${(perPhase / ((performance.now() - began) / 1000)).toFixed(0)} searches/s; ` +
      `merging them afterwards ${mergeMs} ms CPU${saves > 0 ? ` (${(mergeMs / saves).toFixed(1)} ms a save)` : ''}`)
  }
} finally {
  await http.close()
  await server.stop()
  await client.end()
}
