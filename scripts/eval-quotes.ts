// Quote-extraction quality over the article fixtures: per-file and overall precision,
// recall and speaker accuracy, plus title/section/date accuracy. Always exits 0.
// Run: node --import tsx scripts/eval-quotes.ts [fixture-directory]
import { fileURLToPath } from 'node:url'
import { scoreFixtures, totals } from '../src/ingest/evaluate.js'

const directory = process.argv[2] ?? fileURLToPath(new URL('../test/fixtures/articles', import.meta.url))
const scores = scoreFixtures(directory)
const fixed = (n: number): string => n.toFixed(2)
const ratio = (a: number, b: number): string => (b === 0 ? '1.00' : fixed(a / b))
const mark = (ok: boolean): string => (ok ? 'ok' : 'MISS')

const rows = scores.map((s) => [
  s.name,
  `${s.matched}/${s.predictedQuotes}`,
  ratio(s.matched, s.predictedQuotes),
  ratio(s.matched, s.expectedQuotes),
  ratio(s.speakerCorrect, s.textMatched),
  mark(s.titleOk),
  mark(s.sectionOk),
  mark(s.dateOk),
])
const header = ['fixture', 'matched', 'precision', 'recall', 'speaker', 'title', 'section', 'date']
const overall = totals(scores)
const footer = ['OVERALL', '', fixed(overall.precision), fixed(overall.recall), fixed(overall.speakerAccuracy),
  fixed(overall.titleAccuracy), fixed(overall.sectionAccuracy), fixed(overall.dateAccuracy)]
const widths = header.map((h, i) => Math.max(h.length, ...[...rows, footer].map((r) => (r[i] ?? '').length)))
const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')

console.log(line(header))
console.log(widths.map((w) => '-'.repeat(w)).join('  '))
for (const row of rows) console.log(line(row))
console.log(widths.map((w) => '-'.repeat(w)).join('  '))
console.log(line(footer))
console.log(`\n${scores.length} fixtures; a quote matches when normalised text and speaker both match.`)
process.exitCode = 0
