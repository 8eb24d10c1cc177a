import type { RouteClass } from './mix.js'

export type StatusKind = '2xx' | '304' | '4xx' | '503' | 'other'
export const STATUS_KINDS: StatusKind[] = ['2xx', '304', '4xx', '503', 'other']

export const statusKind = (status: number | undefined): StatusKind =>
  status === undefined ? 'other' : status === 304 ? '304' : status === 503 ? '503' : status >= 200 && status < 300 ? '2xx' : status >= 400 && status < 500 ? '4xx' : 'other'

export interface ClassFigures { count: number, p50: number, p99: number, max: number, statuses: Record<StatusKind, number> }

/** Latencies and answers of one route class; "other" counts 5xx but 503, and no answer at all. */
export class Recorder {
  private latencies = new Map<RouteClass, number[]>()
  private statuses = new Map<RouteClass, Record<StatusKind, number>>()

  record (routeClass: RouteClass, ms: number, status: number | undefined): void {
    let list = this.latencies.get(routeClass)
    if (!list) this.latencies.set(routeClass, list = [])
    list.push(ms)
    let counts = this.statuses.get(routeClass)
    if (!counts) this.statuses.set(routeClass, counts = { '2xx': 0, '304': 0, '4xx': 0, '503': 0, other: 0 })
    counts[statusKind(status)]++
  }

  /** Adds another run's answers to these, so a write rate measured in two halves reports as one run. */
  absorb (other: Recorder): void {
    for (const [routeClass, list] of other.latencies) {
      const mine = this.latencies.get(routeClass)
      if (mine) mine.push(...list)
      else this.latencies.set(routeClass, [...list])
    }
    for (const [routeClass, counts] of other.statuses) {
      const mine = this.statuses.get(routeClass)
      if (!mine) this.statuses.set(routeClass, { ...counts })
      else for (const kind of STATUS_KINDS) mine[kind] += counts[kind]
    }
  }

  figures (classes: RouteClass[]): ClassFigures {
    const all = classes.flatMap((c) => this.latencies.get(c) ?? []).sort((a, b) => a - b)
    const statuses: Record<StatusKind, number> = { '2xx': 0, '304': 0, '4xx': 0, '503': 0, other: 0 }
    for (const c of classes) for (const kind of STATUS_KINDS) statuses[kind] += this.statuses.get(c)?.[kind] ?? 0
    return { count: all.length, p50: percentile(all, 0.5), p99: percentile(all, 0.99), max: all.at(-1) ?? Number.NaN, statuses }
  }
}

export function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]! * 10) / 10
}

export interface EditorFigures {
  total: number, failed: number, p50: number, p99: number, max: number, statuses: Record<StatusKind, number>, failures: string[]
  /** The same latencies by what the save changed (summary, title, body, topics). */
  byKind: Record<string, { count: number, p50: number, p99: number, max: number }>
}
/** What the editor process reports: every save's latency, so runs of one write rate can be pooled. */
export interface EditorSaves { latencies: number[], /** what each save changed, in the order of `latencies` */ kinds: string[], statuses: Record<StatusKind, number>, failures: string[] }

/** The figures of one or more runs' saves, pooled. */
export function editorFigures (runs: EditorSaves[]): EditorFigures {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b)
  const statuses: Record<StatusKind, number> = { '2xx': 0, '304': 0, '4xx': 0, '503': 0, other: 0 }
  for (const run of runs) for (const kind of Object.keys(statuses) as StatusKind[]) statuses[kind] += run.statuses[kind]
  return {
    total: latencies.length,
    failed: latencies.length - statuses['2xx'],
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    statuses,
    failures: runs.flatMap((run) => run.failures).slice(0, 5),
    byKind: latenciesByKind(runs)
  }
}

function latenciesByKind (runs: EditorSaves[]): EditorFigures['byKind'] {
  const grouped = new Map<string, number[]>()
  for (const run of runs) {
    run.latencies.forEach((latency, i) => {
      const kind = run.kinds[i] ?? 'save'
      grouped.set(kind, [...(grouped.get(kind) ?? []), latency])
    })
  }
  return Object.fromEntries([...grouped].map(([kind, list]) => {
    list.sort((a, b) => a - b)
    return [kind, { count: list.length, p50: percentile(list, 0.5), p99: percentile(list, 0.99), max: list.at(-1) ?? Number.NaN }]
  }))
}
