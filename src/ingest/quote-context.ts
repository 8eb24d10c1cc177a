// Where a quote's attribution is looked for, in order: right after it ("…,” she said"),
// in the clause before it ("He said: “…"), later in its sentence ("“…” when …, Greer said"),
// in an introducing line ("The minister said:" / "SOUNDBITE: Name, role:"), in a heading
// that names the speaker ("Priya Anand (Saltash Athletic)"), or in the subject of an
// earlier sentence of the same paragraph ("Kessler was cautious. “…”").
import { attributionAfter, attributionBefore, bracketedSpeaker, sentenceSubject, verdictAfter, type Subject } from './attribution.js'
import type { AttributionKind } from './quote-filters.js'
import type { QuoteDocument, QuoteSpan } from './quote-spans.js'
import { classifySubject, isPersonName } from './subjects.js'
import nlp from 'compromise'
import { isRoleWord } from './roles.js'
import { lastSentence } from './text.js'

const REPORTING = /\b(?:said|says|told|tells|added|adds|stated|states|explained|explains|disclosed|noted|notes|insisted|insists|warned|warns)\b/
const SUBJECTLESS_INTRO = /^(?:speaking|talking|addressing|replying|responding)\s/i
const CALLING_OPENER = /^\s*(?:Describing|Calling|Terming|Labelling|Labeling|Branding|Dubbing)\s[^.!?]*$/
const INTRO_COMMA = /\b(?:reads|read|said|says|stated|states|added|adds|wrote|writes|declared|noted)\s*,$/

/** `line`: the paragraph of an introducing line ("On this, he stated:") when it is not the quote's own. */
export interface Attribution { subject: Subject; kind: AttributionKind; personOnly?: boolean; line?: number }
interface Around { left: string; right: string; paragraph: number; sentenceStart: number; previousInParagraph: boolean }

export function findAttribution(doc: QuoteDocument, span: QuoteSpan, around: Around): Attribution[] {
  const { left, right, paragraph, sentenceStart } = around
  const found: Attribution[] = []
  const after = attributionAfter(right)
  if (after?.kind === 'after') found.push({ subject: after.subject, kind: 'after' })
  const before = attributionBefore(left)
  if (before) found.push({ subject: before, kind: /\bby\s/.test(left) && !/\b(said|says|told)\b/.test(left) ? 'passive' : 'before' })
  // "are experiencing “severe deficiencies” in rainfall, according to the Bureau": a named source, like "by X", vouches for a partial quote.
  if (after && after.kind !== 'after') found.push({ subject: after.subject, kind: after.kind === 'passive' || after.kind === 'according' ? 'passive' : 'after' })
  // "Describing the verdict as a ‘breakthrough’ in the fight, Alam said, “…”": an opening clause of calling hangs on
  // the subject of the main clause after its comma (convention 243).
  if (found.length === 0 && CALLING_OPENER.test(left)) {
    const main = attributionAfter(`, ${right.replace(/^[^,]*,\s*/, '')}`)
    if (main?.kind === 'after') found.push({ subject: main.subject, kind: 'before' })
  }
  const verdict = verdictAfter(doc.masked.slice(span.close + 1, span.close + 200))
  if (verdict) found.push({ subject: verdict, kind: 'passive' })
  // "“…” (Dana Reyes before the final)": the bracket closing the paragraph after the quote names who spoke.
  const rest = paragraphText(doc, paragraph).slice(span.close + 1 - (doc.paragraphStarts[paragraph] ?? 0))
  const bracketed = /^\s*\(/.test(rest) ? bracketedSpeaker(rest) : null
  if (bracketed) found.unshift({ subject: bracketed, kind: 'after' })
  if (left.trim() !== '') return found
  const paragraphStart = doc.paragraphStarts[paragraph] ?? 0
  const atParagraphStart = doc.masked.slice(paragraphStart, span.open).trim() === ''
  if (atParagraphStart && paragraph > 0) {
    // Lines before the quote, skipping topic labels of Q&A write-ups ("On the defense:", "Opening statement").
    for (let k = paragraph - 1; k >= Math.max(0, paragraph - 3); k--) {
      const line = paragraphText(doc, k)
      // "The minister said:" / "2. SOUNDBITE: (English) Name, Finance Minister:" on the line before.
      // "The statement from the police spokesperson reads," ends with a comma instead.
      const read = nameAfterTitle(/:\s*$/.test(line) || INTRO_COMMA.test(line) ? attributionBefore(lastSentence(line)) : null)
      // "Pitch:" over an answer about the pitch: a common noun the story also writes in lower case is a topic, not a speaker.
      // "Speaking during a post-match presser:" has no subject: the answers go on being the last speaker's.
      const intro = read?.kind === 'phrase' && (isCommonNounLabel(read.phrase, doc.text) || SUBJECTLESS_INTRO.test(read.phrase)) ? null : read
      if (intro) found.push({ subject: intro, kind: 'label', line: k })
      // "It was a game that meant nothing for either side, but …:" names nobody: the speaker is the person the
      // paragraph before it is about ("West Brom manager Tony Pulis analysed the victory …").
      if (intro?.kind === 'phrase' && !classifySubject(intro.phrase, intro.appositive) && k > 0) {
        const earlier = paragraphText(doc, k - 1)
        const about = /[“”"‘’]/.test(earlier) ? null : sentenceSubject(lastSentence(earlier))
        if (about) found.push({ subject: about, kind: 'label', personOnly: true, line: k })
      }
      // "Priya Anand (Saltash Athletic)", "HEAD COACH Tom Penders".
      const heading = headingSpeaker(line)
      if (heading) found.push({ subject: heading, kind: 'label' })
      if (intro || heading || !isTopicLabel(line)) break
    }
    const previous = paragraphText(doc, paragraph - 1)
    // "Hundeyin said that the division arrested the suspects." then “The suspects were arrested …” with no attribution.
    if (!/[“”"‘’]/.test(previous) && !/:\s*$/.test(previous)) {
      const last = lastSentence(previous)
      // The subject of the sentence's first reporting verb: "X in a BBC interview stated that …, noting that …".
      const first = REPORTING.exec(last)
      const reported = (first ? attributionBefore(`${last.slice(0, first.index + first[0].length)} `) : null) ?? attributionBefore(`${last.replace(/(^|[^.!?])[.!?]+$/, '$1')} `)
      if (reported && REPORTING.test(previous)) found.push({ subject: reported, kind: 'continuation' })
      // "Moyes could not fault his players at the final whistle." then “The team did brilliantly.”
      // "Struijk, he is unavailable then?": a reporter's question names whom it asks about, not who answers.
      const subject = isTopicLabel(previous) || /\?\s*$/.test(last) ? null : sentenceSubject(last)
      if (subject) found.push({ subject, kind: 'continuation', personOnly: true })
    }
  }
  if (!atParagraphStart && !around.previousInParagraph) {
    // The sentence before, in the same paragraph: "Resale is banned, Quinn added. “…”",
    // "Carvalho said the seamounts were rich. “…”", "Zoology student Maya Pendelton was excited. “…”".
    const earlier = doc.masked.slice(paragraphStart, sentenceStart).trim()
    const sentence = lastSentence(earlier)
    const late = attributionAfter(`, ${sentence.replace(/^[^,]*,\s*/, '')}`)
    const subject = (late?.kind === 'late' || late?.kind === 'according' ? late.subject : null) ?? attributionBefore(sentence.replace(/(^|[^.!?])[.!?]+$/, '$1 ')) ?? sentenceSubject(sentence)
    if (subject) found.push({ subject, kind: 'continuation' })
  }
  return found
}

/**
 * One capitalised word that the text also uses in lower case ("Pitch:" over an answer about "the pitch", "Toss:"), and never
 * as a surname after a first name ("Bill Gore" makes "Gore:" a speaker's label).
 */
function isCommonNounLabel(phrase: string, text: string): boolean {
  if (!/^\p{Lu}\p{Ll}+$/u.test(phrase)) return false
  if (!new RegExp(`(?<!\\p{L})${phrase.toLowerCase()}(?!\\p{L})`, 'u').test(text)) return false
  if (new RegExp(`\\p{Lu}[\\p{L}'’.-]*\\s+${phrase}(?!\\p{L})`, 'u').test(text)) return false
  return !nlp(phrase).has('(#Person|#Place|#Organization)')
}

/** "Pakistan captain, Shan Masood speaking during the presentation:": the name after the title is the subject. */
function nameAfterTitle(subject: Subject | null): Subject | null {
  if (subject?.kind !== 'phrase' || !subject.appositive) return subject
  const title = classifySubject(subject.phrase)?.type === 'role' || isRoleWord(subject.phrase.split(/\s+/).pop() ?? '')
  if (!title || classifySubject(subject.appositive)?.type !== 'person') return subject
  return { kind: 'phrase', phrase: subject.appositive, appositive: subject.phrase.replace(/^the\s+/i, '') }
}

function paragraphText(doc: QuoteDocument, paragraph: number): string {
  const start = doc.paragraphStarts[paragraph] ?? 0
  const end = doc.paragraphStarts[paragraph + 1] !== undefined ? (doc.paragraphStarts[paragraph + 1] ?? 0) - 2 : doc.masked.length
  return doc.masked.slice(start, end).trim()
}

/** A short line naming the topic of the answers that follow: "On the zone defense", "Opening statement:". */
export function isTopicLabel(line: string): boolean {
  // Up to 14 words: a photo caption or crosshead between two answers ("The Blues kept a 17th clean sheet of the league campaign").
  return line.split(/\s+/).length <= 14 && !/[.!?"“”‘’]$/.test(line) && !/[“”"]/.test(line)
}

/** A heading line that is a name, maybe with a club or role: "Priya Anand (Saltash Athletic)". */
function headingSpeaker(line: string): Subject | null {
  if (/[.!?:;,"“”]$/.test(line) || /\d/.test(line)) return null
  // A name of 3 to 60 characters (spaces after it count towards the 3), then maybe "(club)" ending the line.
  const open = line.indexOf('(')
  const head = open < 0 ? line : line.slice(0, open)
  const club = open < 0 ? null : /^\(([^)]{2,60})\)$/.exec(line.slice(open))
  if (open >= 0 && !club) return null
  if (head.includes(')') || head.length < 3 || head.trimEnd().length > 60) return null
  const name = head.trim()
  if (!isPersonName(name) || name.split(/\s+/).length < 2) return null
  return { kind: 'phrase', phrase: name, appositive: club?.[1] ?? null }
}
