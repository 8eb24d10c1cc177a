// Every list filter and sort must be backed by an index: run each list URL once in-process,
// capture the SQL Prisma sends, and EXPLAIN it on the benchmark database.
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import type { QueryEvent } from '../src/db/client.js'

export interface PlanCheck { url: string, statements: number, seqScans: string[] }

interface PlanNode { 'Node Type': string, 'Relation Name'?: string, Plans?: PlanNode[] }

function seqScans (node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && ['articles', 'quotes'].includes(node['Relation Name'] ?? '') ? [node['Relation Name']!] : []
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)]
}

/** List URLs worth checking, given a sample of existing slugs. */
function listUrls (sample: { topic: string, speaker: string, article: string }): string[] {
  return [
    '/v1/articles', '/v1/articles?section=World', '/v1/articles?sort=title', '/v1/articles?sort=-updatedAt',
    `/v1/articles?topic=${sample.topic}`, `/v1/articles?speaker=${sample.speaker}`, '/v1/articles?publishedAfter=2024-01-01T00:00:00Z',
    '/v1/articles?include=topics,quotes', `/v1/articles/${sample.article}/quotes`,
    '/v1/quotes', `/v1/quotes?speaker=${sample.speaker}`, `/v1/quotes?topic=${sample.topic}`, '/v1/quotes?saidAfter=2024-01-01T00:00:00Z',
    `/v1/topics/${sample.topic}/articles`, `/v1/topics/${sample.topic}/quotes`, `/v1/speakers/${sample.speaker}/quotes`,
    '/v1/topics?q=al', '/v1/speakers?q=an'
  ]
}

export async function explainListQueries (url: string): Promise<PlanCheck[]> {
  let captured: QueryEvent[] = []
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false' }), databaseUrl: url, onQuery: (event) => captured.push(event) })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const sample = (await client.query<{ topic: string, speaker: string, article: string }>(
      `SELECT (SELECT slug FROM topics ORDER BY slug LIMIT 1) AS topic, (SELECT slug FROM speakers ORDER BY slug LIMIT 1) AS speaker,
              (SELECT slug FROM articles WHERE status = 'published' ORDER BY slug LIMIT 1) AS article`)).rows[0]!
    const checks: PlanCheck[] = []
    for (const path of listUrls(sample)) {
      captured = []
      const response = await app.inject({ url: path })
      if (response.statusCode !== 200) {
        checks.push({ url: path, statements: 0, seqScans: [`answered ${response.statusCode}`] })
        continue
      }
      const scans: string[] = []
      for (const event of captured) {
        const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${event.query}`, JSON.parse(event.params) as unknown[])
        scans.push(...seqScans((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan))
      }
      checks.push({ url: path, statements: captured.length, seqScans: [...new Set(scans)] })
    }
    return checks
  } finally {
    await client.end()
    await app.close()
  }
}
