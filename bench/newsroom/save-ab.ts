// An editor's save under the newsroom mix, two builds A/B interleaved: each round starts each
// build's server (cache on) on its own copy of the 100k archive, runs the readers (50
// connections) with an editor at 10 saves/s for a warm-up pass, then a measured pass, and
// prints the editor's p50/p99/max beside the load average. The copies keep one build's
// migrations away from the other's (and from the shared archive): load one with
// NEWSROOM_DATABASE_PREFIX=x_ (bench/newsroom/database.ts), then
// CREATE DATABASE y_newsdesk_newsroom_100000 TEMPLATE x_newsdesk_newsroom_100000. Each build
// directory needs its `npm run build`. From this worktree:
//   AB_BUILDS='main=/work/wt-base:<url of x_>,mine=/work/wt-mine:<url of y_>' node --import tsx bench/newsroom/save-ab.ts [rounds] [seconds]
// One build under two settings: the same directory twice, each label with its own variables,
// AB_ENV_<label>='NAME=value,NAME=value' (e.g. AB_ENV_off='SEARCH_LIST_MERGE_MS=0'). BENCH_PORTS
// keeps the servers to a range of ports (bench/lib/processes.ts).
import { loadavg } from 'node:os'
import { createDatabase } from '../../src/db/client.js'
import { createApiKey } from '../../src/modules/keys/api-keys.js'
import { startNodeServer } from '../lib/processes.js'
import { readLoad } from './load.js'
import { loadSamples, newsdesk, READ_CLASSES, readMix, searchQuerySet } from './mix.js'
import { startEditor } from './run.js'
import { editorFigures } from './stats.js'

const rounds = Number(process.argv[2] ?? 3)
const seconds = Number(process.argv[3] ?? 15)
const builds = process.env.AB_BUILDS!.split(',').map((entry) => {
  const [label, rest] = entry.split('=') as [string, string]
  const at = rest.indexOf(':')
  const settings = (process.env[`AB_ENV_${label}`] ?? '').split(',').filter(Boolean).map((pair) => {
    const equals = pair.indexOf('=')
    return [pair.slice(0, equals), pair.slice(equals + 1)] as const
  })
  return { label, dir: rest.slice(0, at), url: rest.slice(at + 1), env: Object.fromEntries(settings) }
})

const queries = searchQuerySet()
const prepared = []
for (const build of builds) {
  const { db } = createDatabase(build.url, 1)
  const { key } = await createApiKey(db, { name: 'save-ab', scopes: ['content:write'] })
  await db.$disconnect()
  prepared.push({ ...build, key, samples: await loadSamples(build.url) })
}

const load = (): string => loadavg().map((value) => value.toFixed(1)).join(' ')
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? prepared : [...prepared].reverse()
  for (const build of order) {
    const env = { DATABASE_URL: build.url, SEED_SAMPLE_CONTENT: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000', ...build.env }
    const server = await startNodeServer(`${build.dir}/dist/src/server.js`, env, '/health')
    const next = readMix(newsdesk, build.samples, queries, round)
    const lines: string[] = []
    for (const pass of ['warm-up', 'measured']) {
      const before = load()
      const editor = await startEditor({ origin: server.url, key: build.key, rate: 10, seconds: pass === 'warm-up' ? 5 : seconds, slugs: build.samples.recent, topics: build.samples.topics.slice(0, 20), pathPrefix: newsdesk.write('') })
      const { recorder, seconds: took } = await readLoad(server.url, next, (cursor) => newsdesk.list(cursor),
        { connections: 50, warmupSeconds: 3, seconds: pass === 'warm-up' ? 5 : seconds, onMeasuring: () => editor.go() })
      const saves = editorFigures([await editor.done])
      const reads = recorder.figures(READ_CLASSES)
      if (pass === 'measured') {
        lines.push(`round ${round} ${build.label}: saves ${saves.total} failed ${saves.failed} p50 ${saves.p50.toFixed(0)} p99 ${saves.p99.toFixed(0)} max ${saves.max.toFixed(0)} ms; ` +
          `reads ${Math.round(reads.count / took)}/s; load ${before} -> ${load()}`)
      }
    }
    await server.stop()
    console.log(lines.join('\n'))
  }
}
