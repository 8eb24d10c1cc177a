import type { DatasetSize } from './data.js'
import type { LoadResult } from './lib/load.js'
import { renderDiscovery, type DiscoveryPlan, type PlanCheck } from './explain.js'
import type { SearchParity } from './search-parity.js'

interface Results {
  date: string, machine: string, command: string, size: DatasetSize
  importMs: number, copyMs: number, idleMb: number, rssAt10k: number, rssAfterImport: number, rssEvery10k: number[], startupMs: number
  rows: { name: string, newsdesk: LoadResult, uncached: LoadResult, baseline: LoadResult }[]
  parity: SearchParity
  conditional: { label: string, full: LoadResult, revalidated: LoadResult }[]
  plans: PlanCheck[]
  discovery: DiscoveryPlan[]
  benchMinutes: number
}

const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')
const verdict = (met: boolean): string => (met ? 'met' : '**missed**')

const quoted = (queries: string[]): string => queries.map((q) => `\`${q}\``).join(', ')

function parityText (parity: SearchParity): string {
  return [
    `top 20 identical for ${parity.identical} of ${parity.queries} queries`,
    ...(parity.closeNames.length ? [`${parity.closeNames.length} the naive query finds nothing for, where close names are tried (${quoted(parity.closeNames)})`] : []),
    ...(parity.differing.length ? [`**differ**: ${quoted(parity.differing)}`] : [])
  ].join('; ')
}

const cpuText = (result: LoadResult): string =>
  Number.isNaN(result.serverCpuMs) ? 'n/a' : `${result.serverCpuMs.toFixed(2)} + ${result.postgresCpuMs.toFixed(2)}`

/** Issue #7's targets (as issue 15 revised them), each with the figure that decides it. */
function targets (r: Results): string[] {
  const speedRows = r.rows.filter((row) => !row.name.startsWith('search'))
  const search = r.rows.find((row) => row.name.startsWith('search'))!
  const searchSpeedup = search.newsdesk.requestsPerSecond / search.baseline.requestsPerSecond
  const memoryGrowth = r.rssAfterImport / r.rssAt10k
  const seqScans = r.plans.filter((plan) => plan.seqScans.length > 0).length
  return [
    '| target | figure | |',
    '| --- | --- | --- |',
    // Issue 15: the cache-off figure decides (a response cache makes any baseline look slow).
    ...speedRows.map(({ name, newsdesk, uncached, baseline }) =>
      `| ${name}: 1.0x the baseline with the response cache off | ${ratio(uncached.requestsPerSecond, baseline.requestsPerSecond)} (every feature on: ${ratio(newsdesk.requestsPerSecond, baseline.requestsPerSecond)}) | ${verdict(uncached.requestsPerSecond >= baseline.requestsPerSecond)} |`),
    `| search: 3x the naive query, p99 < 150 ms, same top 20 | ${searchSpeedup.toFixed(1)}x, p99 ${search.newsdesk.p99} ms, ${parityText(r.parity)} (cache misses alone: ${ratio(search.uncached.requestsPerSecond, search.baseline.requestsPerSecond)}) | ${verdict(searchSpeedup >= 3 && search.newsdesk.p99 < 150 && r.parity.differing.length === 0)} |`,
    // Only with the cache off: with it on, both answers come from memory and the ratio says nothing (issue 15).
    ...r.conditional.filter(({ label }) => label === 'response cache off').map(({ label, full, revalidated }) =>
      `| 304 at 2x a full 200 of the same item (${label}) | ${ratio(revalidated.requestsPerSecond, full.requestsPerSecond)} | ${verdict(revalidated.requestsPerSecond >= 2 * full.requestsPerSecond)} |`),
    `| bulk import at 0.5x of raw COPY or better | ${ratio(r.copyMs, r.importMs)} | ${verdict(r.copyMs / r.importMs >= 0.5)} |`,
    Number.isNaN(r.rssAt10k)
      ? '| memory flat from 10k to all lines (within 25%) | n/a: fewer than 10k lines | |'
      : `| memory flat from 10k to all lines (within 25%) | ${r.rssAt10k} → ${r.rssAfterImport} MB | ${verdict(memoryGrowth <= 1.25)} |`,
    `| idle memory under 150 MB | ${r.idleMb} MB | ${verdict(r.idleMb < 150)} |`,
    `| start-up to first answer under 1 s (warm) | ${r.startupMs} ms | ${verdict(r.startupMs < 1000)} |`,
    `| no sequential scan of articles or quotes in list queries | ${seqScans} of ${r.plans.length} URLs scan | ${verdict(seqScans === 0)} |`,
    ...r.discovery.filter((plan) => plan.what.startsWith('related')).map((plan) =>
      `| related stories: under 20 ms of database time (p95) | ${plan.p95Ms} ms (p50 ${plan.p50Ms}) | ${verdict(plan.p95Ms < 20)} |`),
    `| the whole bench under 15 minutes | ${r.benchMinutes.toFixed(1)} min | ${verdict(r.benchMinutes < 15)} |`
  ]
}

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
    '## Targets',
    '',
    ...targets(r),
    '',
    '## Throughput: Newsdesk (every feature on) against the bare Fastify + pg baseline',
    '',
    '| scenario | Newsdesk req/s | p50 ms | p99 ms | RSS MB | baseline req/s | p50 ms | p99 ms | RSS MB | Newsdesk / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map(({ name, newsdesk: n, baseline: b }) =>
      `| ${name} | ${n.requestsPerSecond} | ${n.p50} | ${n.p99} | ${n.rssMb} | ${b.requestsPerSecond} | ${b.p50} | ${b.p99} | ${b.rssMb} | ${ratio(n.requestsPerSecond, b.requestsPerSecond)} |`),
    '',
    'The same Newsdesk with its response cache off (`RESPONSE_CACHE_MAX_ENTRIES=0`): the cost of every cache miss.',
    '',
    'CPU per answer is what one answer cost the server process and Postgres (from /proc): it moves far less than req/s when other work shares the machine.',
    '',
    '| scenario | req/s | p50 ms | p99 ms | RSS MB | uncached / baseline | CPU ms per answer, server + Postgres | baseline\'s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map(({ name, uncached: u, baseline: b }) =>
      `| ${name} | ${u.requestsPerSecond} | ${u.p50} | ${u.p99} | ${u.rssMb} | ${ratio(u.requestsPerSecond, b.requestsPerSecond)} | ${cpuText(u)} | ${cpuText(b)} |`),
    '',
    `Non-2xx answers (Newsdesk / uncached / baseline; should be 0): ${r.rows.map(({ name, newsdesk, uncached, baseline }) => `${name}: ${newsdesk.non2xx}/${uncached.non2xx}/${baseline.non2xx}`).join('; ')}.`,
    '',
    `Search: the top 20 of \`/v1/search?type=articles\` (cache off) against the naive ranked query's, in order: ${parityText(r.parity)}.`,
    '',
    '## Conditional GET of one article',
    '',
    '| | full 200 req/s | p50 ms | p99 ms | 304 req/s | p50 ms | p99 ms | 304 / 200 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.conditional.map(({ label, full, revalidated }) =>
      `| ${label} | ${full.requestsPerSecond} | ${full.p50} | ${full.p99} | ${revalidated.requestsPerSecond} | ${revalidated.p50} | ${revalidated.p99} | ${ratio(revalidated.requestsPerSecond, full.requestsPerSecond)} |`),
    '',
    '## Loading and memory',
    '',
    `| | figure |`,
    '| --- | ---: |',
    `| bulk import through POST /v1/bulk/articles | ${(r.importMs / 1000).toFixed(1)} s, ${perSecond(r.importMs)} articles/s |`,
    `| raw COPY of the same rows | ${(r.copyMs / 1000).toFixed(1)} s, ${perSecond(r.copyMs)} articles/s |`,
    `| bulk import / COPY rate | ${ratio(r.copyMs, r.importMs)} |`,
    `| API memory: idle / after 10k lines / after all lines | ${r.idleMb} / ${r.rssAt10k} / ${r.rssAfterImport} MB |`,
    `| API memory every 10k lines sent | ${r.rssEvery10k.join(', ')} MB |`,
    `| start-up to first answer (warm, database migrated) | ${r.startupMs} ms |`,
    '',
    '## Query plans of list endpoints (sequential scans of articles or quotes)',
    '',
    'EXPLAIN ANALYZE of every SQL statement each URL sends (response cache off), summed.',
    '',
    '| list URL | statements | database ms | sequential scans |',
    '| --- | ---: | ---: | --- |',
    ...r.plans.map((plan) => `| \`${plan.url}\` | ${plan.statements} | ${plan.executionMs} | ${plan.seqScans.length ? plan.seqScans.join(', ') : 'none'} |`),
    '',
    ...renderDiscovery(r.discovery)
  ]
  return lines.join('\n')
}
