// Finds quoted spans in body paragraphs. Double marks only (curly, straight, guillemets):
// single marks are apostrophes or quotes nested inside a quote. Depth counting keeps
// nested quotes inside their outer quote, and the newsroom convention for multi-paragraph
// quotes (opening mark on every paragraph, closing mark only on the last) joins them.

export interface QuoteSpan {
  /** Offset of the opening mark in the joined document. */
  open: number
  /** Offset of the closing mark, or of the paragraph end when the quote is never closed. */
  close: number
  /** Content ranges, one per paragraph the quote runs over. */
  segments: Array<[number, number]>
}

export interface QuoteDocument {
  text: string
  /** The text with quote contents masked, so names and full stops inside quotes are ignored. */
  masked: string
  paragraphStarts: number[]
  spans: QuoteSpan[]
}

export const PARAGRAPH_SEPARATOR = '\n\n'

interface Mark { index: number; opens: boolean }

export function findQuoteSpans(paragraphs: string[]): QuoteDocument {
  const text = paragraphs.join(PARAGRAPH_SEPARATOR)
  const paragraphStarts: number[] = []
  const spans: QuoteSpan[] = []
  let offset = 0
  let pending: QuoteSpan | null = null
  for (const paragraph of paragraphs) {
    paragraphStarts.push(offset)
    const marks = findMarks(paragraph)
    let depth = 0
    let current: QuoteSpan | null = null
    let contentStart = 0
    let k = 0
    if (pending) {
      const first = marks[0]
      if (first && first.index === 0 && first.opens) {
        current = pending
        depth = 1
        contentStart = offset + 1
        k = 1
      } else {
        spans.push(pending)
      }
      pending = null
    }
    for (; k < marks.length; k++) {
      const mark = marks[k]
      if (!mark) continue
      const at = offset + mark.index
      if (mark.opens) {
        if (depth === 0) {
          current = { open: at, close: at, segments: [] }
          contentStart = at + 1
        }
        depth++
      } else if (depth > 0) {
        depth--
        if (depth === 0 && current) {
          current.segments.push([contentStart, at])
          current.close = at
          spans.push(current)
          current = null
        }
      }
    }
    if (current) {
      current.segments.push([contentStart, offset + paragraph.length])
      current.close = offset + paragraph.length
      pending = current
    }
    offset += paragraph.length + PARAGRAPH_SEPARATOR.length
  }
  if (pending) spans.push(pending)
  return { text, masked: maskSpans(text, spans), paragraphStarts, spans }
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

/** Straight marks open after a boundary and before a word; they close otherwise. */
function findMarks(paragraph: string): Mark[] {
  const marks: Mark[] = []
  let straightOpen = false
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i]
    if (ch === '“' || ch === '«' || ch === '„') marks.push({ index: i, opens: true })
    else if (ch === '”' || ch === '»') marks.push({ index: i, opens: false })
    else if (ch === '"') {
      const prev = paragraph[i - 1]
      const next = paragraph[i + 1]
      const afterBoundary = prev === undefined || /[\s([{—–\-/]/.test(prev)
      const beforeSpace = next === undefined || /\s/.test(next)
      const opens: boolean = afterBoundary && !beforeSpace ? true : !afterBoundary ? false : !straightOpen
      straightOpen = opens
      marks.push({ index: i, opens })
    }
  }
  return marks
}

/** Replaces quote contents with "x", keeping a final . ! ? so sentence ends stay visible. */
function maskSpans(text: string, spans: QuoteSpan[]): string {
  let masked = text
  for (const span of spans) {
    for (const [from, to] of span.segments) {
      const content = masked.slice(from, to)
      const keepLast = /[.!?]\s*$/.test(content)
      const replaced = content.replace(/[^\s]/g, 'x')
      masked = masked.slice(0, from) + (keepLast ? replaced.replace(/x(\s*)$/, '.$1') : replaced) + masked.slice(to)
    }
  }
  return masked
}
