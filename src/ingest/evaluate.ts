// Scores parser output against hand-written expectations (test/fixtures/articles).
// Shared by scripts/eval-quotes.ts and the fixture test so both measure the same thing.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ParsedArticle } from './types.js'
import { parseArticle } from './parse-article.js'
import { normalizeForMatch } from './text.js'

export interface ExpectedArticle {
  title: string
  section: string | null
  publishedAt: string | null
  quotes: Array<{ text: string; speaker: string }>
  speakers: Array<{ name: string; role: string | null; organization: string | null }>
}

export interface FixtureScore {
  name: string
  expectedQuotes: number
  predictedQuotes: number
  /** Quotes whose text and speaker both match. */
  matched: number
  /** Quotes whose text matches, whatever the speaker. */
  textMatched: number
  speakerCorrect: number
  titleOk: boolean
  sectionOk: boolean
  dateOk: boolean
}

export function scoreArticle(name: string, actual: ParsedArticle, expected: ExpectedArticle): FixtureScore {
  const unused = actual.quotes.map((q) => ({ text: normalizeForMatch(q.text), speaker: q.speakerName?.toLowerCase() ?? null }))
  let matched = 0
  let textMatched = 0
  for (const want of expected.quotes) {
    const text = normalizeForMatch(want.text)
    const speaker = want.speaker.toLowerCase()
    let index = unused.findIndex((q) => q.text === text && q.speaker === speaker)
    if (index < 0) index = unused.findIndex((q) => q.text === text)
    if (index < 0) continue
    textMatched++
    if (unused[index]?.speaker === speaker) matched++
    unused.splice(index, 1)
  }
  return {
    name,
    expectedQuotes: expected.quotes.length,
    predictedQuotes: actual.quotes.length,
    matched,
    textMatched,
    speakerCorrect: matched,
    titleOk: actual.title === expected.title,
    sectionOk: actual.section === expected.section,
    dateOk: actual.publishedAt === expected.publishedAt,
  }
}

export interface Totals { precision: number; recall: number; speakerAccuracy: number; titleAccuracy: number; sectionAccuracy: number; dateAccuracy: number }

export function totals(scores: FixtureScore[]): Totals {
  const sum = (pick: (s: FixtureScore) => number): number => scores.reduce((acc, s) => acc + pick(s), 0)
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b)
  return {
    precision: ratio(sum((s) => s.matched), sum((s) => s.predictedQuotes)),
    recall: ratio(sum((s) => s.matched), sum((s) => s.expectedQuotes)),
    speakerAccuracy: ratio(sum((s) => s.speakerCorrect), sum((s) => s.textMatched)),
    titleAccuracy: ratio(sum((s) => Number(s.titleOk)), scores.length),
    sectionAccuracy: ratio(sum((s) => Number(s.sectionOk)), scores.length),
    dateAccuracy: ratio(sum((s) => Number(s.dateOk)), scores.length),
  }
}

/** Parses every NN-name.txt that has an NN-name.expected.json next to it. */
export function scoreFixtures(directory: string): FixtureScore[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .flatMap((file) => {
      const base = file.slice(0, -'.txt'.length)
      let expected: ExpectedArticle
      try {
        expected = JSON.parse(readFileSync(join(directory, `${base}.expected.json`), 'utf8')) as ExpectedArticle
      } catch {
        return []
      }
      return [scoreArticle(base, parseArticle(readFileSync(join(directory, file), 'utf8')), expected)]
    })
}
