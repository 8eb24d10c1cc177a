// Every list filter and sort must be backed by an index: run each list URL once in-process,
// capture the SQL Prisma sends, and EXPLAIN it on the benchmark database.
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import type { QueryEvent } from '../src/db/client.js'
import { RELATED_SQL, TRENDING_SPEAKERS_SQL, TRENDING_TOPICS_SQL } from '../src/modules/discovery/repository.js'
import { searchQueries } from './data.js'

export interface PlanCheck { url: string, statements: number, seqScans: string[], executionMs: number }

interface PlanNode { 'Node Type': string, 'Relation Name'?: string, Plans?: PlanNode[] }

function seqScans (node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && ['articles', 'quotes'].includes(node['Relation Name'] ?? '') ? [node['Relation Name']!] : []
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)]
}

/** List URLs worth checking, given a sample of existing slugs: every filter, sort and include. */
function listUrls ({ topic, other, speaker, article }: { topic: string, other: string, speaker: string, article: string }): string[] {
  return [
    '/v1/articles', '/v1/articles?sort=title', '/v1/articles?sort=-updatedAt', '/v1/articles?section=World',
    `/v1/articles?topic=${topic}`, `/v1/articles?allTopics=${topic},${other}`, `/v1/articles?speaker=${speaker}`,
    '/v1/articles?publishedAfter=2024-01-01T00:00:00Z&publishedBefore=2025-01-01T00:00:00Z', '/v1/articles?include=topics,quotes',
    `/v1/articles/${article}/quotes`, `/v1/topics/${topic}/articles`, `/v1/topics/${topic}/quotes`, `/v1/speakers/${speaker}/quotes`,
    '/v1/quotes', `/v1/quotes?speaker=${speaker}`, `/v1/quotes?topic=${topic}`, `/v1/quotes?article=${article}`, '/v1/quotes?minLength=150',
    '/v1/quotes?saidAfter=2024-01-01T00:00:00Z', '/v1/quotes?include=speaker,article,topics', '/v1/quotes?sort=createdAt',
    '/v1/quotes/random', `/v1/quotes/random?speaker=${speaker}`, '/v1/quotes/today',
    '/v1/topics?q=al', '/v1/speakers?q=an', '/v1/topics?include=counts', '/v1/speakers?include=counts&sort=-createdAt'
  ]
}

export async function explainListQueries (url: string): Promise<PlanCheck[]> {
  let captured: QueryEvent[] = []
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '1000000000', RESPONSE_CACHE_MAX_ENTRIES: '0' })
  const app = await buildApp({ config, databaseUrl: url, onQuery: (event) => captured.push(event) })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // The busiest topic and speaker: the worst case for their filters.
    const sample = (await client.query<{ topic: string, other: string, speaker: string, article: string }>(
      `SELECT (SELECT t.slug FROM topics t JOIN article_topics a ON a.topic_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1) AS topic,
              (SELECT slug FROM topics ORDER BY slug LIMIT 1) AS other,
              (SELECT s.slug FROM speakers s JOIN quotes q ON q.speaker_id = s.id GROUP BY s.slug ORDER BY count(*) DESC LIMIT 1) AS speaker,
              (SELECT slug FROM articles WHERE status = 'published' ORDER BY slug LIMIT 1) AS article`)).rows[0]!
    const checks: PlanCheck[] = []
    for (const path of listUrls(sample)) {
      captured = []
      const response = await app.inject({ url: path })
      if (response.statusCode !== 200) {
        checks.push({ url: path, statements: 0, seqScans: [`answered ${response.statusCode}`], executionMs: 0 })
        continue
      }
      const scans: string[] = []
      let executionMs = 0
      for (const event of captured) {
        const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${event.query}`, JSON.parse(event.params) as unknown[])
        const [plan] = rows[0]['QUERY PLAN'] as { Plan: PlanNode, 'Execution Time': number }[]
        scans.push(...seqScans(plan!.Plan))
        executionMs += plan!['Execution Time']
      }
      checks.push({ url: path, statements: captured.length, seqScans: [...new Set(scans)], executionMs: Math.round(executionMs * 10) / 10 })
    }
    return checks
  } finally {
    await client.end()
    await app.close()
  }
}

// Related stories and trending (hand-written SQL on the pg pool, so not seen by onQuery):
// EXPLAIN (ANALYZE) each statement as the routes run it, on many stories, and report the
// database time the issue bounds (related: under 20 ms at 100k articles).

export interface DiscoveryPlan { what: string, runs: number, p50Ms: number, p95Ms: number, maxMs: number, seqScans: string[], summary: string }

interface AnalyzedNode extends PlanNode { 'Actual Rows'?: number, 'Actual Loops'?: number, 'Index Name'?: string, Plans?: AnalyzedNode[] }

/** The scan nodes of a plan, one line each: how each table was read and how many rows it gave. */
function scanSummary (node: AnalyzedNode): string[] {
  const own = node['Relation Name']
    ? [`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ` ${node['Relation Name']}`} ×${node['Actual Loops'] ?? 1} → ${node['Actual Rows'] ?? 0}`]
    : []
  return [...own, ...(node.Plans ?? []).flatMap(scanSummary)]
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
const round = (ms: number): number => Math.round(ms * 100) / 100

// On a shared machine one run can wait for the CPU: each input runs REPEATS times and keeps its
// fastest, the closest to what the statement itself costs.
const REPEATS = 3

async function analyze (client: pg.Client, what: string, text: string, valueSets: unknown[][]): Promise<DiscoveryPlan> {
  const times: number[] = []
  const scans = new Set<string>()
  let slowest = { ms: -1, summary: '' }
  for (const values of valueSets) {
    let best = Infinity
    for (let i = 0; i < REPEATS; i++) {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values)
      const [plan] = rows[0]['QUERY PLAN'] as { Plan: AnalyzedNode, 'Execution Time': number, 'Planning Time': number }[]
      best = Math.min(best, plan!['Execution Time'])
      for (const scan of seqScans(plan!.Plan)) scans.add(scan)
      if (plan!['Execution Time'] > slowest.ms) slowest = { ms: plan!['Execution Time'], summary: [...new Set(scanSummary(plan!.Plan))].join('; ') }
    }
    times.push(best)
  }
  times.sort((a, b) => a - b)
  return { what, runs: times.length, p50Ms: round(percentile(times, 0.5)), p95Ms: round(percentile(times, 0.95)), maxMs: round(times.at(-1) ?? 0), seqScans: [...scans], summary: slowest.summary }
}

export async function explainDiscoveryQueries (url: string, samples = 200): Promise<DiscoveryPlan[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // Stories spread over the archive, and the busiest speaker's and topic's stories (the largest candidate sets).
    const ids = (await client.query<{ id: string }>(
      `(SELECT id FROM articles WHERE status = 'published' ORDER BY md5(id::text) LIMIT $1)
       UNION ALL
       (SELECT q.article_id FROM quotes q WHERE q.speaker_id = (SELECT speaker_id FROM quotes GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1) LIMIT 20)`, [samples])).rows.map((row) => row.id)
    const plans = [await analyze(client, `related (limit 5), ${ids.length} stories`, RELATED_SQL, ids.map((id) => [id, 5]))]
    // The archive's own present: a window at the newest story, so the windows are full.
    const newest = (await client.query<{ at: Date }>("SELECT max(published_at) AS at FROM articles WHERE status = 'published'")).rows[0]!.at
    const at = (sql: string): string => sql.replaceAll('now()', `'${newest.toISOString()}'::timestamptz`)
    for (const window of ['24 hours', '7 days']) {
      plans.push(await analyze(client, `trending topics, ${window}`, at(TRENDING_TOPICS_SQL), Array.from({ length: 5 }, () => [window, 10])))
      plans.push(await analyze(client, `trending speakers, ${window}`, at(TRENDING_SPEAKERS_SQL), Array.from({ length: 5 }, () => [window, 10])))
    }
    plans.push(await explainFacets(url, client))
    return plans
  } finally {
    await client.end()
  }
}

/** Search with facets over the benchmark queries: the facet statement each request adds. */
async function explainFacets (url: string, client: pg.Client): Promise<DiscoveryPlan> {
  let captured: QueryEvent[] = []
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP: '1000000000', RESPONSE_CACHE_MAX_ENTRIES: '0' })
  const app = await buildApp({ config, databaseUrl: url, onQuery: (event) => captured.push(event) })
  const times: number[] = []
  const scans = new Set<string>()
  let slowest = { ms: -1, summary: '' }
  try {
    for (const q of searchQueries()) {
      captured = []
      const response = await app.inject({ url: `/v1/search?type=articles&facets=topic,section,speaker&q=${encodeURIComponent(q)}` })
      if (response.statusCode !== 200) throw new Error(`facets for ${q}: ${response.statusCode}`)
      let ms = 0
      for (const event of captured.filter((e) => e.query.includes('counted AS'))) {
        let best = Infinity
        let plan: { Plan: AnalyzedNode, 'Execution Time': number } | undefined
        for (let i = 0; i < REPEATS; i++) {
          const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${event.query}`, JSON.parse(event.params) as unknown[])
          plan = (rows[0]['QUERY PLAN'] as { Plan: AnalyzedNode, 'Execution Time': number }[])[0]!
          best = Math.min(best, plan['Execution Time'])
        }
        ms += best
        for (const scan of seqScans(plan!.Plan)) scans.add(scan)
        if (plan!['Execution Time'] > slowest.ms) slowest = { ms: plan!['Execution Time'], summary: `\`${q}\`: ${[...new Set(scanSummary(plan!.Plan))].join('; ')}` }
      }
      times.push(ms)
    }
  } finally {
    await app.close()
  }
  times.sort((a, b) => a - b)
  return { what: `search facets (topic, section, speaker), ${times.length} queries`, runs: times.length, p50Ms: round(percentile(times, 0.5)), p95Ms: round(percentile(times, 0.95)), maxMs: round(times.at(-1) ?? 0), seqScans: [...scans], summary: slowest.summary }
}

/** The RESULTS.md section of explainDiscoveryQueries. */
export function renderDiscovery (plans: DiscoveryPlan[]): string[] {
  return [
    '## Related, trending and search facets (database time, EXPLAIN ANALYZE)',
    '',
    'Each statement as the route runs it, EXPLAIN (ANALYZE) on many inputs: related for 200 stories spread over the archive and',
    '20 of the busiest speaker\'s; trending with the clock set at the newest story, so the windows are full; facets for the 60',
    `benchmark queries. Each input runs ${REPEATS} times and keeps its fastest (the machine is shared); the columns are over inputs.`,
    'Target: related under 20 ms of database time.',
    '',
    '| statement | runs | p50 ms | p95 ms | max ms | sequential scans of articles or quotes |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...plans.map((plan) => `| ${plan.what} | ${plan.runs} | ${plan.p50Ms} | ${plan.p95Ms} | ${plan.maxMs} | ${plan.seqScans.length ? plan.seqScans.join(', ') : 'none'} |`),
    '',
    'How the slowest run of each read its tables (index or table × loops → rows):',
    '',
    ...plans.map((plan) => `- ${plan.what}: ${plan.summary}`),
    ''
  ]
}
