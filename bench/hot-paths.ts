// The cache-miss hot paths against the bare baseline, back to back, on an existing database:
//   node --import tsx bench/hot-paths.ts [--seconds 5] [--only list,slug,speaker,related,trending,304,feeds]
// with Newsdesk (RESPONSE_CACHE_MAX_ENTRIES=0) listening on NEWSDESK_URL and
// bench/baseline/server.ts on BASELINE_URL, both on DATABASE_URL. Prints req/s and ratios;
// run it a few times, since other work on the machine moves the absolute numbers. With
// NEWSDESK_PID and BASELINE_PID (the servers' process ids) it also prints the CPU each answer
// cost the server and Postgres (a local one), which moves far less with the neighbours.
// The baseline answers list, slug and speaker with the same JSON document as Newsdesk (checked
// here, on a sample, before anything is measured: a difference is printed and the run fails);
// its old slim answers (under /slim) are measured too, so both ratios are shown.
import { isDeepStrictEqual, parseArgs } from 'node:util'
import pg from 'pg'
import { postmasterPid } from './lib/cpu.js'
import { measure, type LoadResult } from './lib/load.js'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, only: { type: 'string' } } })
const newsdesk = process.env.NEWSDESK_URL ?? 'http://127.0.0.1:3222'
const baseline = process.env.BASELINE_URL ?? 'http://127.0.0.1:3901'
const only = values.only?.split(',')
const pid = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined)
const postmaster = await postmasterPid(process.env.DATABASE_URL!)
const options = { seconds: Number(values.seconds), connections: 50, postmaster }
// "its backends": the Postgres processes serving that server's connections, without other
// sessions on a shared Postgres (the whole server's figure includes them).
const cpu = (result: LoadResult): string => Number.isNaN(result.serverCpuMs)
  ? ''
  : ` (CPU per answer: server ${result.serverCpuMs.toFixed(2)} ms, Postgres ${result.postgresCpuMs.toFixed(2)} ms, its backends ${result.backendsCpuMs.toFixed(2)} ms)`

// The same samples as bench/run.ts.
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
const slugs = (await admin.query<{ slug: string }>(`SELECT slug FROM articles WHERE status = 'published' ORDER BY md5(slug) LIMIT 1000`)).rows.map((row) => row.slug)
const speakers = (await admin.query<{ slug: string }>('SELECT slug FROM speakers ORDER BY md5(slug) LIMIT 200')).rows.map((row) => row.slug)
// Feeds: the busiest topics and sections, where a feed reads the most candidate stories.
const topics = (await admin.query<{ slug: string }>(`SELECT t.slug FROM topics t JOIN article_topics l ON l.topic_id = t.id
  GROUP BY t.id ORDER BY count(*) DESC LIMIT 50`)).rows.map((row) => row.slug)
const sections = (await admin.query<{ section: string }>(`SELECT section FROM articles WHERE section IS NOT NULL
  GROUP BY section ORDER BY count(*) DESC LIMIT 20`)).rows.map((row) => row.section)
await admin.end()

// ours and theirs: the same URLs where the baseline answers the same document (`same`), checked first;
// `slim`: the baseline's old, slimmer answer to the same request.
const scenarios = [
  { name: 'list', ours: ['/v1/articles?limit=20&include=topics'], same: true, slim: ['/slim/v1/articles'] },
  { name: 'slug', ours: slugs.map((slug) => `/v1/articles/${slug}?include=quotes`), same: true, slim: slugs.map((slug) => `/slim/v1/articles/${slug}`) },
  { name: 'speaker', ours: speakers.map((slug) => `/v1/speakers/${slug}/quotes`), same: true, slim: speakers.map((slug) => `/slim/v1/speakers/${slug}/quotes`) },
  // No baseline has these: compared with the baseline's story by slug with its quotes (Newsdesk's own answer), so
  // these ratios are not comparable with runs before session 10, which used the slim story.
  { name: 'related', ours: slugs.map((slug) => `/v1/articles/${slug}/related`), theirs: slugs.map((slug) => `/v1/articles/${slug}?include=quotes`) },
  { name: 'trending', ours: ['/v1/topics/trending', '/v1/speakers/trending', '/v1/topics/trending?window=7d', '/v1/speakers/trending?window=7d'], theirs: slugs.map((slug) => `/v1/articles/${slug}?include=quotes`) }
].filter((s) => !only || only.includes(s.name))

function parseOrNull (text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** Fetches up to `count` of `paths` (spread over them) from both servers and fails on the first different answer. */
async function checkSameAnswers (name: string, paths: string[], count = 100): Promise<void> {
  const step = Math.max(1, Math.floor(paths.length / count))
  let checked = 0
  const queue = paths.filter((_, index) => index % step === 0)
  while (queue.length > 0) {
    const path = queue.shift()!
    const [a, b] = await Promise.all([fetch(newsdesk + path), fetch(baseline + path)])
    const [ours, theirs] = [await a.text(), await b.text()]
    const parsed = [parseOrNull(ours), parseOrNull(theirs)] as const
    if (a.status !== b.status || parsed[0] === null || !isDeepStrictEqual(parsed[0], parsed[1])) {
      console.error(`${name}: the baseline's answer to ${path} is not Newsdesk's (status ${b.status} against ${a.status})\n` +
        `newsdesk: ${ours.slice(0, 2000)}\nbaseline: ${theirs.slice(0, 2000)}`)
      process.exit(1)
    }
    checked++
    // Follow the list's cursor once, so the keyset predicate of its next page is compared too (the baseline's
    // speaker page, like the bench, reads only a first page).
    const next = (parsed[0] as { nextCursor?: unknown }).nextCursor
    if (name === 'list' && checked === 1 && typeof next === 'string' && !path.includes('cursor=')) queue.push(`${path}${path.includes('?') ? '&' : '?'}cursor=${next}`)
  }
  if (checked === 0) {
    console.error(`${name}: no URL to compare; the archive has no sample for it`)
    process.exit(1)
  }
  console.log(`${name}: the baseline's answers equal Newsdesk's (parsed bodies and status, ${checked} URLs)`)
}
for (const scenario of scenarios) if (scenario.same) await checkSameAnswers(scenario.name, scenario.ours)

for (const scenario of scenarios) {
  const ours = await measure(newsdesk, scenario.ours, { ...options, pid: pid('NEWSDESK_PID') })
  const theirs = await measure(baseline, scenario.theirs ?? scenario.ours, { ...options, pid: pid('BASELINE_PID') })
  const line = `${scenario.name}: newsdesk ${ours.requestsPerSecond} req/s${cpu(ours)}, ` +
    `baseline${scenario.same ? ' (same answer)' : ''} ${theirs.requestsPerSecond} req/s${cpu(theirs)}, ` +
    `${(ours.requestsPerSecond / theirs.requestsPerSecond).toFixed(2)}x (non-2xx ${ours.non2xx}/${theirs.non2xx})`
  if (!scenario.slim) {
    console.log(line)
    continue
  }
  const slim = await measure(baseline, scenario.slim, { ...options, pid: pid('BASELINE_PID') })
  console.log(`${line}; slim baseline ${slim.requestsPerSecond} req/s${cpu(slim)}, ${(ours.requestsPerSecond / slim.requestsPerSecond).toFixed(2)}x (non-2xx ${slim.non2xx})`)
}

if (!only || only.includes('304')) {
  const item = `/v1/articles/${slugs[0]}`
  const etag = (await fetch(newsdesk + item)).headers.get('etag') ?? ''
  const full = await measure(newsdesk, [item], options)
  const revalidated = await measure(newsdesk, [item], { ...options, headers: { 'if-none-match': etag } })
  console.log(`304: full 200 ${full.requestsPerSecond} req/s, 304 ${revalidated.requestsPerSecond} req/s, ` +
    `${(revalidated.requestsPerSecond / full.requestsPerSecond).toFixed(2)}x (304s ${revalidated.non2xx})`)
}

// Feeds and sitemaps have no baseline: their cost alone, cache off (req/s, p50/p99 in ms).
if (!only || only.includes('feeds')) {
  const feeds = [
    { name: 'feed: newest (rss)', paths: ['/v1/feeds/articles.rss'] },
    { name: 'feed: topic (atom)', paths: topics.map((slug) => `/v1/feeds/topics/${slug}.atom`) },
    { name: 'feed: section (json)', paths: sections.map((section) => `/v1/feeds/sections/${encodeURIComponent(section)}.json`) },
    { name: 'feed: speaker quotes (rss)', paths: speakers.map((slug) => `/v1/feeds/speakers/${slug}.rss`) },
    { name: 'sitemap: index', paths: ['/v1/sitemaps/index.xml'] },
    { name: 'sitemap: first page', paths: ['/v1/sitemaps/articles.xml'] },
    { name: 'sitemap: news', paths: ['/v1/sitemaps/news.xml'] }
  ]
  for (const feed of feeds) {
    // The whole sitemap of up to 50,000 URLs is large: fewer connections, so the figure is its cost, not queueing.
    const result = await measure(newsdesk, feed.paths, { ...options, connections: feed.name.startsWith('sitemap') ? 4 : options.connections })
    console.log(`${feed.name}: ${result.requestsPerSecond} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms (non-2xx ${result.non2xx})`)
  }
}
