// Finds the words that say who a quote belongs to, on the masked text around it (quote
// contents hidden): after the quote (`,” he said`, `,” said X`, `,” X told reporters`,
// `… when …, Greer said.`), before it (`X said: “`, `X called the plan ‘…’`, `According to
// him “`, `saying “`), as a label (`Name: “…”`, `Name (on the penalty):`), or in the
// sentence's subject (`Kessler was cautious: “…”`). Returns the subject phrase; what it
// refers to is decided by subjects.ts and the registry.
import nlp from 'compromise'
import { GERUND, SAYING_VERB, SPEECH_VERB, transposedSpeechVerb } from './speech-verbs.js'
import { classifySubject, isPersonName } from './subjects.js'
import { isNameToken, trailingNamePhrase } from './speakers.js'
import { isRoleWord } from './roles.js'
import { backwards, memoize } from './text.js'
import { builtRegExp, upTo } from '../lib/built-regex.js'
import { lastSentence } from './text.js'

export type Subject =
  | { kind: 'pronoun'; pronoun: string }
  | { kind: 'phrase'; phrase: string; appositive: string | null }

const PRONOUN = '(he|she|they|it|we|i)'
// "-ly" adverbs ("later", "quickly"), but not the nouns that end so: "his family said" keeps "family".
const LY_ADVERB = '(?!(?:family|assembly|ally|supply|rally|italy)\\b)\\w+ly'
// At most six in a row ("had also previously said" is three), as nested optional groups: no
// quantifier repeats around the adverb's own.
const ADVERB_WORD = `(?:${LY_ADVERB}|also|later|then|previously|once|had|has|have|was|is|would|will|again|further|then|earlier|simply|just|only)`
const ADVERB = `(?:${ADVERB_WORD}\\s+)`
const ADVERBS = upTo(ADVERB, 6)
// Case-sensitive: "Said" in "Omar Said" is a surname, not the verb.
const VERB_GLOBAL = builtRegExp('attribution VERB_GLOBAL', `(?<![\\p{L}])${SPEECH_VERB}(?![\\p{L}])`, 'gu')
const ACCORDING_TO = /according to\s+/gi
// "Treasurer Cameron Dick earlier today insisted": when it was said sits between the subject and the verb.
// Matched on the text without its trailing spaces; the spaces before it go too (cutTail).
const TIME_TAIL = /\s(?:(?:earlier|later)\s+)?(?:today|yesterday|tonight|this\s+(?:morning|afternoon|evening|week)|last\s+(?:night|week)|on\s+\p{Lu}\p{Ll}+day)$/u
// "SAWS in a statement said", "President X in a BBC interview on April 4 stated": where it was said, with no commas
// around it, between the subject and the verb. At most two words before the noun and four after "on"/"with".
const CIRCUMSTANCE_NOUN = '(?:statement|interview|post|tweet|letter|briefing|conference|message|speech|address|video|broadcast|meeting|release|programme|program|show|rally|session|debate|chat|conversation|discussion)'
const CIRCUMSTANCE_TAIL = builtRegExp('attribution CIRCUMSTANCE_TAIL', String.raw`\s(?:in|during|at|via)\s(?:a|an|the|his|her|their|its)\s${upTo(String.raw`[\p{L}-]+\s`, 2)}${CIRCUMSTANCE_NOUN}(?:\s(?:on|with|to|at|in)\s[\p{L}\p{N}.’'-]+${upTo(String.raw`\s[\p{L}\p{N}.’'-]+`, 3)})?$`, 'u')
// Whose family: 2 to 80 characters that start and end with a non-space, so no space is shared with the `\s+` around it.
const KIN_OF = /^\s*((?:the\s+)?(?:family|families|relatives|friends|parents|children|loved ones)\s+of\s+[^,;\s][^,;]{0,78}?[^,;\s])\s+(?:who|have|has|say|said|says|are|were|paid|released|described)\b/i
const CHARACTERISING_PASSIVE = /\b(?:is|was|were|are|been|being|be|get|got)\s+(?:\w+ly\s+)?(?:accused|described|called|branded|labelled|labeled|criticised|criticized|praised|hailed|dismissed|told|asked|urged|warned)$/
// Comma segments that are circumstance, not a speaker: "in a statement on Sunday", "who voted against", "52".
// Whole words only: "Assistant Garda Commissioner" does not open with "as", nor "Inspector Ann Wu" with "in".
const ADVERBIAL = /^\s*(?:in|on|at|during|after|before|when|while|as|following|later|earlier|today|yesterday|speaking|addressing|asked|who|which|whose|where|from|with|without|by|for|under|since|until|despite|according|meanwhile|however|also|then|\d{1,3})\b/i

const ACRONYM_AFTER = /\s\([\p{Lu}\p{N}&.-]{2,10}\)$/u
// "Sen. Krysten Sinema, D-Ariz., a lead negotiator, said": a US party and state, not a name.
const PARTY_STATE = /^\(?[DRI]-\p{Lu}[\p{L}.]{1,12}\)?$/u

// After a quote: ", when …, Greer said.", "he said", "said Greer", "Greer, the minister, said".
// Matched from the last comma (the match holds no other), so it is tried once, not after every comma.
// The subject starts and ends with a non-space: no space is shared with `\s*` or `\s+` around it.
const LATE_SUBJECT = builtRegExp('attribution LATE_SUBJECT', `^,\\s*([^,\\s](?:[^,]{0,78}?[^,\\s])?)\\s+${ADVERBS}${SAYING_VERB}(?:[^\\p{L},][^,]{0,59})?$`, 'su')
const LATE_SAID = builtRegExp('attribution LATE_SAID', `^,\\s*${SAYING_VERB}\\s+([^,\\s][^,]{0,60})$`, 'su')
const PRONOUN_SAID = builtRegExp('attribution PRONOUN_SAID', `^${PRONOUN}\\s+${ADVERBS}${SAYING_VERB}(?![\\p{L}])`, 'iu')
const SAID_PRONOUN = builtRegExp('attribution SAID_PRONOUN', `^${SAYING_VERB}\\s+(he|she|they)\\b`, 'i')
const SAID_SUBJECT = builtRegExp('attribution SAID_SUBJECT', `^${SAYING_VERB}\\s+(.+)$`, 'su')
const SUBJECT_SAID = builtRegExp('attribution SUBJECT_SAID', `^(.{0,139}?\\S)\\s+${ADVERBS}${SAYING_VERB}(?:[^\\p{L}]|$)`, 'su')
// Before a quote: the adverbs between a subject and its verb ("Sahu later told"), and a pronoun subject.
// On the text without its trailing spaces (cutTail): an adverb counts only when spaces followed it.
const LAST_ADVERB = builtRegExp('attribution LAST_ADVERB', `\\s${ADVERB_WORD}$`, 'u')
const PRONOUN_AT_END = builtRegExp('attribution PRONOUN_AT_END', `(?:^|[^\\p{L}])${PRONOUN}\\s+${ADVERBS}$`, 'iu')

const DOCUMENT = /\b(?:statement|letter|motion|post|tweet|message|note|speech|column|notice|affidavit|submission|petition|reply|response|email|memo|blog|resignation|manifesto)s?\s*$/i

const OWNED_DOCUMENT = /^(?:statement|letter|post|tweet|message|note|speech|reply|response|email|memo|blog)$/i
const OWNERS: Record<string, string> = { his: 'he', her: 'she', its: 'it' }

/** "his statement", "her written reply", "its full statement": the pronoun for the owner of a document, or null. Read word by word. */
function ownedDocument(phrase: string): string | null {
  const words = phrase.trim().split(/\s+/)
  const owner = OWNERS[(words[0] ?? '').toLowerCase()]
  if (!owner || words.length < 2 || words.length > 4 || !OWNED_DOCUMENT.test(words[words.length - 1] ?? '')) return null
  return words.slice(1, -1).every((w) => /^[\p{Ll}-]+$/u.test(w)) ? owner : null
}

/** "according to a police statement": an unsigned document, up to two lower-case words before its noun, or null. */
function unsignedDocument(right: string): string | null {
  const m = /^(?:,\s*)?according to\s+(an?\s[^,.;:!?]{1,40})/i.exec(right)
  const words = (m?.[1] ?? '').trim().split(/\s+/)
  if (words.length < 2 || words.length > 4 || !/^(?:statement|release|report)$/.test(words[words.length - 1] ?? '')) return null
  return words.slice(1, -1).every((w) => /^[\p{Ll}-]+$/u.test(w)) ? words.join(' ') : null
}

export interface Found { subject: Subject; kind: 'after' | 'late' | 'passive' | 'according' }

/** Attribution right after the closing mark, up to the end of the sentence. */
export function attributionAfter(rightWithTags: string): Found | null {
  const right = withoutPartyTags(rightWithTags)
  const r = right.replace(/^[\s,—–-]+/, '')
  const passive = /^by\s+(.+)$/s.exec(r)
  const subject = passive ? forwardSubject(passive[1] ?? '') : adjacentSubject(right)
  if (subject) return { subject, kind: passive ? 'passive' : 'after' }
  // "“…” – Wigan's Roberto Martinez after a 4-0 defeat.": a dash, then a person and no verb (round-ups, quote boxes).
  const dashed = /^\s*[—–-]\s+(\S[^]*)$/.exec(right)
  const dashSubject = dashed ? forwardSubject((dashed[1] ?? '').replace(/[ \t]?\([^()]*\)/g, '')) : null
  if (dashSubject?.kind === 'phrase' && classifySubject(dashSubject.phrase, dashSubject.appositive)?.type === 'person') return { subject: dashSubject, kind: 'after' }
  // "This discovery “does not certify that there was life” on that planet, according to Eigenbrode, but …"
  const according = /,\s*according to\s+([^,;]+)/i.exec(r)
  const accordingSubject = according ? accordingTo(according[1] ?? '') : null
  if (accordingSubject) return { subject: accordingSubject, kind: 'according' }
  // "“…” when the woman and the boy walked out shortly after 4 p.m., Greer said."
  const late = r.includes(',') ? LATE_SUBJECT.exec(r.slice(r.lastIndexOf(','))) : null
  const lateSubject = late ? backwardSubject(late[1] ?? '', true) : null
  if (lateSubject) return { subject: lateSubject, kind: 'late' }
  // "“…” when authorities were battling guerrillas, said Romero.": the same with the verb first.
  const lateInverted = r.includes(',') ? LATE_SAID.exec(r.slice(r.lastIndexOf(','))) : null
  const invertedSubject = lateInverted ? forwardSubject((lateInverted[1] ?? '').trimEnd().replace(/\.$/, '').trimEnd()) : null
  if (invertedSubject?.kind === 'phrase' && ['person', 'role'].includes(classifySubject(invertedSubject.phrase, invertedSubject.appositive)?.type ?? '')) return { subject: invertedSubject, kind: 'late' }
  // "… was “not seaworthy”, according to a police statement.": with no one named, the statement is the source.
  const document = unsignedDocument(r)
  return document ? { subject: { kind: 'phrase', phrase: document, appositive: null }, kind: 'according' } : null
}

// A finite verb that makes the bracket a clause: an auxiliary, a negation, or a verb in -s after a capitalised word.
const ASIDE_CLAUSE = /\b(?:does|do|did|is|was|are|were|has|have|had|will|would|could|can|cannot|not|never)\b|\p{Lu}\p{Ll}+\s+(?:\p{Ll}+ly\s+)?(?:works|runs|owns|lives|supplies|plays|sells|says|said)\b/u

/**
 * "“…” (Dana Reyes before the final)", "“…” (Reyes’s reaction to the try": a quotes round-up names the speaker in
 * brackets after the quote, with no verb (the closing bracket may be lost with the page's end). The person the
 * bracket opens with, or null.
 */
export function bracketedSpeaker(right: string): Subject | null {
  // Cut in code, not by a pattern with spaces on both sides of the bracket's words (no run tried from each space).
  const text = right.trim().replace(/[.,]$/, '').trimEnd()
  if (!text.startsWith('(')) return null
  const inner = text.slice(1, text.endsWith(')') ? -1 : undefined).trim()
  if (inner.length < 3 || inner.length > 200 || /[()]/.test(inner)) return null
  // "Reyes’s reaction to the try", "Gregor Townsend’s on …": the possessor is who spoke.
  const owner = /^([^’',]{2,60}?)[’']s?\s/.exec(inner)?.[1]?.trim() ?? ''
  // "(Besecker does not supply the chain.)": a sentence in brackets is the writer's aside about someone, not a label.
  if (!(owner && isPersonName(owner)) && ASIDE_CLAUSE.test(inner)) return null
  const subject = owner && isPersonName(owner) ? { kind: 'phrase' as const, phrase: owner, appositive: null } : forwardSubject(inner)
  if (subject?.kind !== 'phrase') return null
  // A person with a full name ("Northport coach Rafael Okoro"), not an agency ("(AFP)") or a lone word ("(pictured)").
  const referent = classifySubject(subject.phrase, subject.appositive)
  return referent?.type === 'person' && referent.phrase.name.includes(' ') ? { kind: 'phrase', phrase: subject.phrase.trim(), appositive: subject.appositive } : null
}

const VERDICT_OF = /^(?:was|is)\s+(\p{Lu}[^’'\n]{0,60}?)[’']s?\s+(?:\p{Ll}+\s+)?(?:assessment|verdict|reaction|response|reply|answer|view|message|take|summary|analysis|explanation|warning|advice|conclusion|description|appraisal|prediction)\b/u

function adjacentSubject(right: string): Subject | null {
  if (/^\s*[.!?;]/.test(right) && !/^\s*[!?]\s*\p{Ll}/u.test(right)) return null
  const r = right.replace(/^[\s,—–-]+/, '')
  let m: RegExpExecArray | null
  if ((m = /^according to\s+(.+)$/is.exec(r))) return accordingTo(m[1] ?? '')
  // "“…,” was Rodgers’ assessment.": the possessor of the verdict is who said it.
  if ((m = VERDICT_OF.exec(r)) && classifySubject(m[1] ?? '')?.type === 'person') return { kind: 'phrase', phrase: m[1] ?? '', appositive: null }
  if ((m = PRONOUN_SAID.exec(r))) return { kind: 'pronoun', pronoun: m[1] ?? '' }
  if ((m = SAID_PRONOUN.exec(r))) return { kind: 'pronoun', pronoun: m[1] ?? '' }
  if ((m = SAID_SUBJECT.exec(r))) return forwardSubject(m[1] ?? '')
  if ((m = SUBJECT_SAID.exec(r))) {
    // "“…,” his statement read.": the document's words are its owner's, as before the quote.
    const owner = ownedDocument(m[1] ?? '')
    if (owner) return { kind: 'pronoun', pronoun: owner }
    const subject = backwardSubject(m[1] ?? '', true)
    if (subject) return subject
  }
  return null
}

/** Attribution before the opening mark, in the clause that leads up to it. */
// "Sen. Joe Manchin (D-W.Va.)", "Rep. Ann Lee (R-Texas)": a US party and state after a name, read past.
const PARTY_TAG = /[ \t]\([DRI]-[A-Z][A-Za-z.]{0,8}(?:[ \t][A-Z][A-Za-z.]{0,8})?\)/g

// "County councillor Nigel Quinton (Lib Dem) says", "Cllr Ann Lee (Labour) said:": a party or affiliation of one to
// three capitalised words in brackets after a name, before a verb in lower case. Read bracket by bracket.
const AFFILIATION_WORD = /^\p{Lu}[\p{L}.&-]*$/u

function withoutAffiliationTags(text: string): string {
  let kept = ''
  let from = 0
  for (let open = text.indexOf(' (', from); open >= 0; open = text.indexOf(' (', from)) {
    const close = text.indexOf(')', open)
    if (close < 0) break
    const words = text.slice(open + 2, close).split(/[ \t]/)
    const tag = /\p{L}/u.test(text[open - 1] ?? '') && /^[ \t]\p{Ll}/u.test(text.slice(close + 1, close + 3)) &&
      words.length <= 3 && words.every((w) => AFFILIATION_WORD.test(w))
    kept += text.slice(from, tag ? open : close + 1)
    from = close + 1
  }
  return kept + text.slice(from)
}

function withoutPartyTags(text: string): string {
  const withoutUs = text.includes('-') ? text.replace(PARTY_TAG, '') : text
  return withoutUs.includes(' (') ? withoutAffiliationTags(withoutUs) : withoutUs
}

export function attributionBefore(leftWithTags: string): Subject | null {
  const left = withoutPartyTags(leftWithTags)
  // "Alex Ferguson: (On the penalty appeal) “…”": a label, then what the question was about.
  const label = /^\s*([^:()\s][^:()]{1,59}):\s*\([^)]*\)\s*$/.exec(left)
  if (label) return sentenceSubject(`${label[1] ?? ''}:`)
  const according = lastMatch(ACCORDING_TO, left)
  const verb = lastSpeechVerb(left)
  // "Crescenti stated, according to La Nacion, “…”": the outlet that reported it is not who spoke.
  const citesOutlet = according && verb && /^\s*,\s*$/.test(left.slice(verb.index + verb[0].length, according.index))
  if (according && !citesOutlet && (!verb || according.index > verb.index)) {
    const source = left.slice(according.index + according[0].length)
    // "According to the police, Alai was held for ‘…’": a sentence that opens with its source goes on with its own
    // clause after the last comma, which is no appositive of the source (convention 240).
    const opening = according.index === 0 || /^\s*$/.test(left.slice(0, according.index))
    const comma = opening ? source.lastIndexOf(',') : -1
    return accordingTo(comma > 0 ? source.slice(0, comma) : source)
  }
  // "Ms Kemp is being accused by the Opposition of “…”"
  const passive = passiveAgent(left)
  if (passive) return forwardSubject(passive)
  if (verb) {
    // "Sexton noted how hard it was as Ireland lost to Japan, saying:": the gerund hangs on the sentence's subject.
    if (/ing$/.test(verb[0]) && /,\s*$/.test(left.slice(0, verb.index))) {
      const opening = sentenceSubject(lastSentence(left.slice(0, verb.index)))
      if (opening && (opening.kind === 'pronoun' || classifySubject(opening.phrase, opening.appositive)?.type === 'person')) return opening
    }
    // "The family of former crew member Tomas Fenwick have described him as “…”": the family, not the man named in it.
    const kin = KIN_OF.exec(left)
    if (kin && kin.index + kin[0].length <= verb.index + verb[0].length) return { kind: 'phrase', phrase: kin[1] ?? '', appositive: null }
    // "O'Rourke, who said …", "Sahu later told reporters …": the subject before a relative pronoun and adverbs.
    const before = withoutTrailingAdverb(withoutCircumstance(withoutTimeTail(left.slice(0, verb.index)))).replace(/(?:,|(^|[^\s,]))\s+who\s*$/, '$1 ')
    // "She is being accused of “…”", "The remark was described as “…”": the subject is who it was said about.
    if (CHARACTERISING_PASSIVE.test(`${before}${verb[0]}`)) return null
    const pronoun = PRONOUN_AT_END.exec(before)
    if (pronoun) return { kind: 'pronoun', pronoun: pronoun[1] ?? '' }
    // "His White Paper Motion reads:", "Her statement said": the words are the owner's.
    const owner = /^(his|her)\s+([^,;:\s][^,;:]{0,59})$/i.exec(lastSentence(before).trim())
    if (owner && DOCUMENT.test(owner[2] ?? '')) return { kind: 'pronoun', pronoun: (owner[1] ?? '').toLowerCase() === 'his' ? 'he' : 'she' }
    const subject = backwardSubject(before, false)
    if (subject) return subject
    // "…, Kulkarni announced on Sunday, calling the move “…”": the subject of the clause before the gerund.
    const clauses = before.split(/,\s*/).filter((c) => c.trim() !== '').reverse()
    for (const clause of clauses.slice(0, 2)) {
      const found = sentenceSubject(clause)
      // "…, who has been appointed as coordinator, …": a relative clause's "who" names nobody.
      if (found && (found.kind === 'pronoun' || classifySubject(found.phrase, found.appositive))) return found
    }
    return sentenceSubject(left)
  }
  if (lastMatch(GERUND, left)) return sentenceSubject(left)
  if (/:\s*$/.test(left)) return misspeltVerbBefore(left) ?? sentenceSubject(left)
  return null
}

/** "Leader of the council Paul Clarke adedd: “…": a speech verb with two letters swapped, read as the verb it misspells. */
function misspeltVerbBefore(left: string): Subject | null {
  const m = /(?<![\p{L}])(\p{Ll}{4,12})(\s*:\s*)$/u.exec(left)
  const verb = m ? transposedSpeechVerb(m[1] ?? '') : null
  return m && verb ? attributionBefore(`${left.slice(0, m.index)}${verb}${m[2] ?? ''}`) : null
}

/** "‘PENNY WISE AND POUND FOOLISH’. That was the verdict of Cllr Declan Furlong on the scheme" */
export function verdictAfter(right: string): Subject | null {
  const m = /^[\s.!?]*(?:That|This|Such)\s+(?:was|is)\s+(?:the\s+)?(?:verdict|view|message|reaction|response|assessment|warning|opinion)\s+of\s+(.+)$/su.exec(right)
  return m ? forwardSubject(m[1] ?? '') : null
}

// Two to four capitalised words, the optional ones unrolled (no repeat inside a repeat: regex-rules.test.ts).
const ROUND_UP_WORD = String.raw`\p{Lu}[\p{L}'’.-]*`
const ROUND_UP_NAME = `${ROUND_UP_WORD}[ \t]${ROUND_UP_WORD}(?:[ \t]${ROUND_UP_WORD})?(?:[ \t]${ROUND_UP_WORD})?`
const ROUND_UP_LABEL = builtRegExp('attribution ROUND_UP_LABEL', String.raw`^\s*(?:Quoting[ \t](${ROUND_UP_NAME})(?:[ \t][^:“”"\n]*)?|(${ROUND_UP_NAME})[ \t](?:press conference|news conference|presser|interview)(?:[ \t]\([^)\n]*\))?):\s*$`, 'u')

const DASHED_ON_LABEL = /^\s*[—–]\s*([^\s:“”"][^:“”"\n]{0,58}?)[ \t]on[ \t][^:“”"\n]{2,200}:\s*$/u

/** The subject that opens a sentence: "Kessler was cautious:", "Overall, Oyelaran sounded upbeat:", "Luca Benedetti:". */
// "Participating in the discussion, Gaurav Gogoi, INC, asked …", "Reacting to the decision, the legal team …": a clause
// opened by a gerund and its preposition or article is circumstance, not a name such as "Fleming" (convention 247).
const GERUND_LEAD = /^\s*\p{Lu}\p{Ll}{3,}ing\s+(?:in|on|to|at|with|about|after|during|for|from|over|the|a|an|his|her|their)\s/u

export function sentenceSubject(sentence: string): Subject | null {
  let text = sentence.replace(/^\s*(?:\d+\.\s*)?(?:SOUNDBITE:\s*)?(?:\((?:English|French|Spanish|Arabic|Swahili)\)\s*)?/, '')
  // Leading circumstance: "Overall,", "Apologising on Monday,", "At a review meeting with collectors later in the day,".
  for (;;) {
    const lead = /^\s*([^,\s][^,]{0,79}),\s+/.exec(text)
    if (!lead || !ADVERBIAL.test(lead[1] ?? '') && !isSentenceAdverb(lead[1] ?? '') && !GERUND_LEAD.test(lead[1] ?? '') && !/^\s*\p{Ll}|^\s*(?:Overall|Separately|Meanwhile|However|Later|Earlier|Asked|Speaking|Apologising|Apologizing|Replying|Responding|Lastly|Finally|Firstly|Secondly|Additionally|Similarly|Likewise|Furthermore|Moreover|Besides|Nevertheless|Nonetheless|Still|Again|Instead|Indeed|Notably|Ultimately|Previously|Initially|Subsequently|Afterwards)\b/u.test(lead[1] ?? '')) break
    text = text.slice(lead[0].length)
  }
  // "On Kahmell getting the start:" names a topic; a subject never opens with a preposition.
  if (/^\s*(?:on|about|regarding|re|asked about|concerning|in|at|for|to|from|with|by)\s/i.test(text)) return null
  const kin = possessivePhrase(text)
  if (kin) return { kind: 'phrase', phrase: kin, appositive: null }
  const pronoun = /^\s*(he|she|they|his|her|their)\b/i.exec(text)
  if (pronoun) return { kind: 'pronoun', pronoun: (pronoun[1] ?? '').replace(/^his$/i, 'he').replace(/^her$/i, 'she').replace(/^their$/i, 'they') }
  // "Quoting Mike Gundy following the win over Troy:", "Nick Saban press conference (Video):": a round-up's label names who speaks.
  // "— Hundley on taking over for the injured Rodgers:", "— Jets receiver Jermaine Kearse on the overturned touchdown:": a quotes
  // round-up's dashed item names who speaks, then what about.
  const dashed = DASHED_ON_LABEL.exec(text)
  const dashedSubject = dashed ? forwardSubject(dashed[1] ?? '') : null
  if (dashedSubject?.kind === 'phrase' && classifySubject(dashedSubject.phrase, dashedSubject.appositive)?.type === 'person') return dashedSubject
  const roundUp = ROUND_UP_LABEL.exec(text)
  if (roundUp) return { kind: 'phrase', phrase: roundUp[1] ?? roundUp[2] ?? '', appositive: null }
  // "G:", "Q:": a transcript's one-letter label (resolved against the story's names, src/ingest/resolve.ts).
  const letter = /^\s*(\p{Lu}\.?)\s*:\s*$/u.exec(text)
  if (letter) return { kind: 'phrase', phrase: letter[1] ?? '', appositive: null }
  const label = /^\s*\(?([^():\s][^():]{0,78}?[^():\s])\)?\s*(?:\(([^)]*)\)\s*)?:\s*$/.exec(text)
  if (label && !/\b(?:is|was|are|were|said|says)\b/.test(label[1] ?? '')) {
    const [name = '', appositive = null] = (label[1] ?? '').split(/,\s*/)
    if (classifySubject(name, appositive)) return { kind: 'phrase', phrase: name, appositive }
  }
  // "Coach Mourinho reacts:": a title the tagger reads as a verb, before a capitalised name, is not the verb.
  const verbs = nlp(text).verbs().json({ offset: true }) as Array<{ offset?: { start: number } }>
  const titleFirst = /^\s*\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(text)
  let firstVerb = verbs.find((v) => !(titleFirst && (v.offset?.start ?? 0) === (/^\s*/.exec(text)?.[0].length ?? 0)))
  // "New signs in stores appeared": a plural noun after an opening adjective, tagged as the verb while a later verb follows;
  // the adjective is capitalised only because it opens the sentence, and is no one's name.
  if (firstVerb && isPluralAfterOpeningAdjective(text, firstVerb)) firstVerb = verbs[verbs.indexOf(firstVerb) + 1]
  // "Rangers boss Mark Warburton insisted": a title the tagger reads as a verb, right before a capitalised name, is no verb.
  if (firstVerb && isTitleBeforeName(text, firstVerb)) firstVerb = verbs[verbs.indexOf(firstVerb) + 1]
  const end = firstVerb?.offset?.start ?? -1
  if (end <= 0) return null
  const subject = withoutTrailingAdverbs(text.slice(0, end).trim().replace(/,$/, '').replace(/(?<!\s)\s+(?:who|which|that|whose)\b[^]*$/i, ''))
  if (!subject || subject.split(/\s+/).length > 10) return null
  const [head = '', appositive = null] = subject.split(/,\s*/)
  return { kind: 'phrase', phrase: head, appositive }
}

/** The tagger's first "verb" is a lower-case title ("boss", "chief") with a capitalised name right after it. */
function isTitleBeforeName(text: string, verb: { text?: string, offset?: { start: number } }): boolean {
  const word = verb.text ?? ''
  return /^\p{Ll}+$/u.test(word) && isRoleWord(word) && /^\s+\p{Lu}\p{Ll}/u.test(text.slice((verb.offset?.start ?? 0) + word.length))
}

/** The tagger's first "verb" is the plural noun right after a sentence-opening adjective or determiner ("New signs", "Several charities"). */
function isPluralAfterOpeningAdjective(text: string, verb: { text?: string, offset?: { start: number } }): boolean {
  const opening = /^\s*(\p{Lu}\p{Ll}+)\s+$/u.exec(text.slice(0, verb.offset?.start ?? 0))?.[1]
  if (!opening || !/^\p{Ll}+s\b/u.test(verb.text ?? '')) return false
  const tags = (nlp(opening.toLowerCase()).json() as Array<{ terms?: Array<{ tags?: string[] }> }>)[0]?.terms?.[0]?.tags ?? []
  return tags.includes('Adjective') || tags.includes('Determiner')
}

/**
 * "Incredibly,", "Tragically,": one word in -ly made from an adjective opens the sentence, not its subject.
 * Surnames in -ly ("Donnelly", "Daly", "Connolly") come from no adjective.
 */
const isSentenceAdverb = memoize((word: string): boolean => {
  const lower = word.trim().toLowerCase()
  if (!/^\p{Ll}{4,}ly$/u.test(lower)) return false
  const bases = [lower.replace(/bly$/, 'ble'), lower.replace(/ily$/, 'y'), lower.replace(/ally$/, 'al'), lower.replace(/ally$/, ''), lower.replace(/ly$/, '')]
  return bases.some((base) => base !== lower && nlp(base).has('#Adjective'))
})

/** "his family", "her parents", "their lawyer": people of someone, an unnamed source rather than that someone. */
function possessivePhrase(text: string): string | null {
  // "his loved ones": two words when the first alone names nobody.
  const m = /^\s*((?:his|her|their)\s+\p{Ll}[\p{Ll}-]*)(\s+\p{Ll}[\p{Ll}-]*)?/iu.exec(text)
  for (const phrase of [m?.[1] ?? '', `${m?.[1] ?? ''}${m?.[2] ?? ''}`]) {
    // "His partner Aoife": a name after the noun is who it is.
    if (/^\s*\p{Lu}/u.test(text.trimStart().slice(phrase.length))) continue
    if (phrase && classifySubject(phrase)?.type === 'unnamed') return phrase
  }
  return null
}

/** Subject after the verb or "according to": "Jens Stoltenberg, NATO's secretary general". */
/** "according to an official release" cites where the words were printed; "he said" nearby names who said them. */
function accordingTo(text: string): Subject | null {
  // "according to a press statement signed by Tunde Makinwa, Special Adviser …": the signer.
  const signed = /^\s*an?\s+(?:\p{Ll}+\s+)?(?:statement|release)\s+(?:signed\s+by|issued\s+by|by|from)\s+(?=\p{Lu})/u.exec(text)
  if (signed) return forwardSubject(text.slice(signed[0].length))
  const subject = forwardSubject(text)
  return subject?.kind === 'phrase' && /^an?\s+(?:\p{Ll}+\s+)?(?:statement|release)\b/u.test(subject.phrase.trim()) ? null : subject
}

// One capitalised word, then "of"/"from"/"at" and a capitalised name: "Warbiany of Western Digital".
const SURNAME_OF_EMPLOYER = /^(\p{Lu}[\p{Ll}'’-]+)\s(?:of|from|at)\s\p{Lu}/u
const NOBLE_TITLE = /^(?:Duke|Duchess|Earl|Countess|Prince|Princess|King|Queen|Lord|Lady|Baron|Baroness|Marquess|Viscount|Emir|Sheikh|Sultan|Emperor|Empress|Provost|Archbishop|Dean)$/
function forwardSubject(text: string): Subject | null {
  const kin = possessivePhrase(text)
  if (kin) return { kind: 'phrase', phrase: kin, appositive: null }
  const pronoun = /^\s*(him|her|them|he|she|they)\b/i.exec(text)
  if (pronoun) return { kind: 'pronoun', pronoun: (pronoun[1] ?? '').replace(/^him$/i, 'he').replace(/^her$/i, 'she').replace(/^them$/i, 'they') }
  const [head = '', second = ''] = text.split(/,|\s[—–]\s/)
  const phrase = head
    // Only the text before the first clause word is kept, so "at" may take the words that make it one.
    .split(/\s(?:(?:in\s+(?:a|an|the|his|her)|on|during|after|before|when|while|as|to|who|which|adding|saying|noting|explaining|stressing|insisting|warning|urging|referring|and|but|told|the\s+\p{Ll}+day)\s|at\s+(?:a|an|the|his|her|their|its)\s+\p{Ll})/u)[0]
    // "wrote the Foreign Ministry of Peru this Monday on Twitter": when it was said ends the subject.
    ?.replace(/(?<!\s)\s+(?:(?:on|at|in|this|last)\s+\p{Lu}\p{Ll}+day|(?:this|last)\s+(?:morning|afternoon|evening|night|week)|today|yesterday|tonight)\b[^]*$/u, '')
    .replace(/(^|[^.!?])[.!?]+\s*$/, '$1')
    .trim() ?? ''
  if (!phrase || phrase.split(/\s+/).length > 12) return null
  // "said chief inspector Jane Roe from the county police": a named person, then where they work.
  const cut = [' from the ', ' of the '].map((word) => phrase.indexOf(word)).filter((i) => i > 0).sort((a, b) => a - b)[0] ?? -1
  const person = cut > 0 ? phrase.slice(0, cut) : ''
  if (person && classifySubject(phrase)?.type !== 'person' && classifySubject(person)?.type === 'person' && person.split(' ').filter((w) => /^\p{Lu}/u.test(w)).length >= 2) {
    return { kind: 'phrase', phrase: person, appositive: phrase.slice(cut + 1) }
  }
  // "said Warbiany of Western Digital": a surname (named in full earlier), then the company; not "the Duke of Kent".
  const employer = SURNAME_OF_EMPLOYER.exec(phrase)
  if (employer && !NOBLE_TITLE.test(employer[1] ?? '') && !isRoleWord(employer[1] ?? '') && classifySubject(employer[1] ?? '')?.type === 'person') {
    return { kind: 'phrase', phrase: employer[1] ?? '', appositive: phrase.slice((employer[1] ?? '').length + 1) }
  }
  // "said NASA’s director of planetary science, Paul Mahaffy": the role first, then the name.
  const name = second.replace(/(^|[^.!?])[.!?]+\s*$/, '$1').trim()
  if (name.split(/\s+/).length >= 2 && isPersonName(name) && !isPersonName(phrase)) return { kind: 'phrase', phrase: name, appositive: phrase }
  const appositive = second && !ADVERBIAL.test(second) && !/\b(that|who|which|and|but)\b/.test(second) ? second.replace(/(^|[^.!?])[.!?]+\s*$/, '$1').trim() : null
  return { kind: 'phrase', phrase, appositive }
}

/**
 * Subject before the verb. Walks back over comma segments ("The Commissioner for the Environment,
 * Tunde Bakare, in a statement on Sunday, said"): a name among the last segments wins, else the
 * earliest description ("One parent, a nurse who works shifts, told the board").
 */
function backwardSubject(text: string, wholeStretch: boolean): Subject | null {
  // "The Ghana Weather Service (GWS) said": the acronym in brackets after the name is not part of it.
  const trimmed = text.trimEnd()
  const acronym = ACRONYM_AFTER.exec(trimmed)
  const stretch = acronym ? trimmed.slice(0, acronym.index).trimEnd() : trimmed
  if (!stretch) return null
  // Not split after initials: "Judge T.S. Ellis III said".
  const clause = stretch.split(/(?<!(?:^|[\s(])(?:\p{Lu}\.){0,2}\p{Lu})[.!?;:]\s+/u).pop() ?? stretch
  if (clause.endsWith(',')) {
    const segments = clause.slice(0, -1).split(',').map((s) => s.trim()).filter(Boolean)
    const kept: string[] = []
    let first = segments.length
    for (let i = segments.length - 1; i >= 0 && kept.length < 3; i--) {
      const segment = segments[i] ?? ''
      if (ADVERBIAL.test(segment) || PARTY_STATE.test(segment) || /^\p{Ll}+ing\b|^(?:known|named|nicknamed|dubbed|called|described|seen|pictured|shown|based|aged|born|now|then|formerly)\b/u.test(segment)) continue
      kept.unshift(segment)
      first = i
      if (!/^(?:a|an|the|one|another)\s+\p{Ll}/iu.test(segment) && !/^\p{Ll}/u.test(segment)) break
    }
    if (kept.length === 0) return null
    // "Mari Kadowaki, CEO and President of ProfilGruppen, comments:": a name, then a role with capitals of its own;
    // also after an opening circumstance ("In a press release, Ann Lee, Google's vice president and head of …, said:").
    const earlier = segments[first - 1] ?? ''
    if (first >= 1 && segments.slice(0, first - 1).every((s) => ADVERBIAL.test(s)) && earlier.split(/\s+/).length >= 2 && isPersonName(earlier) && !isPersonName(kept[0] ?? '')) {
      return { kind: 'phrase', phrase: earlier, appositive: kept[0] ?? null }
    }
    const named = kept.find((s) => lastWords(s, 4).split(' ').every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w)) && !/^(?:a|an|the|one|another)\s/i.test(s))
    const head = named ?? kept[0] ?? ''
    const appositive = kept.find((s) => s !== head) ?? null
    const phrase = lastClause(head)
    return classifySubject(phrase, appositive) ? { kind: 'phrase', phrase, appositive } : null
  }
  const lastSegment = clause.split(',').pop() ?? clause
  // "Councillor Mike Rouse, cabinet member for highways, for Worcestershire County Council said": the
  // organisation closes the appositive; the name is before it.
  if (lastSegment !== clause && /^\s*(?:for|of|at|from|with)\s+(?:the\s+)?\p{Lu}/u.test(lastSegment)) {
    const named = backwardSubject(clause.slice(0, clause.length - lastSegment.length), wholeStretch)
    if (named) return named
  }
  // "The Inspector-General, who met Governor Ann Weru said": a relative clause whose closing comma is missing
  // belongs to the subject before it; the names inside it are not the speaker.
  if (lastSegment !== clause && /^\s*(?:who|whose)\s/u.test(lastSegment)) {
    const earlier = (clause.slice(0, clause.length - lastSegment.length - 1).split(',').pop() ?? '').trim()
    if (earlier && !ADVERBIAL.test(earlier) && classifySubject(earlier)) return { kind: 'phrase', phrase: earlier, appositive: null }
  }
  // "Julia Slingo, chief scientist at the Met Office responded:": an appositive whose closing comma is missing.
  // …also when the role opens with its organisation's name: "Jerald G. Fishman, Analog Devices president and chief executive said".
  if (lastSegment !== clause && (/^\s*(?:the\s+)?\p{Ll}/u.test(lastSegment) || (/\s\p{Ll}/u.test(lastSegment) && isRoleWord(lastWords(lastSegment, 1))))) {
    const earlier = (clause.slice(0, clause.length - lastSegment.length - 1).split(',').pop() ?? '').trim()
    // Not when the last segment names someone itself: "Ivo Marsh, manager Tom Reed said" is Reed.
    const own = lastClause(lastSegment)
    const named = own ? classifySubject(own)?.type === 'person' : false
    // "Thanking Ana Reyes, the mayor said": a participle before the name makes it no one's name.
    if (!named && earlier.split(/\s+/).length >= 2 && !/^\p{L}{3,}ing\s/u.test(earlier) && isPersonName(earlier) && !ADVERBIAL.test(earlier)) return { kind: 'phrase', phrase: earlier, appositive: lastSegment.trim() }
  }
  const phrase = lastClause(lastSegment)
  if (wholeStretch && phrase !== clause.trim()) return null
  if (phrase && classifySubject(phrase)) return { kind: 'phrase', phrase, appositive: null }
  // "… has been slammed by local TD Siobhán O'Rourke": the name phrase that ends the clause.
  const named = wholeStretch ? '' : trailingNamePhrase(lastSegment)
  return named && classifySubject(named) ? { kind: 'phrase', phrase: named, appositive: null } : null
}

/** The part of a stretch after its last clause word: "… and CEO Jane Roe" -> "CEO Jane Roe". */
function lastClause(text: string): string {
  const parts = splitClauses(text.trim())
  const last = (parts[parts.length - 1] ?? '').trim()
  // "Harish Rawat while reflecting on the statements made by X said": the subject comes before the participle clause.
  if (parts.length > 1 && /^\p{Ll}+ing\b/u.test(last)) return (parts[parts.length - 2] ?? '').trim()
  // "Minister of Planning and Development Asad Umar": the "and" joined a portfolio; its last word is no first name.
  if (PORTFOLIO_AND_NAME.test(text.trim())) {
    const words = last.split(/\s+/)
    if (words.length >= 3 && words.every((w) => isNameToken(w))) return words.slice(1).join(' ')
  }
  return last
}

// "Ontario Premier and Council Chair Doug Ford", "Chairman and CEO Ann Lee": an "and" after a title in capitals joins two titles, not two clauses.
function splitClauses (text: string): string[] {
  const parts: string[] = []
  let from = 0
  for (const m of text.matchAll(/\s(that|who|which|what|and|but|as|when|while|after|because|so|if|then|where)\s/g)) {
    const before = text.slice(0, m.index).split(/\s+/).pop() ?? ''
    if (m[1] === 'and' && /^\p{Lu}/u.test(before) && isRoleWord(before) && /^\p{Lu}/u.test(text.slice(m.index + m[0].length))) continue
    // "The Acting Minister of Industry and Trade": an "and" that ends a portfolio joins two of its words, not two clauses.
    if (m[1] === 'and' && PORTFOLIO_BEFORE_AND.test(text.slice(0, m.index)) && /^\p{Lu}\p{Ll}+$/u.test(text.slice(m.index + m[0].length))) continue
    parts.push(text.slice(from, m.index))
    from = m.index + m[0].length
  }
  parts.push(text.slice(from))
  return parts
}

// "… Minister of Industry": a title word, "of"/"for", then one or two capitalised words before an "and".
const PORTFOLIO_BEFORE_AND = /\p{Lu}\p{Ll}+\s(?:of|for)\s\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?$/u
// "… Minister of Planning and Development Asad Umar": "of"/"for", a portfolio, "and", then three or four words.
const PORTFOLIO_AND_NAME = /\s(?:of|for)\s\p{Lu}\p{Ll}+\sand\s\S+\s\S+\s\S+(?:\s\S+)?$/u

const TRAILING_ADVERB = /^(?:also|later|then|again|now|today|yesterday|too|alone|himself|herself|themselves|(?!family\b)\w+ly)$/i

/** "Kessler later today" -> "Kessler": the adverbs that end a subject, each after a space (the first word stays). */
function withoutTrailingAdverbs(text: string): string {
  const parts = text.split(/(\s+)/)
  let kept = parts.length
  while (kept >= 3 && TRAILING_ADVERB.test(parts[kept - 1] ?? '')) kept -= 2
  return parts.slice(0, kept).join('')
}

// "… accused by the Opposition of", read backwards: "fo noitisoppO eht yb". Anchored at the end, the
// pattern is tried once; the longest name (up to 60 characters) is the one after the first "by".
// "Described by the state-run WAM news agency as a “…”": an article may follow "as" (convention 243).
const PASSIVE_AGENT_BACKWARDS = /^\s*(?:(?:a|na|eht)\s+)?(?:fo|sa)\s+([\p{L}'’.-](?:[\p{L}'’. -]{0,58}[\p{L}'’.-])?(?:\s+eht)?)\s+yb(?:\W|$)/u

/** "Ms Kemp is being accused by the Opposition of “…”": "the Opposition". */
function passiveAgent(left: string): string | null {
  const found = PASSIVE_AGENT_BACKWARDS.exec(backwards(left))
  return found ? backwards(found[1] ?? '') : null
}

/**
 * `text` without what `tail` (one space, then words up to `$`) finds at its end, and without the
 * spaces before that; null when it finds nothing. The spaces at the very end are left out first,
 * so no pattern scans a run of spaces from each of its positions.
 */
function cutTail(text: string, tail: RegExp): string | null {
  const head = text.trimEnd()
  const found = tail.exec(head)
  return found ? head.slice(0, found.index).trimEnd() : null
}

/** "Treasurer Cameron Dick earlier today " -> "Treasurer Cameron Dick ". */
function withoutTimeTail(text: string): string {
  const cut = cutTail(text, TIME_TAIL)
  return cut === null ? text : `${cut} `
}

/** "SAWS in a statement " -> "SAWS ". */
function withoutCircumstance(text: string): string {
  const cut = cutTail(text, CIRCUMSTANCE_TAIL)
  return cut === null ? text : `${cut} `
}

/** "Sahu later " -> "Sahu ": one adverb before the verb, and the spaces at the end become one. */
function withoutTrailingAdverb(text: string): string {
  const cut = /\s$/.test(text) ? cutTail(text, LAST_ADVERB) : null
  return `${cut ?? text.trimEnd()} `
}

function lastWords(text: string, n: number): string {
  return text.trim().split(/\s+/).slice(-n).join(' ')
}

/**
 * The last speech verb of the text, passing over "continue to", "added to", "said to", which say nothing
 * ("Macron affirmed that France will continue to provide arms and Paris will “…”" is Macron's).
 */
function lastSpeechVerb(text: string): RegExpExecArray | null {
  VERB_GLOBAL.lastIndex = 0
  let last: RegExpExecArray | null = null
  for (let m = VERB_GLOBAL.exec(text); m; m = VERB_GLOBAL.exec(text)) {
    if (/^(?:continu|add|sa[iy])/i.test(m[0]) && /^\s+to\s/.test(text.slice(m.index + m[0].length))) continue
    last = m
  }
  return last
}

function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0
  let last: RegExpExecArray | null = null
  for (let m = re.exec(text); m; m = re.exec(text)) last = m
  return last
}
