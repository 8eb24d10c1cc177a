// What each quotation mark in a paragraph does: open, close, or either (straight marks
// whose neighbours do not tell). Single marks between letters are apostrophes and are
// dropped; a closing single mark after a plural "s" may be a possessive ("the players’
// union") and is marked weak, so a later closing mark wins.

export type Family = 'double' | 'single'
export interface Mark { index: number; family: Family; role: 'open' | 'close' | 'either'; weak: boolean }

const LETTER = /[\p{L}\p{N}]/u
const SPACE_OR_END = /^(?:$|[\s,.;:!?…)\]—–-])/
// Characters after which a mark starts something: start, space, brackets, dashes, slash, colon.
const OPENING_CONTEXT = /[\s(\[{—–\-/:;]/

export function markRoles(paragraph: string): Mark[] {
  const marks: Mark[] = []
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i] ?? ''
    const prev = i === 0 ? '' : (paragraph[i - 1] ?? '')
    const next = paragraph[i + 1] ?? ''
    const afterBoundary = i === 0 || OPENING_CONTEXT.test(prev)
    const beforeWord = next !== '' && !/\s/.test(next)
    const beforeSpace = SPACE_OR_END.test(paragraph.slice(i + 1, i + 2))
    const add = (family: Family, role: Mark['role'], weak = false): void => { marks.push({ index: i, family, role, weak }) }
    switch (ch) {
      case '“': case '„': case '«':
        // Some sites close with “ too: after a word and before a space it closes.
        add('double', !afterBoundary && prev !== '' && !/\s/.test(prev) && beforeSpace ? 'close' : 'open')
        break
      case '”': case '»':
        // A closing mark used as an opener: at the paragraph start, glued to the next word after a comma (`said,”The`)
        // when no double quote is open (inside one, `yours,”he tells me` closes it), or after an introducing colon or
        // comma and before a spaced capital (`said:” We`, `According to him, ” The`) when no double quote is open before it.
        add('double', i === 0 || ((afterBoundary || (prev === ',' && !insideDouble(marks))) && beforeWord && LETTER.test(next)) ||
          (introducedOpener(paragraph, i) && !insideDouble(marks)) ? 'open' : 'close')
        break
      case '"':
        if (i === 0 || (afterBoundary && beforeWord)) add('double', 'open')
        else if (!/\s/.test(prev) && beforeSpace) add('double', 'close')
        else add('double', 'either')
        break
      case '‘': case '‹':
        if (afterBoundary && beforeWord) add('single', 'open')
        // "was ‘ambitious‘ but needed": an opening mark typed to close, after a word and before a space or the end.
        else if (prev !== '' && !/\s/.test(prev) && beforeSpace) add('single', 'close')
        break
      case '’': case "'": case '›': {
        if (LETTER.test(prev) && LETTER.test(next)) break // don't, O'Rourke
        if (afterBoundary && beforeWord && LETTER.test(next)) {
          if (ch !== '’' || i === 0) add('single', 'open')
          break
        }
        if (prev !== '' && !/\s/.test(prev) && beforeSpace) {
          // "the players’ union": a plural possessive followed by a lower-case word.
          const weak = /[sS]$/.test(prev) && /^\s+\p{Ll}/u.test(paragraph.slice(i + 1))
          add('single', 'close', weak)
        } else if (/\s/.test(prev) && /\s/.test(next)) {
          add('single', 'either')
        }
        break
      }
      default:
    }
  }
  return marks
}

/** `said:” We`, `him, ” The`: a colon (or a comma and a space) before the mark, a space and a capital after it. */
function introducedOpener(paragraph: string, i: number): boolean {
  const before = paragraph.slice(Math.max(0, i - 2), i)
  return (before.endsWith(':') || before.endsWith(': ') || before === ', ') && /^ \p{Lu}/u.test(paragraph.slice(i + 1, i + 3))
}

/** Whether the last double mark seen so far in the paragraph opened a quote. */
function insideDouble(marks: Mark[]): boolean {
  for (let k = marks.length - 1; k >= 0; k--) {
    const m = marks[k]
    if (m && m.family === 'double') return m.role !== 'close'
  }
  return false
}
