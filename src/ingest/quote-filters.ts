// Quoted spans that are not quotations: scare quotes, titles of works, names, nicknames,
// words mentioned rather than said. A short span counts only when someone is said to have
// used it ("called the plan ‘reckless’") or it is a complete utterance ("“No,” she said").
import nlp from 'compromise'
import { backwards } from './text.js'
import { builtRegExp } from '../lib/built-regex.js'
import { SPEECH_VERB } from './speech-verbs.js'

// A cue that ends the text before a title ("the book", "known simply as", "under the banner", "author of"), read
// backwards from the end (src/ingest/text.ts, backwards) so that it is tried once, not at every word.
const TITLE_CUE_BEFORE_BACKWARDS = /^(?:fo\s+rohtua|eht\s+(?:dednarb|debbud|dellebal|delebal|deman|dellac)|deltit|deltitne|dellac|deman|debbud|demankcin|sa dednarb|sa\s+(?:\w+\s+)?(?:\w+\s+)?(?:\w+\s+)?nwonk|dellac-os|flesti gnillac|(?:mret|esarhp|drow|sdrow|lebal|nagols|ottom|gathsah|enildaeh|rennab|eman|eltit) eht|(?:eltit|rennab|eman) eht rednu|koob|levon|riomem|mlif|eivom|yratnemucod|seires|wohs|mubla|gnos|elgnis|yalp|lacisum|arepo|troper|repap|yduts|yasse|elcitra|nmuloc|de-po|tsacdop|noitibihxe|emmargorp|margorp|ngiapmac|edosipe|meop|gnitniap|emag|eceip|lanruoj|enizagam|repapswen|lessev|pihs|rednal|eborp|revor|emehcs|noitarepo)\b/i
const TITLE_CUE_AFTER = /^\s*(?:,\s*)?(?:(?:a|an|the)\s+(?:term|word|journal|magazine|newspaper|book|novel|film|term)\b|(?:report|book|novel|memoir|film|movie|documentary|series|show|album|song|single|play|musical|podcast|exhibition|programme|program|campaign|initiative|strategy|plan|doctrine|policy|act|bill|law|rule|clause|slogan|motto|label|tour|project|scheme|festival|means|comes from)\b)/i
/** "…the book, " -> "…the book": the spaces and one comma that end the text, cut in code rather than scanned for from each space. */
function withoutTrailingComma(text: string): string {
  const trimmed = text.trimEnd()
  return trimmed.endsWith(',') ? trimmed.slice(0, -1).trimEnd() : trimmed
}

const SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'in', 'on', 'for', 'to', 'with', 'at', 'by', 'from', 'or', 'but', 'is', 'are', 'as', 'vs', 'nor'])
const DETERMINER_BEFORE = /\b(the|a|an|its|their|his|her|our|your|this|that|these|those|no|any)\s*$/i

const PARTICIPLE_BEFORE = /\p{Ll}{2}ing\s*$/u
const SPEECH_PARTICIPLE_BEFORE = builtRegExp('quote-filters SPEECH_PARTICIPLE_BEFORE', `(?<![\\p{L}])${SPEECH_VERB}\\s*$`, 'iu')
const NOUN_AFTER_ARTICLE = /\b(?:the|a|an)\s+\p{Ll}+\s*$/iu
const SAID_THAT = builtRegExp('quote-filters SAID_THAT', `(?<![\\p{L}])${SPEECH_VERB}\\s+that\\s*$`, 'iu')
const CALLED_THE = /\b(?:call|calls|called|calling|dubbed|termed|labelled|labeled|branded|described)\s+the\s*$/i
const CALLED_IT = /\b(?:call|calls|called|calling|described|describes|describing|termed|labelled|labeled|branded)\s+(?:(?:it|this|that|them|him|her)\s+)?an?\s*$/i

export type AttributionKind = 'before' | 'after' | 'passive' | 'label' | 'continuation' | 'none'

export interface SpanJudgement { text: string; words: number; left: string; right: string; attribution: AttributionKind }

/** True when a quoted span is a quotation worth attributing. */
export function isQuotation({ text, words, left, right, attribution }: SpanJudgement): boolean {
  if (attribution === 'none') return false
  // "Blessing Bayo ‘m’ 29yrs" (Nigerian police copy marks sex so), "Plan ‘B’": one letter is a mark, never words said (convention 241).
  if (/^\p{L}\.?$/u.test(text.trim())) return false
  // "said the issues raised in the article "are deeply concerning"": a title opens with a capital, so a span of
  // three or more words opening in lower case after "the article" / "the report" is what was said about it.
  const lowerOpening = words >= 3 && /^\p{Ll}/u.test(text)
  if ((!lowerOpening && TITLE_CUE_BEFORE_BACKWARDS.test(backwards(withoutTrailingComma(left)))) || TITLE_CUE_AFTER.test(right)) return false
  if (isTitleCase(text) || isOwnedTitle(text, left)) return false
  if (words >= 4) return true
  // "go through each of the "targets" in the telescope's field": one word after "the", with no verb of calling
  // before it, is the writer's term.
  if (words === 1 && /\bthe\s*$/i.test(left) && !CALLED_THE.test(left)) return false
  // A continuation must be a whole sentence ("They've stopped listening."), not a stray term.
  if (attribution === 'continuation') return /^\p{Lu}/u.test(text) && /[.!?…]$/.test(text)
  // "the ‘double-engine’ government": a short span used as a modifier of the next noun is a scare quote.
  // …unless someone is said to have called the thing that: "Supporters called it a "common sense" measure".
  // …but "claimed that “complicated football” cost them": after a speech verb "that" opens the reported clause, and the
  // quote is that clause's subject.
  if (DETERMINER_BEFORE.test(left) && modifiesNextNoun(right) && !CALLED_IT.test(left) && !SAID_THAT.test(left)) return false
  // "has been running “harm reduction” programs": the same after a participle, with no determiner before the term.
  if (PARTICIPLE_BEFORE.test(left) && !SPEECH_PARTICIPLE_BEFORE.test(left) && modifiesNextNoun(right)) return false
  // "answered questions on the marketplace “Evolution.”": one capitalised word naming the thing just mentioned.
  if (words === 1 && /^\p{Lu}/u.test(text) && NOUN_AFTER_ARTICLE.test(left)) return false
  if (attribution === 'after') return /[,.!?…]$/.test(text) || /^\s*(?:,\s*)?(?:said|says|added|told)\b/.test(right) || /^\s*,/.test(right)
  return true
}

/** "on CNN’s ‘The Source,’", "on KTV's "Sunday Desk."": a short capitalised name after a broadcaster's or owner's possessive is a programme or a title. */
function isOwnedTitle(text: string, left: string): boolean {
  const before = left.trimEnd()
  if (!/[’']s$/.test(before)) return false
  const owner = before.slice(before.lastIndexOf(' ') + 1)
  if (!/^\p{Lu}/u.test(owner)) return false
  const words = text.replace(/[,.;:]$/, '').split(/\s+/)
  return words.length <= 4 && words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || SMALL_WORDS.has(w.toLowerCase()))
}

function modifiesNextNoun(right: string): boolean {
  const next = /^\s*([\p{L}-]+)/u.exec(right)?.[1]
  if (!next || /^\s*[,.;:!?)]/.test(right)) return false
  // Tagged after an article: alone, "party" reads as a verb.
  const word = nlp(`the ${next}`).terms().eq(1)
  return word.has('#Noun') && !word.has('#Pronoun') && !word.has('#Preposition') && !word.has('#Conjunction') && !word.has('#Verb')
}

/** "The Long Road Home" -- most significant words capitalised and no sentence punctuation; shouting in capitals is not a title. */
export function isTitleCase(raw: string): boolean {
  // American style puts the comma after a title inside its marks: “Starfall Legends,”.
  const text = raw.replace(/[,;:]$/, '')
  // …and its full stop: “The Collapse of the Northern Alliance.” (a debate's or a report's title) — then every word counts.
  if (/[^.!?\p{Lu}]\.$/u.test(text) && !/[.!?]\s/.test(text) && !/["“”‘’]/.test(text.slice(0, -1).replace(/(?<=\p{L})[’']/gu, ''))) return isTitleCase(text.slice(0, -1)) && everyWordCapitalised(text.slice(0, -1))
  if (/[.!?]$/.test(text) || /[.!?]\s/.test(text)) return false
  if (text === text.toUpperCase() && /\p{Lu}{2}/u.test(text) && text.split(/\s+/).length >= 2) return false
  // A lower-case verb marks a sentence, not a title: "Who is Angela Rayner".
  if (/\s(?:is|are|was|were|has|have|had|will|can|do|does|did|should|would|could|must)\s/.test(` ${text} `)) return false
  const words = text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+/u, '').replace(/(^|[\p{L}\p{N}])[^\p{L}\p{N}]+$/u, '$1')).filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()))
  if (words.length < 2) return false
  const capitalised = words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length
  return capitalised / words.length >= 0.8
}

/** Three or more significant words, every one capitalised. */
function everyWordCapitalised (text: string): boolean {
  const words = text.split(/\s+/).filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()))
  return words.length >= 3 && words.every((w) => /^[\p{Lu}\p{N}]/u.test(w))
}
