import type { ClassFigures } from '../newsroom/stats.js'
import type { MixFigures, SearchResults } from './run.js'

export const SEARCH_START = '<!-- search:start -->'
export const SEARCH_END = '<!-- search:end -->'

const ms = (value: number): string => (Number.isNaN(value) ? '-' : String(Math.round(value)))
const share = (part: number, whole: number): string => (whole > 0 ? `${(100 * part / whole).toFixed(1)}%` : '-')
const verdict = (met: boolean): string => (met ? 'PASS' : '**FAIL**')
const shed = (figures: ClassFigures): string => share(figures.statuses['503'], figures.count)

function mixRow (label: string, figures: MixFigures): string {
  return `| ${label} | ${figures.okPerSecond} | ${ms(figures.story.p99)} | ${ms(figures.list.p99)} | ${ms(figures.topic.p99)} | ${ms(figures.speaker.p99)} | ${ms(figures.nonSearch.p99)} | ${shed(figures.nonSearch)} | ${ms(figures.search.p50)} | ${shed(figures.search)} |`
}

export function renderSearch (r: SearchResults, meta: { date: string, machine: string, command: string, note: string }): string {
  const { newsdesk, naive } = r.longTail
  const ratio = newsdesk.perSecond / naive.perSecond
  const worstMixP99 = Math.max(r.storm.mix.story.p99, r.storm.mix.list.p99, r.storm.mix.speaker.p99)
  return `${SEARCH_START}
## Long-tail search and the search bulkhead (issue 15)

- Date: ${meta.date}
- Machine: ${meta.machine}
- Command: \`${meta.command}\` (${r.minutes.toFixed(1)} min); SEARCH_CONCURRENCY: ${r.searchConcurrency}
- Data: ${r.size.articles.toLocaleString('en')} articles (the newsroom archive, bench/newsroom/database.ts).
- Long tail: 10 keep-alive connections, closed loop, walking the ${r.queries.toLocaleString('en')} distinct queries of the newsroom mix in order (none repeated; Newsdesk with its response cache off), 3 s warm-up then ${r.seconds} s; the naive ranked query is the bare baseline's \`/v1/search\` (ts_rank of every match, headlines for the page), measured right after on the same walk.
- Bulkhead: the newsroom read mix (50 connections, response cache on) for ${r.seconds} s alone, then for ${r.seconds} s beside a storm of 40 connections asking distinct slow searches (two of the 200 commonest words joined by \`or\`, each matching most of the archive; a storm client waits Retry-After on a 503).
- ${meta.note}

### Targets

| target | figure | |
| --- | --- | --- |
| long tail: ≥ 3x the naive query's rate at 10 concurrent searches | ${newsdesk.perSecond} / ${naive.perSecond} req/s = ${ratio.toFixed(2)}x | ${verdict(ratio >= 3)} |
| (the same, SEARCH_CONCURRENCY=10) | ${r.longTail.open.perSecond} / ${naive.perSecond} req/s = ${(r.longTail.open.perSecond / naive.perSecond).toFixed(2)}x, p99 ${ms(r.longTail.open.figures.p99)} ms | ${verdict(r.longTail.open.perSecond / naive.perSecond >= 3)} |
| long tail: p99 < 300 ms at 10 concurrent searches | ${ms(newsdesk.figures.p99)} ms (naive: ${ms(naive.figures.p99)} ms) | ${verdict(newsdesk.figures.p99 < 300)} |
| relevance: ≥ 8 of the naive top 10 in ours, on average | ${r.overlap.mean.toFixed(2)} over ${r.overlap.compared} queries (${r.overlap.naiveEmpty} more found nothing naively) | ${verdict(r.overlap.mean >= 8)} |
| bulkhead: story, list, quote p99 < 50 ms beside the storm | ${ms(worstMixP99)} ms (story ${ms(r.storm.mix.story.p99)}, list ${ms(r.storm.mix.list.p99)}, quotes ${ms(r.storm.mix.speaker.p99)}; without the storm ${ms(Math.max(r.quiet.story.p99, r.quiet.list.p99, r.quiet.speaker.p99))}) | ${verdict(worstMixP99 < 50)} |
| bulkhead: no 503 for non-search reads beside the storm | ${shed(r.storm.mix.nonSearch)} | ${verdict(r.storm.mix.nonSearch.statuses['503'] === 0)} |

### Long tail

| server | req/s | p50 ms | p99 ms | max ms | answers | non-2xx |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| Newsdesk, SEARCH_CONCURRENCY=10 (bulkhead as wide as the load) | ${r.longTail.open.perSecond} | ${ms(r.longTail.open.figures.p50)} | ${ms(r.longTail.open.figures.p99)} | ${ms(r.longTail.open.figures.max)} | ${r.longTail.open.figures.count} | ${r.longTail.open.figures.count - r.longTail.open.figures.statuses['2xx']} |
| Newsdesk (two-stage ranking) | ${newsdesk.perSecond} | ${ms(newsdesk.figures.p50)} | ${ms(newsdesk.figures.p99)} | ${ms(newsdesk.figures.max)} | ${newsdesk.figures.count} | ${newsdesk.figures.count - newsdesk.figures.statuses['2xx']} |
| naive ranked query | ${naive.perSecond} | ${ms(naive.figures.p50)} | ${ms(naive.figures.p99)} | ${ms(naive.figures.max)} | ${naive.figures.count} | ${naive.figures.count - naive.figures.statuses['2xx']} |

Least overlap: ${r.overlap.worst.map((w) => `\`${w.q}\` ${w.found}`).join(', ')}.

### Mix alone and beside the storm

| run | ok/s | story p99 | list p99 | topic p99 | quotes p99 | non-search p99 | non-search 503 | mix search p50 | mix search 503 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${mixRow('mix alone', r.quiet)}
${mixRow('mix beside the storm', r.storm.mix)}

The storm itself: ${r.storm.storm.count} answers, ${r.storm.stormPerSecond} searches/s served, p50 ${ms(r.storm.storm.p50)} ms, p99 ${ms(r.storm.storm.p99)} ms, 503 share ${shed(r.storm.storm)} (fast refusals by the bulkhead).
${SEARCH_END}`
}

export function spliceSearch (document: string, section: string): string {
  const start = document.indexOf(SEARCH_START)
  const end = document.indexOf(SEARCH_END)
  if (start === -1 || end === -1) return `${document.trimEnd()}\n\n${section}\n`
  return document.slice(0, start) + section + document.slice(end + SEARCH_END.length)
}
