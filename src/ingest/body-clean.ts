// Noise in scraped article text that the quote extractor must not trip over: hard-wrapped
// lines (wire copy cut every 60 characters), photo captions (often printed twice), page
// furniture ("Continued on Page 6"), and chrome lines inside the story.
import { isCaptionLine, isChromeLine } from './chrome.js'

export interface Line { text: string; blankBefore: boolean }

const TERMINAL = /[.!?:;"”’'»)\]…]$/

/**
 * Joins lines that a hard wrap split: only lines with no blank line between them, where the
 * first does not end a sentence and the next continues it (lower case, or a long wrapped line).
 */
export function joinWrappedLines(lines: Line[]): Line[] {
  const joined: Line[] = []
  for (const line of lines) {
    const previous = joined[joined.length - 1]
    if (previous && !line.blankBefore && !TERMINAL.test(previous.text) && continues(previous.text, line.text)) {
      previous.text = `${previous.text} ${line.text}`
      continue
    }
    joined.push({ ...line })
  }
  return joined
}

function continues(previous: string, next: string): boolean {
  // A caption printed twice is two lines, not one wrapped sentence.
  if (next.slice(0, 30) === previous.slice(0, 30)) return false
  if (/^[\p{Ll}\p{N}]/u.test(next) && !/^\d+\.\s/.test(next)) return true
  // A wrapped line is long and stops mid-sentence; a heading or a caption is short.
  return previous.length >= 45 && /[\p{L}\p{N},]$/u.test(previous) && !/^[•\-–—*]/.test(next) && next.length >= 20
}

function isRepeated(line: string, other: string | undefined): boolean {
  if (!other) return false
  const [a, b] = [line.trim(), other.trim()]
  return a === b || (Math.min(a.length, b.length) >= 30 && (a.startsWith(b) || b.startsWith(a)))
}

/** Drops chrome, captions (and captions printed twice) from body paragraphs and page furniture inside them. */
export function cleanParagraphs(paragraphs: string[]): string[] {
  const kept: string[] = []
  paragraphs.forEach((raw, i) => {
    const text = raw.replace(/\s*\bContinued on Page \d+\b.*$/i, '').trim()
    if (!text || isChromeLine(text)) return
    const quoted = /[“”"‘’]/.test(text)
    if (!quoted && isCaptionLine(text)) return
    // A caption printed twice (under the photo and in the gallery, sometimes with its credit): any quotes in it are the story's.
    if (isRepeated(raw, paragraphs[i - 1]) || isRepeated(raw, paragraphs[i + 1])) return
    kept.push(text)
  })
  return kept
}
