// Quote detection and attribution: finds quoted spans, drops the ones that are not
// quotations, and resolves each remaining span to a speaker in the registry.
import nlp from 'compromise'
import type { ParsedQuote } from './types.js'
import { attributionAfter, attributionBefore, type Subject } from './attribution.js'
import { findQuoteSpans, paragraphOf, spanText, type QuoteDocument, type QuoteSpan } from './quote-spans.js'
import { isQuotation } from './quote-filters.js'
import { isNameToken, parseAppositive, parseSpeakerPhrase, type SpeakerRegistry } from './speakers.js'
import { isHonorific, isRoleWord } from './roles.js'
import { escapeRegExp, sentenceEnds, wordCount } from './text.js'

/** A quote before its speaker is known to be final; the registry may still rename people. */
interface Attributed { quote: Omit<ParsedQuote, 'speakerName' | 'position'>; speaker: { name: string }; paragraph: number; sentenceStart: number; close: number }

export function extractQuotes(body: string[], registry: SpeakerRegistry): ParsedQuote[] {
  const doc = findQuoteSpans(body)
  registerMentionedPeople(doc, registry)
  const kept: Attributed[] = []
  doc.spans.forEach((span, index) => {
    // Attribution text starts after the previous kept quote: a dropped scare quote does not split a sentence.
    const previous = kept[kept.length - 1]
    const next = doc.spans[index + 1]
    const [sentenceStart] = sentenceAround(doc, span.open)
    const [, sentenceEnd] = sentenceAround(doc, span.close)
    const left = doc.masked.slice(previous && previous.close >= sentenceStart ? previous.close + 1 : sentenceStart, span.open)
    const right = doc.masked.slice(span.close + 1, next && next.open < sentenceEnd ? next.open : sentenceEnd)
    const raw = spanText(doc, span).replace(/\s+/g, ' ').trim()
    // A trailing comma belongs to the attribution sentence, not the quote; . ? ! stay.
    const text = raw.replace(/,$/, '')
    const after = attributionAfter(right)
    if (!isQuotation({ text: raw, words: wordCount(text), left, right, attributedNextToQuote: after !== null || /:\s*$/.test(left) })) return
    const paragraph = paragraphOf(doc, span.open)
    const subject = after ?? attributionBefore(left)
    const speaker = (subject && resolve(subject, registry, doc, span)) ?? continuation(kept, paragraph, sentenceStart, left)
    if (!speaker) return
    kept.push({ quote: { text, description: null, organization: null, paragraph, context: contextOf(doc, span, sentenceStart, sentenceEnd) }, speaker, paragraph, sentenceStart, close: span.close })
  })
  for (const { speaker } of kept) {
    completeSurname(speaker, doc, registry)
    registry.enrichFromMentions(speaker.name, doc.masked)
  }
  // Names are read at the end: a later full mention may have completed a surname.
  return kept.map(({ quote, speaker }, position) => ({ ...quote, speakerName: speaker.name, position }))
}

/** People compromise finds outside quotes, so pronouns can resolve to them. */
function registerMentionedPeople(doc: QuoteDocument, registry: SpeakerRegistry): void {
  for (const found of nlp(doc.masked).people().out('array') as string[]) {
    const phrase = parseSpeakerPhrase(found.replace(/[^\p{L}\s.'’-]+/gu, ' ').trim())
    // Only the name: compromise's phrase edges are too loose to trust for titles.
    if (phrase) registry.register({ ...phrase, role: null, organization: null }, true)
  }
}

/** "Mensah said" with "Kwame Mensah" earlier in the story: adopt the full name. */
function completeSurname(speaker: { name: string }, doc: QuoteDocument, registry: SpeakerRegistry): void {
  if (speaker.name.includes(' ')) return
  const re = new RegExp(`([\\p{Lu}][\\p{L}'’-]+)\\s+${escapeRegExp(speaker.name)}(?![\\p{L}])`, 'gu')
  for (const m of doc.masked.matchAll(re)) {
    const first = m[1] ?? ''
    if (isNameToken(first) && !isRoleWord(first) && !isHonorific(first) && !/[’']s$/.test(first)) {
      const full = registry.register({ name: `${first} ${speaker.name}`, role: null, organization: null, gender: null })
      if (full !== speaker) Object.assign(speaker, { name: full.name })
      return
    }
  }
}

function resolve(subject: Subject, registry: SpeakerRegistry, doc: QuoteDocument, span: QuoteSpan): { name: string } | undefined {
  if (subject.kind === 'pronoun') {
    if (/^(they|we|i)$/i.test(subject.pronoun)) return undefined
    return registry.lastMentionBefore(doc.masked, span.open, subject.pronoun)
  }
  if (subject.kind === 'descriptor') return registry.resolveDescriptor(subject.text)
  const phrase = parseSpeakerPhrase(subject.phrase)
  if (!phrase) return registry.resolveDescriptor(subject.phrase)
  const appositive = subject.appositive ? parseAppositive(subject.appositive) : { role: null, organization: null }
  return registry.register({
    ...phrase,
    role: phrase.role ?? appositive.role,
    organization: phrase.organization ?? appositive.organization,
  }, phrase.role !== null || phrase.name.includes(' '))
}

/**
 * Unattributed spans continue the previous speaker: the second half of a sentence that
 * already quoted someone, or a quote opening a paragraph right after that speaker's quote.
 */
function continuation(kept: Attributed[], paragraph: number, sentenceStart: number, left: string): { name: string } | undefined {
  const last = kept[kept.length - 1]
  if (!last) return undefined
  if (last.sentenceStart === sentenceStart) return last.speaker
  if (left.trim() === '' && paragraph - last.paragraph <= 1) return last.speaker
  return undefined
}

function sentenceAround(doc: QuoteDocument, offset: number): [number, number] {
  const paragraph = paragraphOf(doc, offset)
  const start = doc.paragraphStarts[paragraph] ?? 0
  const end = doc.paragraphStarts[paragraph + 1] !== undefined ? (doc.paragraphStarts[paragraph + 1] ?? 0) - 2 : doc.text.length
  let sentenceStart = start
  for (const relativeEnd of sentenceEnds(doc.masked.slice(start, end))) {
    const absoluteEnd = start + relativeEnd
    if (offset < absoluteEnd) return [sentenceStart, absoluteEnd]
    sentenceStart = absoluteEnd
  }
  return [sentenceStart, end]
}

/** The sentence with the quote elided, or null when nothing but the quote is there. */
function contextOf(doc: QuoteDocument, span: QuoteSpan, from: number, to: number): string | null {
  const before = doc.text.slice(from, span.open)
  const after = doc.text.slice(Math.min(span.close + 1, to), to)
  const context = `${before}…${after}`.replace(/\s+/g, ' ').trim()
  return /\p{L}/u.test(context) ? context : null
}
