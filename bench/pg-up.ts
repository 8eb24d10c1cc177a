// Keeps the bench's embedded Postgres (.data/bench-postgres) up with the newsroom archive loaded,
// for iterating on hot paths: prints DATABASE_URL, stops Postgres on SIGINT/SIGTERM.
//   node --import tsx bench/pg-up.ts [--articles N]
import { parseArgs } from 'node:util'
import { FULL } from './data.js'
import { benchServer } from './lib/database.js'
import { newsroomDatabase } from './newsroom/database.js'

const { values } = parseArgs({ options: { articles: { type: 'string', default: String(FULL.articles) } } })
const size = { ...FULL, articles: Number(values.articles), speakers: Math.min(FULL.speakers, Math.max(20, Number(values.articles) / 50)) }
const server = await benchServer()
const { url } = await newsroomDatabase(server.serverUrl, size, (message) => console.error(`[pg-up] ${message}`))
console.log(url)
const stop = async (): Promise<void> => { await server.stop(); process.exit(0) }
process.once('SIGINT', () => { void stop() })
process.once('SIGTERM', () => { void stop() })
setInterval(() => {}, 1 << 30)
