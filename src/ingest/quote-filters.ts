// Quoted spans that are not quotations: scare quotes, titles of works, terms.

const TITLE_CUE_BEFORE = /\b(titled|entitled|called|named|dubbed|nicknamed|branded|known as|so-called|the (?:term|phrase|word|label|slogan|motto|hashtag|headline)|book|novel|memoir|film|movie|documentary|series|show|album|song|single|play|musical|opera|report|paper|study|essay|article|column|op-ed|podcast|exhibition|programme|program|campaign|episode|poem|painting|game)\s*,?\s*$/i
const TITLE_CUE_AFTER = /^\s*,?\s*(report|book|novel|memoir|film|movie|documentary|series|show|album|song|single|play|musical|podcast|exhibition|programme|program|campaign|initiative|strategy|plan|doctrine|policy|act|bill|law|rule|clause|slogan|motto|label|tour|project|scheme|festival)\b/i
const SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'in', 'on', 'for', 'to', 'with', 'at', 'by', 'from', 'or', 'but', 'is', 'are', 'as', 'vs', 'nor'])

export interface SpanJudgement { text: string; words: number; left: string; right: string; attributedNextToQuote: boolean }

/** True when a quoted span is a quotation worth attributing. */
export function isQuotation({ text, words, left, right, attributedNextToQuote }: SpanJudgement): boolean {
  if (TITLE_CUE_BEFORE.test(left) || TITLE_CUE_AFTER.test(right)) return false
  if (isTitleCase(text)) return false
  // Scare quotes and terms: short spans count only as a complete, attributed utterance ("No," she said).
  if (words < 4) return /^[\p{Lu}"“]/u.test(text) && /[,.!?…]$/.test(text) && attributedNextToQuote
  return true
}

/** "The Long Road Home" -- most significant words capitalised and no sentence punctuation. */
export function isTitleCase(text: string): boolean {
  if (/[.!?,;:]$/.test(text) || /[.!?]\s/.test(text)) return false
  const words = text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()))
  if (words.length < 2) return false
  const capitalised = words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length
  return capitalised / words.length >= 0.8
}
