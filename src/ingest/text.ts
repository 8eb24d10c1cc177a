// Small text helpers shared by the parsing stages.

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

/** Two lines with the same words, whatever their spacing and case (a headline printed twice, a lead repeating it). */
export function sameWords(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').toLowerCase() === b.replace(/\s+/g, ' ').toLowerCase()
}

/** Canonical form for comparing quote texts: plain marks, single spaces, no edge punctuation. */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/[“”„«»"]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s,;:.…—–-]+/, '').replace(/(^|[^\s,;:.!?…—–-])[\s,;:.!?…—–-]+$/, '$1')
    .toLowerCase()
}

export { escapeRegExp } from '../lib/built-regex.js'

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'st', 'jr', 'sr',
  'inc', 'ltd', 'co', 'corp', 'no', 'vs', 'etc', 'u.s', 'u.k', 'u.n', 'e.u', 'a.m', 'p.m', 'mt', 'ft', 'jan', 'feb',
  'aug', 'sept', 'oct', 'nov', 'dec', 'rev', 'capt', 'cmdr', 'adm', 'maj', 'supt', 'insp',
  // Ranks and titles of Gulf, African and South Asian copy: "Brig. Turki …", "Engr. Musa …", "Rt. Hon. Alban Bagbin", "Adv. …".
  'brig', 'engr', 'barr', 'rt', 'hon', 'adv',
])

/**
 * The text after its first sentence's stop ("“…,” Gov. Jay Nixon said. He …" -> " He …"): a stop after a title or an
 * initial ends no sentence. The whole text when it has no stop.
 */
export function afterFirstSentence(text: string): string {
  for (const m of text.matchAll(/[.!?]/g)) {
    const lastWord = /(?<![\p{L}.])([\p{L}.]+)$/u.exec(text.slice(Math.max(0, m.index - 20), m.index))?.[1]?.toLowerCase() ?? ''
    if (m[0] === '.' && (ABBREVIATIONS.has(lastWord) || /^(?:\p{L}\.){0,3}\p{Lu}$/iu.test(lastWord))) continue
    return text.slice(m.index + 1)
  }
  return text
}

/**
 * Sentence boundaries (end offsets) in text whose quoted contents are masked, so
 * full stops inside quotes never split the surrounding sentence.
 */
export function sentenceEnds(masked: string): number[] {
  const ends: number[] = []
  const re = /[.!?…]["”’)\]]*(?=\s+(?:["“«]|[(\[]?[\p{Lu}\d]))/gu
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const before = masked.slice(0, m.index)
    const lastWord = /(?<![\p{L}.])([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? ''
    // Initials, alone or run together ("A. Cole", "T.S. Ellis"), do not end a sentence.
    if (ABBREVIATIONS.has(lastWord) || /^(?:\p{L}\.){0,3}\p{L}$/u.test(lastWord)) continue
    ends.push(m.index + m[0].length)
  }
  ends.push(masked.length)
  return ends
}

/** Caches a pure function of one string (compromise look-ups repeat across a story); bounded so a server never grows it without limit. */
export function memoize<T>(fn: (key: string) => T, limit = 5000): (key: string) => T {
  const cache = new Map<string, T>()
  return (key: string): T => {
    const hit = cache.get(key)
    if (hit !== undefined || cache.has(key)) return hit as T
    if (cache.size >= limit) cache.clear()
    const value = fn(key)
    cache.set(key, value)
    return value
  }
}

// UTF-8 punctuation read as Windows-1252 or -1253 ("â€œ", "β€œ" for “): mapped back from its last byte.
// A closing ” (E2 80 9D) often loses its last byte, which Windows-1252 leaves undefined: "â€" before a space or a comma.
const MOJIBAKE = /[âβโ]€(?:([œ\u009d�˜™“”¦])|(?=[\s,.;:!?]|$))/g
const MOJIBAKE_LAST_BYTE: Record<string, string> = { 'œ': '“', '\u009d': '”', '�': '”', '˜': '‘', '™': '’', '“': '–', '”': '—', '¦': '…' }

/** Repairs quotation marks and dashes garbled by a wrong character set ("β€œHe will not…" -> "“He will not…"). */
export function repairMojibake(text: string): string {
  const repaired = text.includes('€') ? text.replace(MOJIBAKE, (_, last: string | undefined) => (last === undefined ? '”' : MOJIBAKE_LAST_BYTE[last] ?? _)) : text
  const thai = THAI.test(repaired) ? repairThaiCodePage(repaired) : repaired
  const latin7 = thai.includes('ā') ? repairLatin7Marks(thai) : thai
  const tex = latin7.includes('``') ? repairTexMarks(latin7) : latin7
  // "He said, \"the new commissioner …\"": a page scraped from a JSON or script string keeps its escaping
  // backslashes; a backslash before a mark is never in a story's text (convention 242).
  return tex.includes('\\') ? tex.replace(/\\(?=["'“”‘’])/g, '') : tex
}

// Old wire copy and TeX typeset quotes as ``…'': two backticks open, two apostrophes close. Only on a page that has the
// backticks, so a lone '' elsewhere keeps its meaning.
function repairTexMarks(text: string): string {
  return text.replace(/``/g, '“').replace(/(?<=\S)''/g, '”')
}

// UTF-8 punctuation read as ISO-8859-13 (Latin-7): the lead byte E2 shows as "ā" and the two bytes after it are control
// characters that get dropped, so “, ”, ‘ and ’ all become "ā". Only on a page where an "ā" closes a sentence
// ("…collateral.ā") and no other letter of a language written with macrons or Baltic letters appears.
const LATIN7_CLOSE = /[.,!?]ā(?:\s|$)/u
const MACRON_LANGUAGE = /[ĀēĒīĪōŌūŪļĻņŅķĶģĢšŠžŽčČ]/u

/**
 * Each `garbled` character as the curly mark its neighbours call for: an apostrophe between
 * letters, an opening mark after a space or bracket, a closing one otherwise.
 */
function restoreMarks(text: string, garbled: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? ''
    if (c !== garbled) {
      out += c
      continue
    }
    const before = text[i - 1] ?? ' '
    const after = text[i + 1] ?? ' '
    out += /\p{L}/u.test(before) && /\p{L}/u.test(after) ? '’' : /[\s(\[:—–-]/u.test(before) && /\S/u.test(after) ? '“' : '”'
  }
  return out
}

function repairLatin7Marks(text: string): string {
  if (!LATIN7_CLOSE.test(text) || MACRON_LANGUAGE.test(text)) return text
  return restoreMarks(text, 'ā')
}

const THAI = /[\u0E01-\u0E5B]/u
const THAI_LETTERS = /[\u0E01-\u0E5B]/gu
// A two-byte UTF-8 letter read as Windows-874: a lead byte C2–DF shows as ย…฿, its continuation A0–BF as NBSP or ก…ฟ.
const THAI_PAIR = /[\u0E22-\u0E3F][\u00A0\u0E01-\u0E1F]/gu

/**
 * UTF-8 read as Windows-874 (Thai): "รญ" for í, "ย" and a no-break space for a no-break space, and "โ" for a
 * curly mark or apostrophe whose two other bytes the code page has no character for, told apart by its neighbours.
 * Only on a page written in a Latin script (a few such letters among many Latin ones), never on Thai text.
 */
function repairThaiCodePage(text: string): string {
  const thai = text.match(THAI_LETTERS)?.length ?? 0
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0
  if (thai > latin) return text
  const byte = (c: string): number => (c === '\u00A0' ? 0xa0 : (c.codePointAt(0) ?? 0) - 0x0e00 + 0xa0)
  const pairs = text.replace(THAI_PAIR, (pair) => Buffer.from([byte(pair[0] ?? ''), byte(pair[1] ?? '')]).toString('utf8'))
  return restoreMarks(pairs, 'โ').replace(/ย(?=\s)/gu, '')
}

/** Where a run of `step` matches, taken greedily one after another from `from`, ends. */
export function runEnd(text: string, from: number, step: RegExp): number {
  let end = from
  for (;;) {
    step.lastIndex = end
    const next = step.exec(text)
    if (!next || step.lastIndex === end) return end
    end = step.lastIndex
  }
}

/**
 * The sentence in progress: what follows the last sentence end ("." "!" or "?", then whitespace),
 * as `text.split(/(?<=[.!?])\s+/).pop()` gives it, without a lookbehind before a repeat.
 */
export function lastSentence(text: string): string {
  let start = 0
  for (const end of text.matchAll(/[.!?]\s+/g)) start = end.index + end[0].length
  return text.slice(start)
}

/**
 * The text read backwards, by code point. A pattern that must end where the text ends is matched
 * on this with `^`, and so is tried once instead of from every position.
 */
export function backwards(text: string): string {
  return [...text].reverse().join('')
}
