// Long-tail search (issue 15): searches that were never made before, so no cache can answer
// them. 10 connections walk the 20,000 distinct queries of the newsroom mix (bench/newsroom/
// mix.ts: words from the corpus, pairs, phrases, exclusions, rare words), each server from the
// start of the list, none repeated; the naive ranked query (the bare baseline's /v1/search)
// runs the same walk in the same minutes. Relevance: for a sample of the queries, how many of
// the naive query's top 10 are in Newsdesk's top 10.
import { readLoad } from '../newsroom/load.js'
import type { ClassFigures } from '../newsroom/stats.js'

export const LONG_TAIL_CONNECTIONS = 10

export interface Walk { figures: ClassFigures, perSecond: number }

/** Closed loop, `connections` at once, each asking the next query of the list; answers after the warm-up count. */
export async function walkQueries (origin: string, path: (q: string) => string, queries: string[], options: { seconds: number, warmupSeconds: number }): Promise<Walk> {
  let next = 0
  const { recorder, seconds } = await readLoad(origin, () => ({ routeClass: 'search', path: path(queries[next++ % queries.length]!) }), () => '', {
    connections: LONG_TAIL_CONNECTIONS, warmupSeconds: options.warmupSeconds, seconds: options.seconds
  })
  const figures = recorder.figures(['search'])
  return { figures, perSecond: Math.round(figures.statuses['2xx'] / seconds) }
}

export interface Overlap {
  /** Queries compared (the naive query found something for each). */
  compared: number
  /** Mean number of the naive top 10 found in Newsdesk's top 10 (out of 10; scaled when the naive query found fewer). */
  mean: number
  worst: { q: string, found: number }[]
  /** Queries the naive query found nothing for (Newsdesk may answer them with close names). */
  naiveEmpty: number
}

async function ids (url: string): Promise<string[]> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { data: { id: string }[] }).data.map((hit) => hit.id)
}

/** Top-10 overlap with the naive ranked query, over `sample`. */
export async function topTenOverlap (newsdeskUrl: string, baselineUrl: string, sample: string[]): Promise<Overlap> {
  let total = 0
  let compared = 0
  let naiveEmpty = 0
  const scored: { q: string, found: number }[] = []
  for (const q of sample) {
    const param = encodeURIComponent(q)
    const [ours, naive] = await Promise.all([
      ids(`${newsdeskUrl}/v1/search?type=articles&limit=10&q=${param}`),
      ids(`${baselineUrl}/v1/search?q=${param}`).then((all) => all.slice(0, 10))
    ])
    if (naive.length === 0) { naiveEmpty++; continue }
    const found = (10 * naive.filter((id) => ours.includes(id)).length) / naive.length
    total += found
    compared++
    scored.push({ q, found: Math.round(found * 10) / 10 })
  }
  scored.sort((a, b) => a.found - b.found)
  return { compared, mean: compared > 0 ? total / compared : Number.NaN, worst: scored.slice(0, 5), naiveEmpty }
}
