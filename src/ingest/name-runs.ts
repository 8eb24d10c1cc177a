// Names made of a run of capitalised words that ends at a cue: an organisation's head word
// ("Carrow Bay District Council") or a bracketed alias ("European Central Bank (ECB)").
// Each cue is found once, and the run before it is read backwards from the cue, within a
// bounded window (src/ingest/text.ts, backwards): a long run of capitalised words is never
// scanned again from each of its words, so the work stays linear in the text (issue 14).
import { ORGANIZATION_HEADS } from './topic-vocabulary.js'
import { backwards } from './text.js'
import { builtRegExp, upTo } from '../lib/built-regex.js'

// Longer than any nine-word name; a run is read back at most this far from its cue.
const WINDOW = 400
const WORD_CHAR = /[\p{L}'’-]/u

// One more word of an organisation's name, read backwards: "Bay District" before "Council" is
// "tcirtsiD yaB". Words of two letters or more, maybe linked by "of", "for", "and", "the".
const PREVIOUS_ORGANIZATION_WORD = String.raw`(?:\s+(?:fo|rof|dna|eht))?\s+[\p{L}'’-]+\p{Lu}(?![\p{L}'’-])`
const ORGANIZATION_RUN_BACKWARDS = builtRegExp('name-runs ORGANIZATION_RUN_BACKWARDS', `^${PREVIOUS_ORGANIZATION_WORD}${upTo(PREVIOUS_ORGANIZATION_WORD, 7)}`, 'u')
const ORGANIZATION_HEAD = builtRegExp('name-runs ORGANIZATION_HEAD', `(?<![\\p{L}'’-])(?:${ORGANIZATION_HEADS})\\b`, 'gu')
const OF_PLACE_AFTER = /^\s+of\s+\p{Lu}[\p{L}'’-]+/u
// "Ministry of the Interior": a head that comes first.
const HEAD_OF_NAME = /\b(?:University|Bank|Ministry|Department) of(?:\s+the)?\s+\p{Lu}[\p{L}'’-]+/gu

// A bracketed alias's name, read backwards from the bracket: up to nine words, maybe linked.
const PREVIOUS_NAME_WORD = String.raw`(?:\s+(?:dna|fo|rof|eht))?\s+[\p{L}'’-]*\p{Lu}(?![\p{L}'’-])`
const NAME_BEFORE_BRACKET_BACKWARDS = builtRegExp('name-runs NAME_BEFORE_BRACKET_BACKWARDS', String.raw`^\s*[\p{L}'’-]*\p{Lu}(?![\p{L}'’-])${upTo(PREVIOUS_NAME_WORD, 8)}`, 'u')
// What the bracket holds: "(ECB)", "[or the Islamic State group]", "(also known as Daesh)".
// Whole words only (the lookahead), then at most 12 characters to the closing bracket: the run is
// never given back a letter or a space at a time to the tail.
const NEXT_ALIAS_WORD = String.raw`\s+\p{Lu}[\p{L}'’-]*(?![\p{L}'’-])`
const BRACKETED = builtRegExp('name-runs BRACKETED', String.raw`^[([](?:or\s+|also known as\s+|aka\s+|formerly\s+)?(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?![\p{L}'’-])${upTo(NEXT_ALIAS_WORD, 8)})[^)\]]{0,12}[)\]]`, 'u')

interface Found { index: number, end: number, text: string }

/**
 * Where the run of words that `backwardsRun` reads back from `end` starts, not before `floor`
 * (the end of the previous name: names do not overlap), or -1 when no word comes right before.
 */
function runStart (text: string, end: number, floor: number, backwardsRun: RegExp): number {
  let from = Math.max(floor, end - WINDOW)
  // A word cut by the window or the floor is not a word start.
  if (from > 0 && WORD_CHAR.test(text[from - 1] ?? '')) while (from < end && WORD_CHAR.test(text[from] ?? '')) from++
  const run = backwardsRun.exec(backwards(text.slice(from, end)))
  return run ? end - run[0].length : -1
}

/** Organisation names by their head word: "Carrow Bay District Council", "Ministry of Health", in the text's order. */
export function organizationNames (text: string): string[] {
  const heads = [...text.matchAll(ORGANIZATION_HEAD)].map((m) => ({ index: m.index, end: m.index + m[0].length }))
  const found: Found[] = []
  let floor = 0
  for (let i = 0; i < heads.length; i++) {
    const head = heads[i]!
    if (head.index < floor) continue
    const start = runStart(text, head.index, floor, ORGANIZATION_RUN_BACKWARDS)
    if (start === -1) continue
    // Like a greedy run read forwards: the last head within reach of the same first word ends the
    // name. Reach is lost for good at the first head whose run starts elsewhere (a break, or nine words).
    let last = i
    while (last + 1 < heads.length && runStart(text, heads[last + 1]!.index, floor, ORGANIZATION_RUN_BACKWARDS) === start) last++
    const headEnd = heads[last]!.end
    const end = headEnd + (OF_PLACE_AFTER.exec(text.slice(headEnd, headEnd + WINDOW))?.[0].length ?? 0)
    found.push({ index: start, end, text: text.slice(start, end) })
    floor = end
    i = last
  }
  for (const m of text.matchAll(HEAD_OF_NAME)) {
    const end = m.index + m[0].length
    if (!found.some((f) => f.index < end && m.index < f.end)) found.push({ index: m.index, end, text: m[0] })
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.text)
}

/** "Taliban (Islamic Emirate)", "Daesh [or the Islamic State group]": the words before the bracket and the alias inside it. */
export function bracketedAliases (text: string): Array<{ name: string, alias: string }> {
  const pairs: Array<{ name: string, alias: string }> = []
  let floor = 0
  for (const bracket of text.matchAll(/[([]/g)) {
    if (bracket.index < floor) continue
    const inside = BRACKETED.exec(text.slice(bracket.index, bracket.index + WINDOW))
    if (!inside) continue
    const start = runStart(text, bracket.index, floor, NAME_BEFORE_BRACKET_BACKWARDS)
    if (start === -1) continue
    pairs.push({ name: text.slice(start, bracket.index).trimEnd(), alias: inside[1] ?? '' })
    floor = bracket.index + inside[0].length
  }
  return pairs
}
