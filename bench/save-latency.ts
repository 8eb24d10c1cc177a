// One editor's saves, one at a time, against a running Newsdesk (NEWSDESK_URL) on a loaded
// database (DATABASE_URL), in two forms back to back: a text-only PATCH (one statement,
// updatePlainColumns) and the same PATCH that also sends the story's unchanged status (the
// general path: a Prisma transaction of several statements). Alternates the two so both see
// the same machine:   node --import tsx bench/save-latency.ts [--saves 40]
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createDatabase } from '../src/db/client.js'
import { createApiKey } from '../src/modules/keys/api-keys.js'
import { postmasterPid, postgresCpuMs, processCpuMs } from './lib/cpu.js'
import { percentile } from './newsroom/stats.js'

const { values } = parseArgs({ options: { saves: { type: 'string', default: '40' } } })
const origin = process.env.NEWSDESK_URL ?? 'http://127.0.0.1:3222'
const url = process.env.DATABASE_URL!
// A key made before the server started (NEWSDESK_KEY), as `npm run keys` would make it.
let key = process.env.NEWSDESK_KEY
if (!key) {
  const { db } = createDatabase(url, 1)
  key = (await createApiKey(db, { name: 'save-latency', scopes: ['content:write'] })).key
  await db.$disconnect()
  console.log(`NEWSDESK_KEY=${key} (start the server after making it)`)
  process.exit(0)
}
const admin = new pg.Client({ connectionString: url })
await admin.connect()
const slugs = (await admin.query<{ slug: string }>(`SELECT slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 50`)).rows.map((row) => row.slug)
await admin.end()
const postmaster = await postmasterPid(url)
const serverPid = process.env.NEWSDESK_PID ? Number(process.env.NEWSDESK_PID) : undefined

const forms = { 'text only (one statement)': {}, 'with its unchanged status (transaction)': { status: 'published' } }
const figures = Object.fromEntries(Object.keys(forms).map((form) => [form, { ms: [] as number[], serverCpu: 0, postgresCpu: 0 }]))
for (let i = 0; i < Number(values.saves); i++) {
  for (const [form, extra] of Object.entries(forms)) {
    const cpu = { server: processCpuMs(serverPid), postgres: postgresCpuMs(postmaster) }
    const started = performance.now()
    const response = await fetch(`${origin}/v1/articles/${slugs[i % slugs.length]}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ summary: `Save ${i} (${form}) at ${new Date().toISOString()}.`, ...extra })
    })
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${form}: ${response.status}`)
    figures[form]!.ms.push(performance.now() - started)
    figures[form]!.serverCpu += processCpuMs(serverPid) - cpu.server
    figures[form]!.postgresCpu += postgresCpuMs(postmaster) - cpu.postgres
  }
}
for (const [form, { ms, serverCpu, postgresCpu }] of Object.entries(figures)) {
  ms.sort((a, b) => a - b)
  const n = ms.length
  console.log(`${form}: p50 ${percentile(ms, 0.5).toFixed(1)} ms, p90 ${percentile(ms, 0.9).toFixed(1)} ms, min ${ms[0]!.toFixed(1)} ms` +
    (serverPid === undefined ? '' : `; CPU per save: server ${(serverCpu / n).toFixed(1)} ms, Postgres ${(postgresCpu / n).toFixed(1)} ms`))
}
