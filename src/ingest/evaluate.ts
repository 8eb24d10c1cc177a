// Scores parser output against hand-written expectations (test/fixtures/articles/{dev,test}).
// Shared by scripts/eval-quotes.ts and the fixture test so both measure the same thing.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ParsedArticle } from './types.js'
import { parseArticle } from './parse-article.js'
import { parseArticleHtml } from './html/parse-html.js'
import { normalizeForMatch } from './text.js'

export interface ExpectedQuote {
  text: string
  /** The person or organisation, or null for an unnamed source. */
  speaker: string | null
  /** Unnamed sources: how the page describes them ("a spokesperson for the airline"). */
  description?: string | null
  organization?: string | null
}

export interface ExpectedArticle {
  title: string
  section: string | null
  publishedAt: string | null
  quotes: ExpectedQuote[]
  /** Quoted spans that are not quotations (scare quotes, titles, nicknames, mentions). */
  notQuotes?: string[]
  /** Accepted as another name for `notQuotes`. */
  scareQuotes?: string[]
  speakers?: Array<{ name: string, role: string | null, organization: string | null }>
}

export interface FixtureScore {
  name: string
  expectedQuotes: number
  predictedQuotes: number
  /** Quotes whose text and speaker both match (an unnamed source matches an unnamed source). */
  matched: number
  /** Quotes whose text matches, whatever the speaker. */
  textMatched: number
  speakerCorrect: number
  /** Text-matched quotes expected and found as unnamed, and how many of those have a matching description. */
  unnamedMatched: number
  descriptionCorrect: number
  /** Predicted quotes that the expectations list as not being quotes. */
  scareQuotesTaken: number
  titleOk: boolean
  sectionOk: boolean
  dateOk: boolean
}

export function scoreArticle(name: string, actual: ParsedArticle, expected: ExpectedArticle): FixtureScore {
  const unused = actual.quotes.map((q) => ({ text: normalizeForMatch(q.text), speaker: speakerKey(q.speakerName), description: q.description }))
  let matched = 0
  let textMatched = 0
  let unnamedMatched = 0
  let descriptionCorrect = 0
  for (const want of expected.quotes) {
    const text = normalizeForMatch(want.text)
    const speaker = speakerKey(want.speaker)
    let index = unused.findIndex((q) => q.text === text && q.speaker === speaker)
    if (index < 0) index = unused.findIndex((q) => q.text === text)
    const found = unused[index]
    if (!found) continue
    textMatched++
    if (found.speaker === speaker) {
      matched++
      if (speaker === null) {
        unnamedMatched++
        if (descriptionMatches(want.description ?? null, found.description)) descriptionCorrect++
      }
    }
    unused.splice(index, 1)
  }
  const notQuotes = new Set([...(expected.notQuotes ?? []), ...(expected.scareQuotes ?? [])].map(normalizeForMatch))
  return {
    name,
    expectedQuotes: expected.quotes.length,
    predictedQuotes: actual.quotes.length,
    matched,
    textMatched,
    speakerCorrect: matched,
    unnamedMatched,
    descriptionCorrect,
    scareQuotesTaken: actual.quotes.filter((q) => notQuotes.has(normalizeForMatch(q.text))).length,
    titleOk: actual.title === expected.title,
    sectionOk: actual.section === expected.section,
    dateOk: actual.publishedAt === expected.publishedAt,
  }
}

function speakerKey(name: string | null | undefined): string | null {
  return name ? name.toLowerCase() : null
}

/**
 * Descriptions match when one contains the other or their head nouns agree:
 * "a spokesperson for the airline" ~ "a spokesperson for Skyline Air", "the source" ~ "a source familiar with the matter".
 */
export function descriptionMatches(expected: string | null, actual: string | null): boolean {
  if (!expected) return true
  if (!actual) return false
  const clean = (s: string): string => s.toLowerCase().replace(/[’']/g, "'").replace(/^(a|an|the|one|another)\s+/, '').trim()
  const [e, a] = [clean(expected), clean(actual)]
  if (e.includes(a) || a.includes(e)) return true
  const head = (s: string): string => (s.split(/(?<!\s)\s+(?:for|of|at|in|from|with|who|whose|speaking|on)\s+|,/)[0] ?? s).split(/\s+/).pop()?.replace(/s$/, '') ?? s
  return head(e) === head(a)
}

export interface Totals {
  precision: number
  recall: number
  /** Issue 11's own measure: quotes whose text is right (whatever the speaker) over quotes found, and over quotes expected. */
  textPrecision: number
  textRecall: number
  speakerAccuracy: number
  descriptionAccuracy: number
  scareQuotesTaken: number
  titleAccuracy: number
  sectionAccuracy: number
  dateAccuracy: number
}

export function totals(scores: FixtureScore[]): Totals {
  const sum = (pick: (s: FixtureScore) => number): number => scores.reduce((acc, s) => acc + pick(s), 0)
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b)
  return {
    precision: ratio(sum((s) => s.matched), sum((s) => s.predictedQuotes)),
    recall: ratio(sum((s) => s.matched), sum((s) => s.expectedQuotes)),
    textPrecision: ratio(sum((s) => s.textMatched), sum((s) => s.predictedQuotes)),
    textRecall: ratio(sum((s) => s.textMatched), sum((s) => s.expectedQuotes)),
    speakerAccuracy: ratio(sum((s) => s.speakerCorrect), sum((s) => s.textMatched)),
    descriptionAccuracy: ratio(sum((s) => s.descriptionCorrect), sum((s) => s.unnamedMatched)),
    scareQuotesTaken: sum((s) => s.scareQuotesTaken),
    titleAccuracy: ratio(sum((s) => Number(s.titleOk)), scores.length),
    sectionAccuracy: ratio(sum((s) => Number(s.sectionOk)), scores.length),
    dateAccuracy: ratio(sum((s) => Number(s.dateOk)), scores.length),
  }
}

/** Page files the evaluator reads, and how each is parsed: page text, or saved publisher HTML. */
const pageReaders: Array<{ extension: string, parse: (source: string) => ParsedArticle }> = [
  { extension: '.txt', parse: (source) => parseArticle(source) },
  { extension: '.html', parse: (source) => parseArticleHtml(source) },
]

/** Parses every NN-name.txt or NN-name.html that has an NN-name.expected.json next to it. */
export function scoreFixtures(directory: string): FixtureScore[] {
  return readdirSync(directory)
    .sort()
    .flatMap((file) => {
      const reader = pageReaders.find((r) => file.endsWith(r.extension))
      if (!reader) return []
      const base = file.slice(0, -reader.extension.length)
      const expectedPath = join(directory, `${base}.expected.json`)
      if (!existsSync(expectedPath)) return []
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedArticle
      return [scoreArticle(base, reader.parse(readFileSync(join(directory, file), 'utf8')), expected)]
    })
}

/** The eval set's halves: `dev/` or `tuned/` (tuned on) and `test/` or `heldout/` (held out); a flat directory is one half. */
export function fixtureHalves(directory: string): Array<{ name: string, directory: string }> {
  const halves = ['dev', 'tuned', 'test', 'heldout'].filter((half) => existsSync(join(directory, half))).map((half) => ({ name: half, directory: join(directory, half) }))
  return halves.length > 0 ? halves : [{ name: 'all', directory }]
}
