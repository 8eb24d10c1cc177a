// Finds quoted spans in body paragraphs, in double marks (curly, straight, guillemets) and
// in single marks (British and Irish papers: ‘like this’), telling single marks from
// apostrophes by what surrounds them. Real pages also bring: a quote over several
// paragraphs (each opens, only the last closes), a missing closing mark (the quote ends
// with its paragraph), a missing opening mark ("Name: words…”"), marks glued to the next
// word (`said,”The`), closing marks used as openers, and quotes nested in quotes.
import { markRoles, type Family, type Mark } from './quote-marks.js'

export interface QuoteSpan {
  /** Offset of the opening mark in the joined document (one before the text when the mark is missing). */
  open: number
  /** Offset of the closing mark, or of the paragraph end when the quote is never closed. */
  close: number
  /** Content ranges, one per paragraph the quote runs over. */
  segments: Array<[number, number]>
  family: Family
  closed: boolean
}

export interface QuoteDocument {
  text: string
  /** The text with quote contents masked, so names and full stops inside quotes are ignored. */
  masked: string
  paragraphStarts: number[]
  spans: QuoteSpan[]
}

export const PARAGRAPH_SEPARATOR = '\n\n'

export function findQuoteSpans(paragraphs: string[]): QuoteDocument {
  const text = paragraphs.join(PARAGRAPH_SEPARATOR)
  const paragraphStarts: number[] = []
  const spans: QuoteSpan[] = []
  const allMarks = paragraphs.map(markRoles)
  let offset = 0
  let pending: QuoteSpan | null = null
  paragraphs.forEach((paragraph, p) => {
    paragraphStarts.push(offset)
    const marks = allMarks[p] ?? []
    const closersAfter = closerCounts(marks)
    let current: QuoteSpan | null = null
    let depth = 0
    let contentStart = 0
    let k = 0
    if (pending) {
      const first = marks[0]
      if (first && first.family === pending.family && first.role !== 'close' && paragraph.slice(0, first.index).trim() === '') {
        current = pending
        depth = 1
        contentStart = offset + first.index + 1
        k = 1
      } else if (closesWithoutOpening(paragraphs, allMarks, p, pending.family)) {
        // One opening mark for a quote over several paragraphs: the unmarked ones between continue it.
        current = pending
        depth = 1
        contentStart = offset
      } else {
        spans.push(pending)
      }
      pending = null
    }
    const spansBefore = spans.length
    let doubleSeen = marks.slice(0, k).some((m) => m.family === 'double')
    for (; k < marks.length; k++) {
      const mark = marks[k]
      if (!mark) continue
      const at = offset + mark.index
      const firstDouble = mark.family === 'double' && !doubleSeen
      if (mark.family === 'double') doubleSeen = true
      if (!current) {
        if (mark.role === 'close') {
          const inferred = firstDouble && spans.length === spansBefore
            ? inferMissingOpen(paragraph, mark.index, offset) : null
          if (inferred) spans.push(inferred)
          continue
        }
        if (mark.family === 'single' && !singleCanOpen(closersAfter(k, 'single'), allMarks[p + 1])) continue
        current = { open: at, close: at, segments: [], family: mark.family, closed: false }
        depth = 1
        contentStart = at + 1
        continue
      }
      if (mark.family !== current.family) continue
      if (mark.role === 'open') {
        // A nested quote of the same family, unless too few closing marks remain to pair it (a stray opener).
        if (current.family === 'double' && closersAfter(k, 'double') > depth) depth++
        continue
      }
      if (mark.weak && closersAfter(k, current.family, true) > 0) continue
      depth--
      if (depth > 0) continue
      current.segments.push([contentStart, at])
      current.close = at
      current.closed = true
      spans.push(current)
      current = null
    }
    if (current && mismatchedClose(paragraph, current.family, contentStart - offset)) {
      // “… what has happened.' -- a double quote closed by a single mark: closed here, the mark left out.
      const at = offset + paragraph.trimEnd().length - 1
      current.segments.push([contentStart, at])
      current.close = at
      current.closed = true
      spans.push(current)
      current = null
    }
    const attributed = current ? attributionTail(paragraph, contentStart - offset) : -1
    if (current && attributed >= 0) {
      // “There shouldn’t be any delay … will be held soon, added Chouhan. -- the closing mark is missing before
      // the attribution: the quote ends at its comma.
      current.segments.push([contentStart, offset + attributed])
      current.close = offset + attributed
      current.closed = true
      spans.push(current)
      current = null
    }
    if (current) {
      current.segments.push([contentStart, offset + paragraph.length])
      current.close = offset + paragraph.length
      pending = current
    }
    offset += paragraph.length + PARAGRAPH_SEPARATOR.length
  })
  if (pending) spans.push(pending)
  return { text, masked: maskSpans(text, spans), paragraphStarts, spans }
}

// The verbs of an attribution that ends a paragraph after the last comma when a quote's closing mark
// was left out before it: "added Chouhan.", "said the minister.", "he said.", "Chouhan added.".
const TAIL_VERBS = new Set(['said', 'says', 'added', 'adds', 'stated', 'explained', 'noted', 'continued'])

/** Where the comma before such an attribution is, when it comes after the quote's start; else -1. Read word by word. */
function attributionTail(paragraph: string, contentStart: number): number {
  const comma = paragraph.lastIndexOf(',')
  if (comma <= contentStart) return -1
  const tail = paragraph.slice(comma + 1).trim()
  if (tail.length > 60 || !tail.endsWith('.')) return -1
  const words = tail.slice(0, -1).split(/\s+/)
  if (words.length < 2 || words.length > 5) return -1
  const verbFirst = TAIL_VERBS.has(words[0] ?? '') && /^\p{L}/u.test(words[1] ?? '')
  const subject = words.slice(0, -1)
  const verbLast = TAIL_VERBS.has(words[words.length - 1] ?? '') &&
    (/^(?:he|she|they)$/.test(subject.join(' ')) || subject.every((w) => /^\p{Lu}[\p{L}.’'-]*$/u.test(w)))
  return verbFirst || verbLast ? comma : -1
}

/** A double quote whose paragraph ends in a single mark after a full stop, with no single quote opened inside it. */
function mismatchedClose(paragraph: string, family: Family, contentStart: number): boolean {
  if (family !== 'double' || !/[.!?]['’]$/.test(paragraph.trimEnd())) return false
  return !markRoles(paragraph).some((m) => m.family === 'single' && m.role === 'open' && m.index >= contentStart)
}

// A statement quoted whole may run to five unmarked paragraphs before its closing mark ("According to a press
// statement …, “We deem it necessary …:" ⏎ four points ⏎ "… at an event.”").
const UNMARKED_RUN = 6

/**
 * After a paragraph whose quote never closed: do the next paragraphs (up to six) carry no mark
 * of that family until one whose first such mark closes? Then the quote runs on to that mark.
 */
function closesWithoutOpening(paragraphs: string[], allMarks: Mark[][], p: number, family: Family): boolean {
  for (let q = p; q < Math.min(paragraphs.length, p + UNMARKED_RUN); q++) {
    const first = (allMarks[q] ?? []).find((m) => m.family === family)
    if (!first) continue
    // "Westmoor boss Ruth Adebayo: It was a scrap.”" is a quote of its own with a missing opening mark.
    return first.role === 'close' && !/^[^:“”"]{2,80}?:\s/.test(paragraphs[q] ?? '')
  }
  return false
}

/** A single mark opens a quote only when a closing single mark follows, here or by continuing into the next paragraph. */
function singleCanOpen(singleClosersAfter: number, next: Mark[] | undefined): boolean {
  if (singleClosersAfter > 0) return true
  const first = next?.[0]
  return first !== undefined && first.family === 'single' && first.role !== 'close' && first.index === 0
}

/** How many marks after the k-th can close a quote of a family: counted once per paragraph, not once per mark (linear). */
function closerCounts(marks: Mark[]): (k: number, family: Family, strongOnly?: boolean) => number {
  const counts = new Map<string, number[]>()
  for (const family of ['double', 'single'] as Family[]) {
    for (const strongOnly of [false, true]) {
      const after = new Array<number>(marks.length + 1).fill(0)
      for (let i = marks.length - 1; i >= 0; i--) {
        const m = marks[i]
        after[i] = (after[i + 1] ?? 0) + (m && m.family === family && m.role !== 'open' && !(strongOnly && m.weak) ? 1 : 0)
      }
      counts.set(`${family}${strongOnly}`, after)
    }
  }
  return (k, family, strongOnly = false) => counts.get(`${family}${strongOnly}`)?.[k + 1] ?? 0
}

/**
 * "Westmoor boss Ruth Adebayo: It was a proper scrap … minutes.”" -- a closing mark with no
 * opening one: the quote starts after a leading "Name:" label, or at the paragraph start.
 */
function inferMissingOpen(paragraph: string, closeIndex: number, offset: number): QuoteSpan | null {
  const after = paragraph.slice(closeIndex + 1)
  if (!/^\s*(?:(?:[.!?]\s*)?$|,\s*\p{Ll})/u.test(after)) return null
  const label = /^[^:“”"]{2,80}?:\s+/.exec(paragraph.slice(0, closeIndex))
  const start = label ? label[0].length : 0
  const words = paragraph.slice(start, closeIndex).trim().split(/\s+/).length
  if (words < 4) return null
  return { open: offset + start - 1, close: offset + closeIndex, segments: [[offset + start, offset + closeIndex]], family: 'double', closed: true }
}

export function spanText(doc: QuoteDocument, span: QuoteSpan): string {
  return span.segments.map(([from, to]) => doc.text.slice(from, to).trim()).join(' ')
}

export function paragraphOf(doc: QuoteDocument, offset: number): number {
  let index = 0
  doc.paragraphStarts.forEach((start, i) => {
    if (start <= offset) index = i
  })
  return index
}

/** Replaces quote contents with "x", keeping a final . ! ? so sentence ends stay visible. */
function maskSpans(text: string, spans: QuoteSpan[]): string {
  let masked = text
  for (const span of spans) {
    // Ferdinand “Bongbong” Marcos Jr.: a nickname inside a name is blanked, marks and all, so the name reads whole.
    const only = span.segments.length === 1 ? span.segments[0] : undefined
    if (only && isNicknameInName(text, only[0], only[1])) {
      masked = masked.slice(0, only[0] - 1) + ' '.repeat(only[1] - only[0] + 2) + masked.slice(only[1] + 1)
      continue
    }
    for (const [from, to] of span.segments) {
      const content = masked.slice(from, to)
      const keepLast = /[.!?]\s*$/.test(content)
      const replaced = content.replace(/[^\s]/g, 'x')
      masked = masked.slice(0, from) + (keepLast ? replaced.replace(/x(\s*)$/, '.$1') : replaced) + masked.slice(to)
    }
  }
  return masked
}

/** One or two capitalised words in marks between a first name and a surname: “Bongbong”, “Migz”, "Ping". */
function isNicknameInName (text: string, from: number, to: number): boolean {
  return /^\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*)?$/u.test(text.slice(from, to)) &&
    /(?:^|[\s(])\p{Lu}[\p{Ll}.'’-]+ $/u.test(text.slice(Math.max(0, from - 40), from - 1)) &&
    /^ \p{Lu}[\p{Ll}'’-]+/u.test(text.slice(to + 1, to + 40))
}
