// Quote-extraction quality over the article fixtures, per half (dev: tuned on; test: held
// out): per-file and overall precision, recall, speaker accuracy, scare quotes taken,
// description accuracy for unnamed sources, and title/section/date accuracy. Always exits 0.
// Run: node --import tsx scripts/eval-quotes.ts [fixture-directory] [--quiet]
// A directory holds page text (NN-name.txt) or saved publisher HTML (NN-name.html); halves dev|tuned and test|heldout.
import { fileURLToPath } from 'node:url'
import { fixtureHalves, scoreFixtures, totals, type FixtureScore } from '../src/ingest/evaluate.js'

const args = process.argv.slice(2)
const quiet = args.includes('--quiet')
const directory = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../test/fixtures/articles', import.meta.url))
const fixed = (n: number): string => n.toFixed(2)
const ratio = (a: number, b: number): string => (b === 0 ? '1.00' : fixed(a / b))
const mark = (ok: boolean): string => (ok ? 'ok' : 'MISS')
const header = ['fixture', 'matched', 'precision', 'recall', 'speaker', 'scare', 'title', 'section', 'date']

function report(name: string, scores: FixtureScore[]): void {
  const rows = scores.map((s) => [
    s.name,
    `${s.matched}/${s.predictedQuotes}/${s.expectedQuotes}`,
    ratio(s.matched, s.predictedQuotes),
    ratio(s.matched, s.expectedQuotes),
    ratio(s.speakerCorrect, s.textMatched),
    String(s.scareQuotesTaken),
    mark(s.titleOk),
    mark(s.sectionOk),
    mark(s.dateOk),
  ])
  const overall = totals(scores)
  const quotes = (pick: (s: FixtureScore) => number): number => scores.reduce((acc, s) => acc + pick(s), 0)
  const footer = [`${name.toUpperCase()} (${scores.length})`, `${quotes((s) => s.matched)}/${quotes((s) => s.predictedQuotes)}/${quotes((s) => s.expectedQuotes)}`,
    fixed(overall.precision), fixed(overall.recall), fixed(overall.speakerAccuracy), String(overall.scareQuotesTaken),
    fixed(overall.titleAccuracy), fixed(overall.sectionAccuracy), fixed(overall.dateAccuracy)]
  const widths = header.map((h, i) => Math.max(h.length, ...[...rows, footer].map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  console.log(`\n== ${name} ==`)
  console.log(line(header))
  console.log(rule)
  if (!quiet) for (const row of rows) console.log(line(row))
  if (!quiet) console.log(rule)
  console.log(line(footer))
  console.log(`text alone (speaker not required): precision ${fixed(overall.textPrecision)}, recall ${fixed(overall.textRecall)}; with the speaker accuracy above, issue 11's measure`)
  console.log(`description accuracy (unnamed sources found as unnamed): ${fixed(overall.descriptionAccuracy)} over ${quotes((s) => s.unnamedMatched)} quotes`)
}

for (const half of fixtureHalves(directory)) report(half.name, scoreFixtures(half.directory))
console.log('\nmatched = right text and speaker / quotes found / quotes expected; an unnamed source (speaker null) is right when expected null.')
console.log('scare = quoted spans taken as quotes that the fixture lists as not quotes (scare quotes, titles, nicknames).')
process.exitCode = 0
