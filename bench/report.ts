import type { DatasetSize } from './data.js'
import type { LoadResult } from './lib/load.js'
import type { PlanCheck } from './explain.js'

interface Results {
  date: string, machine: string, command: string, size: DatasetSize
  importMs: number, copyMs: number, idleMb: number, rssAt10k: number, rssAfterImport: number, startupMs: number
  rows: { name: string, newsdesk: LoadResult, baseline: LoadResult }[]
  full: LoadResult, revalidated: LoadResult
  plans: PlanCheck[]
}

const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')

export function renderResults (r: Results): string {
  const perSecond = (ms: number) => Math.round(r.size.articles / (ms / 1000))
  const lines = [
    '# Benchmark results',
    '',
    `- Date: ${r.date}`,
    `- Machine: ${r.machine}`,
    `- Command: \`${r.command}\``,
    `- Data: ${r.size.articles.toLocaleString('en')} articles, ~${(r.size.articles * r.size.quotesPerArticle).toLocaleString('en')} quotes, ${r.size.speakers} speakers, ${r.size.topics} topics; autocannon, 50 connections, 2 s warm-up`,
    '',
    '## Throughput: Newsdesk (every feature on) against the bare Fastify + pg baseline',
    '',
    '| scenario | Newsdesk req/s | p50 ms | p99 ms | RSS MB | baseline req/s | p50 ms | p99 ms | RSS MB | Newsdesk / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map(({ name, newsdesk: n, baseline: b }) =>
      `| ${name} | ${n.requestsPerSecond} | ${n.p50} | ${n.p99} | ${n.rssMb} | ${b.requestsPerSecond} | ${b.p50} | ${b.p99} | ${b.rssMb} | ${ratio(n.requestsPerSecond, b.requestsPerSecond)} |`),
    '',
    `Non-2xx answers (should be 0): ${r.rows.map(({ name, newsdesk, baseline }) => `${name}: ${newsdesk.non2xx}/${baseline.non2xx}`).join('; ')}.`,
    '',
    '## Conditional GET',
    '',
    `| | req/s | p50 ms | p99 ms |`,
    '| --- | ---: | ---: | ---: |',
    `| full 200 of one article | ${r.full.requestsPerSecond} | ${r.full.p50} | ${r.full.p99} |`,
    `| 304 with If-None-Match | ${r.revalidated.requestsPerSecond} | ${r.revalidated.p50} | ${r.revalidated.p99} |`,
    `| ratio 304 / 200 | ${ratio(r.revalidated.requestsPerSecond, r.full.requestsPerSecond)} | | |`,
    '',
    '## Loading and memory',
    '',
    `| | figure |`,
    '| --- | ---: |',
    `| bulk import through POST /v1/bulk/articles | ${(r.importMs / 1000).toFixed(1)} s, ${perSecond(r.importMs)} articles/s |`,
    `| raw COPY of the same rows | ${(r.copyMs / 1000).toFixed(1)} s, ${perSecond(r.copyMs)} articles/s |`,
    `| bulk import / COPY rate | ${ratio(r.copyMs, r.importMs)} |`,
    `| API memory: idle / after 10k lines / after all lines | ${r.idleMb} / ${r.rssAt10k} / ${r.rssAfterImport} MB |`,
    `| start-up to first answer (warm, database migrated) | ${r.startupMs} ms |`,
    '',
    '## Query plans of list endpoints (sequential scans of articles or quotes)',
    '',
    '| list URL | statements | sequential scans |',
    '| --- | ---: | --- |',
    ...r.plans.map((plan) => `| \`${plan.url}\` | ${plan.statements} | ${plan.seqScans.length ? plan.seqScans.join(', ') : 'none'} |`),
    ''
  ]
  return lines.join('\n')
}
