// Noise in scraped article text that the quote extractor must not trip over: hard-wrapped
// lines (wire copy cut every 60 characters), photo captions (often printed twice), page
// furniture ("Continued on Page 6"), and chrome lines inside the story.
import { isCaptionLine, isChromeLine } from './chrome.js'
import { containsDate } from './dates.js'
import { headingLabel } from './heading-labels.js'
import nlp from 'compromise'

export interface Line { text: string; blankBefore: boolean }

const TERMINAL = /[.!?:;"”’'»)\]…]$/
// How much longer than the line before it a hard-wrapped line can be (the shorter of two full lines lost a long word to the next).
const WRAP_SLACK = 20
const BYLINE_START = /^(?:By|BY|Written by|Published|Posted|Updated|Last updated|First published)\b/

/**
 * Joins lines that a hard wrap split: only lines with no blank line between them, where the
 * first does not end a sentence and the next continues it: in lower case, or, inside a block
 * of long lines (wire copy cut every 60 characters), in capitals. A headline over a byline or a
 * date line is never joined to it.
 */
export function joinWrappedLines(lines: Line[]): Line[] {
  const wrapped = wrappedBlocks(lines)
  const joined: Line[] = []
  lines.forEach((line, i) => {
    const previous = joined[joined.length - 1]
    const before = lines[i - 1]
    // A chrome line ("WATCH: Highway work slows") is dropped whole later: the story's next line is not its rest.
    // Nor is a byline's next line its rest ("By Ann Lee, Correspondent, The Times, 9 Aug 2019" ⏎ "Voters need …").
    if (previous && before && !line.blankBefore && !TERMINAL.test(before.text) && !isMetaLine(line.text) && !isChromeLine(before.text) &&
      !(BYLINE_START.test(before.text) && /^\p{Lu}/u.test(line.text)) &&
      continues(before.text, line.text, wrapped[i - 1] === true && wrapped[i] === true)) {
      previous.text = `${previous.text} ${line.text}`
      return
    }
    // Double-spaced wire copy (APP, some agency feeds): a wrap-width line cut mid-sentence, a blank line, then lower case.
    if (previous && before && line.blankBefore && before.text.length >= 40 && before.text.length <= 90 && !TERMINAL.test(before.text) && /^\p{Ll}/u.test(line.text) &&
      !isMetaLine(line.text) && !/^date\s+\d{4}-/i.test(line.text)) {
      previous.text = `${previous.text} ${line.text}`
      return
    }
    joined.push({ ...line })
  })
  return joined
}

/** Lines in a run of at least three long lines with no blank line between: the shape of hard-wrapped copy. */
function wrappedBlocks(lines: Line[]): boolean[] {
  const marks = lines.map(() => false)
  let start = 0
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && !lines[i]?.blankBefore) continue
    const run = lines.slice(start, i)
    const long = run.filter((l) => l.text.length >= 40).length
    if (run.length >= 3 && long >= run.length - 1) for (let k = start; k < i; k++) marks[k] = true
    start = i
  }
  return marks
}

function continues(previous: string, next: string, inWrappedBlock: boolean): boolean {
  // A caption printed twice is two lines, not one wrapped sentence.
  if (next.slice(0, 30) === previous.slice(0, 30)) return false
  // "Allen Whylie - Commissioner of Police" over a quote: a speaker's label, not the start of a sentence.
  if (/^["“‘]/.test(next) && headingLabel(previous)) return false
  if (/^[\p{Ll}\p{N}]/u.test(next) && !/^\d+\.\s/.test(next)) return true
  // A wrapped line is no longer than the wrap width, which the line before it (cut near that width) nearly fills:
  // a much longer line after a short one ("…parents-to-be" over a 200-character lead) is a paragraph of its own.
  return inWrappedBlock && /[\p{L}\p{N},]$/u.test(previous) && !/^[•\-–—*]/.test(next) && next.length <= previous.length + WRAP_SLACK
}

/** Bylines, dates and publish stamps: header lines, never the rest of a sentence. */
function isMetaLine(line: string): boolean {
  return /^(?:by|written by|published|posted|updated|last updated|first published)\b/i.test(line) || (line.split(/\s+/).length <= 8 && containsDate(line))
}

function isRepeated(line: string, other: string | undefined): boolean {
  if (!other) return false
  const [a, b] = [line.trim(), other.trim()]
  // A standfirst repeated as the start of a longer lead paragraph: the paragraph is the story, the copy is not.
  if (a.startsWith(b) && isSentences(a.slice(b.length))) return false
  return a === b || (Math.min(a.length, b.length) >= 30 && (a.startsWith(b) || b.startsWith(a)))
}

/** What a lead paragraph adds to its standfirst: at least one sentence of four words or more, not a credit. */
function isSentences(rest: string): boolean {
  const text = rest.trim()
  return text.split(/\s+/).length >= 4 && /[.!?”’"]$/.test(text) && !/^\(?(?:credit|image|photo|picture)s?\b/i.test(text)
}

// The words a date line holds besides its numbers: "Feb. 21, 2019", "Updated 09:14 BST, Monday 3 March 2025".
const DATE_WORD = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?$|^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$|^(?:[ap]\.?m\.?|[A-Z]{2,4}|updated|published|posted|on|at|and)$/i

/** A paragraph that is only a date (a story's date printed in its body), not prose. */
function isDateOnly (text: string): boolean {
  if (text.length > 60 || !containsDate(text)) return false
  return text.split(/[\s,|]+/).every((word) => !/\p{L}/u.test(word) || DATE_WORD.test(word))
}

/** A short sentence with no verb of saying: what a photo shows. */
function isPhotoDescription(text: string): boolean {
  return text.split(/\s+/).length <= 12 && /\.$/.test(text) && !/[:;]/.test(text) &&
    !/\b(?:said|says|told|added|stated|explained|warned|insisted|according)\b/i.test(text)
}

// "Kisumu Governor Prof. Peter Okello addressing members of …", "Farmers protesting in Barnala on Saturday.": one to eight
// words in capitals, then an -ing verb, and no verb that makes a sentence.
const CAPITALISED_WORD = /^\p{Lu}[\p{L}'’.-]*$/u
const GERUND = /^\p{Ll}{3,20}ing$/u
const NOT_GERUNDS = /^(?:during|according|including|morning|evening|building|nothing|something|anything|everything|following|regarding|concerning)$/

/** A photo's description printed in the story's text (the HTML has it in a figcaption, which is not a paragraph). */
function isGerundCaption(text: string): boolean {
  const words = text.split(/\s+/)
  if (words.length > 35 || /[“”"‘:;?!]/.test(text)) return false
  const at = words.findIndex((word) => !CAPITALISED_WORD.test(word))
  const gerund = words[at] ?? ''
  if (at < 1 || at > 8 || !GERUND.test(gerund) || NOT_GERUNDS.test(gerund)) return false
  return !nlp(words.slice(at + 1).join(' ')).has('(#PastTense|#PresentTense|#Modal|#Copula|#Auxiliary)')
}

/** "…in Awka South LGA.’’", "‘‘We…": two single marks standing for a double one (Nigerian and Ghanaian copy) become one. */
function doubledSingleMarks(text: string): string {
  return text.replace(/(?<=\S)(?:’’|'')(?=$|[\s,.;:!?)])/g, '”').replace(/(?<=^|[\s(])(?:‘‘|'')(?=[\p{L}\p{N}])/gu, '“')
}

/** Drops chrome, captions (and captions printed twice) from body paragraphs and page furniture inside them. */
export function cleanParagraphs(paragraphs: string[]): string[] {
  const kept: string[] = []
  paragraphs.forEach((raw, i) => {
    // "#44 Lewis Hamilton" over a driver's quotes: the car number is not part of the name heading.
    const text = doubledSingleMarks(raw.replace(/(?<!\s)\s*\bContinued on Page \d+\b[^]*$/i, '').trim()).replace(/^#\d{1,3}\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?(?:\s+\p{Lu}[\p{L}'’-]+)?$)/u, '')
    if (!text || isChromeLine(text) || isDateOnly(text)) return
    const quoted = /[“”"‘’]/.test(text)
    if (!quoted && (isCaptionLine(text) || isGerundCaption(text))) return
    // A photo's description printed above its credited caption (ABC): "A bullet hole in the bonnet of a ute." ⏎ "…ute.(ABC News)".
    const next = paragraphs[i + 1]?.trim() ?? ''
    if (!quoted && next && !/[“”"‘’]/.test(next) && isCaptionLine(next) && isPhotoDescription(text)) return
    // A caption printed twice (under the photo and in the gallery, sometimes with its credit): any quotes in it are the story's.
    if (isRepeated(raw, paragraphs[i - 1]) || isRepeated(raw, paragraphs[i + 1])) return
    kept.push(text)
  })
  return kept
}
