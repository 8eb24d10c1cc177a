// Same-time A/B of CPU per answer: loads several servers on one database at the same moment
// (so the machine's other work weighs on them alike) and prints, per server and path, the CPU
// each answer cost its process and the Postgres backends serving it.
//   node --import tsx bench/ab-cpu.ts --seconds 5 --rounds 3 --only slug,speaker,list name=url=pid ...
// e.g. main=http://127.0.0.1:3622=1234 branch=http://127.0.0.1:3623=1235; DATABASE_URL names the database.
import autocannon from 'autocannon'
import { readdirSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { backendsCpuMs, backendsCpuSince, postmasterPid, processCpuMs } from './lib/cpu.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' }, only: { type: 'string', default: 'slug,speaker,list' }, connections: { type: 'string', default: '10' } }
})
const servers = positionals.map((text) => {
  const [name, rest] = [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)]
  const pid = Number(rest.slice(rest.lastIndexOf('=') + 1))
  return { name, url: rest.slice(0, rest.lastIndexOf('=')), pid }
})
/** Context switches so far, voluntary and not, summed over the process's threads (Linux). */
function contextSwitches (pid: number): number {
  let total = 0
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8')
      for (const match of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) total += Number(match[1])
    }
  } catch { /* a thread ended meanwhile */ }
  return total
}
const postmaster = await postmasterPid(process.env.DATABASE_URL!)
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
const slugs = (await admin.query<{ slug: string }>(`SELECT slug FROM articles WHERE status = 'published' ORDER BY md5(slug) LIMIT 1000`)).rows.map((row) => row.slug)
const speakers = (await admin.query<{ slug: string }>('SELECT slug FROM speakers ORDER BY md5(slug) LIMIT 200')).rows.map((row) => row.slug)
const topics = (await admin.query<{ slug: string }>('SELECT slug FROM topics ORDER BY md5(slug)')).rows.map((row) => row.slug)
await admin.end()
const scenarios: Record<string, string[]> = {
  slug: slugs.map((slug) => `/v1/articles/${slug}?include=quotes`),
  speaker: speakers.map((slug) => `/v1/speakers/${slug}/quotes`),
  list: ['/v1/articles?limit=20&include=topics'],
  // A topic's first page, as the newsroom mix asks for it (bench/newsroom/mix.ts).
  topic: topics.map((slug) => `/v1/topics/${slug}/articles?limit=20&include=topics`)
}

function load (url: string, paths: string[], seconds: number): Promise<autocannon.Result> {
  let next = 0
  return autocannon({
    url,
    connections: Number(values.connections),
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }]
  })
}

const figures = new Map<string, { node: number[], pg: number[], rps: number[], switches: number[] }>()
for (let round = 0; round < Number(values.rounds); round++) {
  for (const name of values.only.split(',')) {
    const paths = scenarios[name]!
    await Promise.all(servers.map((server) => load(server.url, paths, 3)))
    const before = servers.map((server) => ({ node: processCpuMs(server.pid), pg: backendsCpuMs(postmaster, server.pid), switches: contextSwitches(server.pid) }))
    const results = await Promise.all(servers.map((server) => load(server.url, paths, Number(values.seconds))))
    servers.forEach((server, index) => {
      const answers = Math.max(1, results[index]!.requests.total)
      const node = (processCpuMs(server.pid) - before[index]!.node) / answers
      const pgMs = backendsCpuSince(before[index]!.pg, backendsCpuMs(postmaster, server.pid)) / answers
      const switches = (contextSwitches(server.pid) - before[index]!.switches) / answers
      if (results[index]!.non2xx > 0) console.log(`  ${server.name} ${name}: ${results[index]!.non2xx} non-2xx answers`)
      const key = `${name} ${server.name}`
      const entry = figures.get(key) ?? { node: [], pg: [], rps: [], switches: [] }
      entry.node.push(node)
      entry.pg.push(pgMs)
      entry.rps.push(results[index]!.requests.average)
      entry.switches.push(switches)
      figures.set(key, entry)
      console.log(`round ${round + 1} ${name.padEnd(8)} ${server.name.padEnd(10)} node ${node.toFixed(3)} ms  pg ${pgMs.toFixed(3)} ms  ${switches.toFixed(2)} context switches  (${answers} answers)`)
    })
  }
}
const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!
console.log('medians (ms of CPU per answer):')
for (const [key, entry] of figures) console.log(`  ${key.padEnd(20)} node ${median(entry.node).toFixed(3)} [${entry.node.map((v) => v.toFixed(3)).join(' ')}]  pg ${median(entry.pg).toFixed(3)} [${entry.pg.map((v) => v.toFixed(3)).join(' ')}]  switches ${median(entry.switches).toFixed(2)}`)
