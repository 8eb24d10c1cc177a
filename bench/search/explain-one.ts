// EXPLAIN (ANALYZE, BUFFERS) of the statements Newsdesk's article search sends for one query.
//   node --import tsx bench/search/explain-one.ts <archive URL> '<query>'
import pg from 'pg'
import { createDatabase } from '../../src/db/client.js'
import { createSearchRepository, sqlOn } from '../../src/modules/search/repository.js'

const [url, q] = [process.argv[2]!, process.argv[3]!]
const captured: { query: string, params: string }[] = []
const { pool } = createDatabase(url, 1, (event) => captured.push(event))
await createSearchRepository(sqlOn(pool)).articles(q, true, 21)
const client = new pg.Client({ connectionString: url, options: '-c max_parallel_workers_per_gather=0' }) // as the search lane's (src/plugins/app/database.ts)
await client.connect()
for (const event of captured) {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${event.query}`, JSON.parse(event.params))
  console.log(rows.map((row) => row['QUERY PLAN']).join('\n'))
}
await client.end()
await pool.end()
