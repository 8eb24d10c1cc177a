// Finds who a quote's attribution names: "X said", "said X", "according to X",
// "X said: ...", pronouns and descriptors. Works on the text between the quote and
// its sentence boundaries (or a neighbouring quote); quote contents are masked there.
import { isRoleWord } from './roles.js'
import { isNameToken, trailingNamePhrase } from './speakers.js'

export type Subject =
  | { kind: 'name'; phrase: string; appositive: string | null }
  | { kind: 'pronoun'; pronoun: string }
  | { kind: 'descriptor'; text: string }

const VERBS = 'said|says|say|added|adds|told|tells|stated|states|explained|explains|noted|notes|warned|warns|argued|argues|' +
  'insisted|insists|claimed|claims|wrote|writes|asked|asks|replied|replies|responded|responds|continued|declared|' +
  'announced|acknowledged|admitted|conceded|recalled|urged|stressed|emphasi[sz]ed|cautioned|suggested|predicted|' +
  'complained|remarked|observed|tweeted|commented|concluded|described|promised|vowed|pledged|maintained|countered|' +
  'joked|confirmed|revealed|pointed out|went on|shot back|hit back|fired back|recounted|testified|shouted|whispered|boasted|lamented|conceded|reiterated'
const VERB = `(?:${VERBS})`
const PRONOUN = '(he|she|they|we|i)'
const ADVERBS = '(?:(?:\\w+ly|also|later|then|previously|once|had|has|have|was|is)\\s+)*'
const ACCORDING_TO = /according to\s+/gi
// Case-sensitive: "Said" in "Omar Said" is a surname, not the verb.
const VERB_GLOBAL = new RegExp(`\\b${VERB}\\b`, 'g')
// Words that show a comma segment is a clause, not an appositive title.
const CLAUSE_WORD = /\b(that|who|which|adding|saying|as|when|while|and|but|because|if|after|before|during|in a|on \w+day)\b/i

/** Attribution right after the closing mark: `,” he said` / `,” said X` / `,” X said`. */
export function attributionAfter(right: string): Subject | null {
  if (/^\s*[.!?;]/.test(right)) return null
  const r = right.replace(/^[\s,—–-]+/, '')
  let m: RegExpExecArray | null
  if ((m = /^according to\s+(.+)$/i.exec(r))) return forwardSubject(m[1] ?? '')
  if ((m = new RegExp(`^${PRONOUN}\\s+${ADVERBS}${VERB}\\b`, 'i').exec(r))) return { kind: 'pronoun', pronoun: m[1] ?? '' }
  if ((m = new RegExp(`^${VERB}\\s+${PRONOUN}\\b`, 'i').exec(r))) return { kind: 'pronoun', pronoun: m[1] ?? '' }
  if ((m = new RegExp(`^${VERB}\\s+(.+)$`, 'i').exec(r))) return forwardSubject(m[1] ?? '')
  if ((m = new RegExp(`^(.{1,120}?)\\s+${ADVERBS}${VERB}\\b`, 'i').exec(r))) {
    const subject = backwardSubject(m[1] ?? '')
    // Only accept a subject that covers the whole stretch up to the verb.
    if (subject && (subject.kind !== 'name' || r.startsWith(subject.phrase))) return subject
  }
  return null
}

/** Attribution before the opening mark: `X said “`, `According to him “`, `X put it bluntly: “`. */
export function attributionBefore(left: string): Subject | null {
  const according = lastMatch(ACCORDING_TO, left)
  const verb = lastMatch(VERB_GLOBAL, left)
  if (according && (!verb || according.index > verb.index)) {
    return forwardSubject(left.slice(according.index + according[0].length))
  }
  if (verb) {
    const before = left.slice(0, verb.index)
    const pronoun = new RegExp(`\\b${PRONOUN}\\s+${ADVERBS}$`, 'i').exec(before)
    if (pronoun) return { kind: 'pronoun', pronoun: pronoun[1] ?? '' }
    const subject = backwardSubject(before)
    if (subject) return subject
  }
  if (/:\s*$/.test(left)) return sentenceSubject(left)
  return null
}

/** The subject opening a sentence: "Costa put it bluntly:" / "Her answer was short:". */
function sentenceSubject(left: string): Subject | null {
  const pronoun = /^\s*(he|she|his|her|they|their)\b/i.exec(left)
  if (pronoun) return { kind: 'pronoun', pronoun: (pronoun[1] ?? '').replace(/^his$/i, 'he').replace(/^her$/i, 'she') }
  const lead = /^\s*((?:[\p{Lu}][\p{L}'’.-]*\s+){0,5}[\p{Lu}][\p{L}'’.-]*)/u.exec(left)
  return lead ? { kind: 'name', phrase: lead[1] ?? '', appositive: null } : null
}

/** Subject after the verb or "according to": "Jens Stoltenberg, NATO's secretary general". */
function forwardSubject(text: string): Subject | null {
  const pronoun = /^\s*(him|her|them|he|she)\b/i.exec(text)
  if (pronoun) return { kind: 'pronoun', pronoun: (pronoun[1] ?? '').replace(/^him$/i, 'he').replace(/^her$/i, 'she') }
  const [head = '', second = ''] = text.split(',')
  const phrase = head.split(/\s(?:in|on|at|during|after|before|when|while|as|to|who|which|adding|and|but|from|told|the\s+\p{Ll}+day)\s/u)[0]?.trim() ?? ''
  if (!phrase) return null
  const appositive = second && !CLAUSE_WORD.test(second) ? second.trim() : null
  if (/^(the|a|an)\s/i.test(phrase) || !isNameToken(phrase.split(/\s+/).find((t) => !isRoleWord(t)) ?? '')) {
    return { kind: 'descriptor', text: phrase }
  }
  return { kind: 'name', phrase, appositive }
}

/** Subject before the verb: walk back over name, role and honorific tokens. */
function backwardSubject(text: string): Subject | null {
  let stretch = text.trimEnd()
  let appositive: string | null = null
  if (stretch.endsWith(',')) {
    // "Sarah Lindqvist, chief executive of Nordlys Energy, said"
    const inner = stretch.slice(0, -1)
    const comma = inner.lastIndexOf(',')
    if (comma < 0) return null
    const candidate = inner.slice(comma + 1).trim()
    // A relative clause ("who voted against") says nothing about the title; skip it.
    appositive = CLAUSE_WORD.test(candidate) ? null : candidate
    stretch = inner.slice(0, comma)
  }
  const phrase = trailingNamePhrase(stretch)
  if (phrase && phrase.split(' ').some((t) => isNameToken(t) && !isRoleWord(t))) return { kind: 'name', phrase, appositive }
  const descriptor = /\b(?:the|a|an)\s+([\p{L}\s-]{2,40})$/iu.exec(stretch)
  if (descriptor && isRoleWord(descriptor[1]?.split(/\s+/).pop() ?? '')) return { kind: 'descriptor', text: descriptor[0] }
  return null
}

function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0
  let last: RegExpExecArray | null = null
  for (let m = re.exec(text); m; m = re.exec(text)) last = m
  return last
}
