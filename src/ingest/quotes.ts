// Quote detection and attribution: finds quoted spans, drops the ones that are not
// quotations, and gives each remaining span a speaker: a person, an organisation, or an
// unnamed source with its description.
import type { ParsedQuote, ParsedSpeaker } from './types.js'
import { PARAGRAPH_SEPARATOR, findQuoteSpans, paragraphOf, spanText, type QuoteDocument, type QuoteSpan } from './quote-spans.js'
import { isQuotation, type AttributionKind } from './quote-filters.js'
import { findAttribution, isTopicLabel, type Attribution } from './quote-context.js'
import { registerMentions } from './mentions.js'
import { resolveSubject } from './resolve.js'
import { attributionBefore, sentenceSubject, type Subject } from './attribution.js'
import { classifySubject, looksLikeOrganization } from './subjects.js'
import type { Entity, SpeakerRegistry } from './registry.js'
import { isNameToken } from './speakers.js'
import { isHonorific, isRoleWord } from './roles.js'
import { headingLabel } from './heading-labels.js'
import { unnamedAntecedent } from './unnamed-antecedent.js'
import { afterFirstSentence, escapeRegExp, lastSentence, normalizeForMatch, sentenceEnds, wordCount } from './text.js'
import { builtRegExp, literalTemplate } from '../lib/built-regex.js'
import { SAYING_VERB } from './speech-verbs.js'

/** A kept quote; the speaker entity may still be renamed ("Mensah" -> "Kwame Mensah") before output. */
interface Kept { text: string; paragraph: number; context: string | null; speaker: Entity; sentenceStart: number; close: number }

export interface ExtractedQuotes { quotes: ParsedQuote[]; speakers: ParsedSpeaker[] }

export function extractQuotes(body: string[], registry: SpeakerRegistry, title = '', section: string | null = null): ExtractedQuotes {
  const host = pressConferenceHost(title) ?? headerSpeaker(section) ?? headerSpeaker(title)
  // A nickname is blanked for finding quotes and names only: a quote keeps its words as printed (offsets are kept).
  const doc = { ...findQuoteSpans(body.map(withoutNicknames)), text: body.join(PARAGRAPH_SEPARATOR) }
  registerMentions(doc.masked, registry)
  const kept: Kept[] = []
  // Short spans no attribution reached yet, in the current sentence (a later "…,” X said" may claim them).
  const unattributed: Array<{ raw: string; text: string; paragraph: number; sentenceStart: number; sentenceEnd: number; left: string; right: string; span: QuoteSpan }> = []
  doc.spans.forEach((span, index) => {
    const previous = kept[kept.length - 1]
    const next = doc.spans[index + 1]
    const [sentenceStart] = sentenceAround(doc, span.open)
    const [, sentenceEnd] = sentenceAround(doc, span.close)
    // Attribution text starts after the previous kept quote: a dropped scare quote does not split a sentence.
    const left = doc.masked.slice(previous && previous.close >= sentenceStart ? previous.close + 1 : sentenceStart, Math.max(span.open, sentenceStart))
    const right = doc.masked.slice(span.close + 1, next && next.open < sentenceEnd ? next.open : sentenceEnd)
    const raw = spanText(doc, span).replace(/\s+/g, ' ').trim()
    // A trailing comma belongs to the attribution sentence, not the quote; . ? ! stay.
    const text = raw.replace(/,$/, '').trim()
    if (!text) return
    const paragraph = paragraphOf(doc, span.open)
    // A heading in the story ("‘You need to hear us’, Premier warned") repeats a quote rather than reporting it.
    // …but a page cut off inside its last quote ends with an open quote and no stop, like a heading: it is a quote.
    const cutOff = !span.closed && paragraph === body.length - 1
    if (isHeading(body[paragraph] ?? '') && !cutOff) return
    const previousInParagraph = previous !== undefined && previous.paragraph === paragraph
    let speaker: Entity | undefined
    let kind: AttributionKind = 'none'
    const attributions = findAttribution(doc, span, { left, right, paragraph, sentenceStart, previousInParagraph })
    for (const found of attributions) {
      speaker = subjectOfOwnSentence(doc, found.subject, left, sentenceStart, registry) ?? subjectBeforePronoun(doc, found.subject, paragraph, sentenceStart, registry) ?? subjectOfParagraphBefore(doc, found, paragraph, sentenceStart, registry) ??
        (found.subject.kind === 'pronoun' ? unnamedAntecedent(doc, [found], paragraph, sentenceStart, registry, true) ?? unnamedAntecedent(doc, [found], paragraph, sentenceStart, registry, false, true) : undefined) ??
        statementOfUnnamed(found.subject, previous, registry) ??
        resolveSubject(found.subject, registry, doc.masked, span.open)
      if (speaker && found.personOnly && speaker.kind !== 'person') speaker = undefined
      // "“I'm very happy with Michael Noonan …,” he said": a "he" does not mean the man the quote names.
      if (speaker && found.subject.kind === 'pronoun' && namedIn(speaker, spanText(doc, span))) {
        speaker = registry.lastMentionBefore(doc.masked, span.open, found.subject.pronoun, speaker) ?? speaker
      }
      if (speaker) {
        kind = found.kind
        break
      }
    }
    if (!speaker) {
      speaker = pronounOfParagraphBefore(doc, attributions, paragraph, sentenceStart, registry) ??
        unnamedAntecedent(doc, attributions, paragraph, sentenceStart, registry) ??
        groupOfParagraphBefore(doc, attributions, paragraph, registry)
      if (speaker) kind = attributions.find((a) => a.subject.kind === 'pronoun')?.kind ?? 'before'
    }
    // A heading in capitals names who speaks in the quotes under it (a colon closing it is no attribution of its own).
    const headingLine = isWholeParagraph(body[paragraph] ?? '') ? headingLineAbove(body, paragraph) : -1
    const heading = headingLine >= 0 ? headingLabel(body[headingLine]) : null
    // A title-case caption line right above ("Allen Whylie - Commissioner of Police") wins over an introduction further up.
    if (heading && (!speaker || /:\s*$/.test(body[headingLine] ?? '') || /\p{Ll}/u.test(body[headingLine] ?? ''))) {
      speaker = registry.register({ ...heading, gender: null }, true)
      // The tagger may have met the name in capitals first: the story's spelling is the heading's, cased.
      if (speaker.name === speaker.name.toUpperCase()) speaker.name = heading.name
      kind = 'before'
    }
    if (!speaker && isWholeParagraph(body[paragraph] ?? '')) {
      // A label before the quote is the quote's unless a quote sits right above it (then the label closes that one).
      speaker = labelledSpeaker(body[paragraph + 1], registry) ??
        (isWholeParagraph(body[paragraph - 2] ?? '') ? undefined : labelledSpeaker(body[paragraph - 1], registry))
      if (speaker) kind = 'before'
    }
    if (!speaker && previous && (continues(doc, previous, span, paragraph, sentenceStart, left) ||
      continuesAfterNarrative(doc, previous, span, paragraph, left, registry))) {
      speaker = previous.speaker
      kind = previous.sentenceStart === sentenceStart ? 'before' : 'continuation'
    }
    // "“…,” said X, a buyer. The price is “as low as I’ve ever seen.”": a first-person partial later in the paragraph is
    // the paragraph's speaker's, when no one else is named between the two.
    if (!speaker && previous && firstPersonInParagraph(doc, previous, span, paragraph, text, registry)) {
      speaker = previous.speaker
      kind = 'continuation'
    }
    // A page cut off inside its last quote, or a quote over several paragraphs: each would have been a whole quote paragraph.
    if (!speaker && left.trim() === '' && (isWholeParagraph(body[paragraph] ?? '') || ((cutOff || /^[\s.]*$/.test(right)) && /^[“"‘]/.test(body[paragraph] ?? '')))) {
      speaker = personOfParagraphBefore(doc, paragraph, registry)
      if (speaker) kind = 'continuation'
    }
    // "Marcelo Bielsa press conference LIVE": in a transcript of questions and answers the answers no one else
    // is given are the person the headline says holds the press conference.
    if (!speaker && host && left.trim() === '' && doc.masked.slice(doc.paragraphStarts[paragraph] ?? 0, span.open).trim() === '') {
      speaker = registry.register({ name: host, role: null, organization: null, gender: null }, true)
      kind = 'before'
    }
    if (!speaker) {
      if (span.closed && wordCount(text) <= 6) unattributed.push({ raw, text, paragraph, sentenceStart, sentenceEnd, left, right, span })
      return
    }
    if (!isQuotation({ text: raw, words: wordCount(text), left, right, attribution: kind })) return
    // "There is “enthusiasm” and “happiness” with regard to “what is happening,” Ruiz said.": the short quotes
    // before the one the sentence's attribution follows are the same speaker's.
    if (kind === 'after') {
      for (const earlier of unattributed.filter((u) => u.sentenceStart === sentenceStart && u.paragraph === paragraph)) {
        if (!isQuotation({ text: earlier.raw, words: wordCount(earlier.text), left: earlier.left, right: earlier.right, attribution: 'before' })) continue
        speaker.positions.push(earlier.span.close)
        kept.push({ text: earlier.text, paragraph, context: contextOf(doc, earlier.span, sentenceStart, earlier.sentenceEnd), speaker, sentenceStart, close: earlier.span.close })
      }
    }
    unattributed.length = 0
    speaker.positions.push(span.close)
    kept.push({ text, paragraph, context: contextOf(doc, span, sentenceStart, sentenceEnd), speaker, sentenceStart, close: span.close })
  })
  dropPullQuotes(kept, body)
  dropRepeatedQuotes(kept)
  for (const { speaker } of kept) {
    if (speaker.kind !== 'person') continue
    completeSurname(speaker, doc, registry)
    registry.enrichFromMentions(speaker.name, doc.masked)
    // "Joe Whitt Jr.": the stop of a generational suffix is part of the name as printed, not a sentence end.
    if (/\s(?:Jr|Sr)$/.test(speaker.name) && doc.text.includes(`${speaker.name}.`)) speaker.name = `${speaker.name}.`
  }
  // Names are read at the end: a later full mention may have completed a surname.
  const quotes = kept.map(({ text, paragraph, context, speaker }, position): ParsedQuote => ({
    text,
    speakerName: speaker.kind === 'unnamed' ? null : speaker.name,
    description: speaker.kind === 'unnamed' ? speaker.name : null,
    organization: speaker.kind === 'unnamed' ? speaker.organization : null,
    position,
    paragraph,
    context,
  }))
  const speakers: ParsedSpeaker[] = []
  for (const { speaker } of kept) {
    if (speaker.kind === 'unnamed' || speakers.some((s) => s.name === speaker.name)) continue
    speakers.push({ name: speaker.name, kind: speaker.kind, role: speaker.role, organization: speaker.organization })
  }
  return { quotes, speakers }
}

/**
 * An unattributed span continues the previous speaker: the rest of a sentence that already
 * quoted someone, or a quote that opens a paragraph (or a sentence) right after that speaker's quote.
 */
function continues(doc: QuoteDocument, previous: Kept, span: QuoteSpan, paragraph: number, sentenceStart: number, left: string): boolean {
  if (previous.sentenceStart === sentenceStart) return true
  // "“…,” Becker said in a note. After the call, “…”": a short time phrase before a quote in the same
  // paragraph names nobody new, so the quote is still the last speaker's.
  const leadIn = paragraphOf(doc, previous.close) === paragraph && TIME_LEAD_IN.test(left.trim().replace(/\s+/g, ' '))
  if (left.trim() !== '' && !leadIn) return false
  const between = doc.masked.slice(previous.close + 1, span.open)
  // "“…,” an elated Kohli said." ⏎ "India … bounced back against Joe Root’s side and Kohli was all praise." ⏎ "“…”":
  // one paragraph that quotes nobody and names the speaker last does not end the speaker's run.
  const previousParagraph = paragraphOf(doc, previous.close)
  if (paragraph - previousParagraph === 2 && namesLast(paragraphText(doc, previousParagraph + 1), previous.speaker)) return true
  // Nobody else may be named in between ("“…,” she said. Mr Gallagher said he had tried. “…”").
  if (namesSpeaker(afterFirstSentence(between))) return false
  // Topic labels between two answers of one speaker ("On the offense:") do not break the run.
  const previousEnd = paragraphOf(doc, previous.close)
  for (let k = previousEnd + 1; k < paragraph; k++) {
    // A vox pop's label line closes the answer above it: the next answer is someone else's.
    const line = doc.masked.slice(doc.paragraphStarts[k] ?? 0, (doc.paragraphStarts[k + 1] ?? doc.masked.length + 2) - 2)
    if (speakerLabel(line) || headingLabel(line)) return false
    if (!isAnswerTopic(line.trim())) return false
  }
  return paragraph - previousEnd <= 3
}

const FIRST_PERSON = /(?<![\p{L}’'])(?:I|I[’']\p{Ll}{1,2}|me|my|we|we[’']\p{Ll}{1,2}|us|our)(?![\p{L}’'])/u

function firstPersonInParagraph(doc: QuoteDocument, previous: Kept, span: QuoteSpan, paragraph: number, text: string, registry: SpeakerRegistry): boolean {
  if (previous.paragraph !== paragraph || previous.speaker.kind !== 'person' || !FIRST_PERSON.test(text)) return false
  const between = doc.masked.slice(previous.close + 1, span.open)
  // The attribution of the quote before ("said X, …") is allowed; a person named after it, or a pronoun said to speak, is not.
  if (namesSpeaker(afterFirstSentence(between)) || /\b(?:he|she|they)\s+(?:said|says|added|told)\b/i.test(between)) return false
  const [, attributionEnd] = sentenceAround(doc, previous.close)
  return registry.entities.every((e) => e === previous.speaker || e.kind !== 'person' || registry.lastPosition(e, doc.masked, span.open) < attributionEnd)
}

/**
 * "“…,” he said." ⏎ "The province has identified the clusters …" ⏎ "“We await further reports …": a quote paragraph
 * with no attribution after one or two paragraphs of narrative that name no other person and quote nothing is
 * still the last speaker's (a story quoting one official between its own lines of fact).
 */
function continuesAfterNarrative(doc: QuoteDocument, previous: Kept, span: QuoteSpan, paragraph: number, left: string, registry: SpeakerRegistry): boolean {
  if (left.trim() !== '' || previous.speaker.kind !== 'person') return false
  const previousEnd = paragraphOf(doc, previous.close)
  if (paragraph - previousEnd < 2 || paragraph - previousEnd > 3) return false
  const between = doc.text.slice(doc.paragraphStarts[previousEnd + 1] ?? 0, span.open)
  if (hasQuoteMark(between) || !/[.!]\s*$/.test(between.trimEnd())) return false
  // Someone else named in between (a person, or anyone said to speak) may be whose the quote is.
  if (namesSpeaker(between) || /\b(?:he|she|they)\s+(?:said|says|added|told)\b/i.test(between)) return false
  return registry.entities.every((e) => e === previous.speaker || e.kind !== 'person' ||
    registry.lastPosition(e, doc.masked, span.open) < (doc.paragraphStarts[previousEnd + 1] ?? 0))
}

const PRONOUN_ASIDE = /,\s*(?:he|she)\s+(?:said|says|added|noted)\s*,\s*$/i

/**
 * "In his speech, Mr. Verma praised … the budget which, he said, “…”": a "he said" set off by commas inside the
 * quote's own sentence stands for that sentence's subject, not the last person it names (convention 247).
 */
function subjectOfOwnSentence(doc: QuoteDocument, subject: Subject, left: string, sentenceStart: number, registry: SpeakerRegistry): Entity | undefined {
  if (subject.kind !== 'pronoun' || !/^(?:he|she)$/i.test(subject.pronoun)) return undefined
  const aside = PRONOUN_ASIDE.exec(left)
  if (!aside || hasQuoteMark(left)) return undefined
  const found = sentenceSubject(left.slice(0, aside.index))
  if (found?.kind !== 'phrase' || classifySubject(found.phrase, found.appositive)?.type !== 'person') return undefined
  const entity = resolveSubject(found, registry, doc.masked, sentenceStart + aside.index)
  const gender = subject.pronoun.toLowerCase() === 'he' ? 'male' : 'female'
  return entity?.kind === 'person' && (entity.gender === null || entity.gender === gender) ? entity : undefined
}

/**
 * "The chief minister said the focus was on the common man. “…,” he added.": "he" is the person the
 * sentence before, in the same paragraph, is about, even when someone else was named later in it.
 */
function subjectBeforePronoun(doc: QuoteDocument, subject: Subject, paragraph: number, sentenceStart: number, registry: SpeakerRegistry): Entity | undefined {
  if (subject.kind !== 'pronoun' || !/^(?:he|she)$/i.test(subject.pronoun)) return undefined
  const start = doc.paragraphStarts[paragraph] ?? 0
  const earlier = doc.masked.slice(start, sentenceStart).trimEnd()
  const sentence = lastSentence(earlier)
  if (!sentence || hasQuoteMark(sentence)) return undefined
  const found = sentenceSubject(sentence)
  if (found?.kind !== 'phrase') return undefined
  // Only a name or a role: resolving anything else would register an unnamed source as a side effect.
  const type = classifySubject(found.phrase, found.appositive)?.type
  if (type !== 'person' && type !== 'role') return undefined
  const entity = resolveSubject(found, registry, doc.masked, start + earlier.length)
  const gender = subject.pronoun.toLowerCase() === 'he' ? 'male' : 'female'
  return entity?.kind === 'person' && (entity.gender === null || entity.gender === gender) ? entity : undefined
}

/**
 * "Kohli refused to single out anyone, but praised Sharma, Shami and Bumrah." ⏎ "“…,” he said.": "he" is the
 * person the paragraph before is about (its last sentence's subject), not the last man it names. Only when the
 * pronoun's sentence (or its introducing line, "On this, he stated:") opens its paragraph and the paragraph
 * before quotes nobody.
 */
function subjectOfParagraphBefore(doc: QuoteDocument, found: Attribution, paragraph: number, sentenceStart: number, registry: SpeakerRegistry): Entity | undefined {
  const { subject } = found
  if (subject.kind !== 'pronoun' || !/^(?:he|she)$/i.test(subject.pronoun)) return undefined
  const own = found.line ?? paragraph
  const start = doc.paragraphStarts[own] ?? 0
  if (own === 0 || (found.line === undefined && (found.kind === 'continuation' || doc.masked.slice(start, sentenceStart).trim() !== ''))) return undefined
  // "Glen Chipp took over …, succeeding Tom Crowley." ⏎ "This week he has announced …" ⏎ "He said: “…": a paragraph
  // about "he" too passes the question to the one before it (two at most).
  let above = own - 1
  let before = ''
  let about: ReturnType<typeof sentenceSubject> = null
  for (let step = 0; step < 3 && above >= 0; step++, above--) {
    before = doc.masked.slice(doc.paragraphStarts[above] ?? 0, doc.paragraphStarts[above + 1] ?? start).trim()
    if (!/[.!]$/.test(before) || hasQuoteMark(before)) return undefined
    about = sentenceSubject(lastSentence(before))
    if (!isSamePronoun(about, subject.pronoun)) break
  }
  const paragraphEnd = (doc.paragraphStarts[above + 1] ?? start) - 2
  const interviewed = interviewee(lastSentence(before), registry, doc.masked, paragraphEnd)
  if (interviewed) return interviewed
  const referent = about?.kind === 'phrase' ? classifySubject(about.phrase, about.appositive) : null
  // Only someone the story names more than once ("Ravichandran Ashwin … Ashwin noted"): a capitalised word opening a list is not a person.
  const named = referent?.type === 'person' && (registry.find(referent.phrase.name) !== undefined || mentionCount(doc.masked, referent.phrase.name) >= 2)
  const entity = named && about ? resolveSubject(about, registry, doc.masked, paragraphEnd) : undefined
  const gender = subject.pronoun.toLowerCase() === 'he' ? 'male' : 'female'
  return entity?.kind === 'person' && (entity.gender === null || entity.gender === gender) ? entity : undefined
}

/** "he", or "This week he": a sentence whose subject is the pronoun itself, after at most three words of time. */
function isSamePronoun(about: ReturnType<typeof sentenceSubject>, pronoun: string): boolean {
  if (!about) return false
  if (about.kind === 'pronoun') return about.pronoun.toLowerCase() === pronoun.toLowerCase()
  const words = about.phrase.trim().split(/\s+/)
  return words.length <= 4 && (words[words.length - 1] ?? '').toLowerCase() === pronoun.toLowerCase() && /^\p{Lu}/u.test(words[0] ?? '')
}

const INTERVIEW_LEAD = /^(?:We|I)\s+(?:spoke|talked|chatted)\s+(?:to|with)\s+|^(?:We|I)\s+caught\s+up\s+with\s+/

/**
 * "We spoke to midfielder Jamie Devitt following his winner against Crewe, a ricochet from keeper Ben Garratt."
 * ⏎ "“…,” he joked.": on a club's own page the person interviewed is "he", not the last man named. The name is
 * the first run of capitalised words after the lead, maybe after a lower-case title.
 */
function interviewee(sentence: string, registry: SpeakerRegistry, masked: string, position: number): Entity | undefined {
  const lead = INTERVIEW_LEAD.exec(sentence.trim())
  if (!lead) return undefined
  const tokens = sentence.trim().slice(lead[0].length).split(/\s+/)
  let i = 0
  while (i < tokens.length && i < 3 && /^\p{Ll}[\p{Ll}-]*$/u.test(tokens[i] ?? '')) i++
  let end = i
  while (end < tokens.length && end - i < 4 && isNameToken((tokens[end] ?? '').replace(/[,.]$/, ''))) {
    end++
    if (/[,.]$/.test(tokens[end - 1] ?? '')) break
  }
  if (end - i < 2) return undefined
  const phrase = tokens.slice(0, end).join(' ').replace(/[,.]$/, '')
  if (classifySubject(phrase)?.type !== 'person') return undefined
  const entity = resolveSubject({ kind: 'phrase', phrase, appositive: null }, registry, masked, position)
  return entity?.kind === 'person' ? entity : undefined
}

/**
 * The line of a speaker heading above a quote paragraph: the line right above, or one above the topic lines of a
 * Q&A write-up ("HEAD COACH DIRK KOETTER" ⏎ "On the final drive" ⏎ "“…”"); -1 when there is none.
 */
function headingLineAbove(body: string[], paragraph: number): number {
  for (let k = paragraph - 1; k >= 0 && k >= paragraph - 3; k--) {
    const line = (body[k] ?? '').trim()
    if (headingLabel(line)) return k
    if (!isAnswerTopic(line)) return -1
  }
  return -1
}

/**
 * A topic line between a speaker's answers: a short label ("On the defense:"), or a longer one that opens with
 * "On"/"Re" and ends with no sentence mark ("On what was different about this game from the others").
 */
function isAnswerTopic(line: string): boolean {
  return isTopicLabel(line) || (/^(?:On|Re:?)\s/.test(line) && !/[.!?“”"]/.test(line) && wordCount(line) <= 30)
}

/** A paragraph that is one quote and nothing else. */
function isWholeParagraph(paragraph: string): boolean {
  const text = paragraph.trim()
  return /^[“"‘]/.test(text) && /[”"’]\.?$/.test(text)
}

function paragraphText(doc: QuoteDocument, paragraph: number): string {
  return doc.masked.slice(doc.paragraphStarts[paragraph] ?? 0, (doc.paragraphStarts[paragraph + 1] ?? doc.masked.length + 2) - 2)
}

/** "Kohli." -> "Kohli": trailing stops, commas and brackets, dropped one by one (no regex run from every position). */
function withoutClosingPunctuation(word: string): string {
  let end = word.length
  while (end > 0 && '.,;:!?)'.includes(word[end - 1] ?? '')) end--
  return word.slice(0, end)
}

/** A paragraph that quotes nobody and whose last capitalised words (not opening it) are the person's name or surname. Read word by word. */
function namesLast(line: string, speaker: Entity): boolean {
  if (speaker.kind !== 'person' || hasQuoteMark(line) || !/[.!]\s*$/.test(line)) return false
  const words = line.trim().split(/\s+/).map((w) => withoutClosingPunctuation(w).replace(/[’']s$/, ''))
  let end = words.length - 1
  while (end > 0 && !/^\p{Lu}/u.test(words[end] ?? '')) end--
  let start = end
  while (start > 1 && /^\p{Lu}/u.test(words[start - 1] ?? '')) start--
  if (end <= 0) return false
  const last = words.slice(start, end + 1).join(' ')
  const surname = speaker.name.split(/\s+/).pop() ?? ''
  return last === speaker.name || last === surname || last.endsWith(` ${surname}`)
}

/**
 * "The Ashanti Regional Minister, Simon Osei Mensah has justified the seizure …" ⏎ "“…”.": a paragraph that is
 * only a quote, with nothing to attribute it, is the person the narrative paragraph before is about.
 */
function personOfParagraphBefore(doc: QuoteDocument, paragraph: number, registry: SpeakerRegistry): Entity | undefined {
  if (paragraph === 0) return undefined
  const before = paragraphText(doc, paragraph - 1).trim()
  if (!/[.!]$/.test(before) || hasQuoteMark(before)) return undefined
  // "According to him, the suspects … were arrested." ⏎ "“The suspects have been …”": the one reporting goes on, in quotes.
  const reported = /^According to (him|her),/.exec(before)
  if (reported) {
    const entity = registry.lastMentionBefore(doc.masked, doc.paragraphStarts[paragraph - 1] ?? 0, reported[1] ?? '')
    return entity?.kind === 'person' ? entity : undefined
  }
  const introduced = whatSomeoneSaid(lastSentence(before))
  if (introduced) {
    const entity = resolveSubject(introduced, registry, doc.masked, (doc.paragraphStarts[paragraph] ?? 0) - 2)
    if (entity?.kind === 'person') return entity
  }
  // "Coun David Ireton (Cons, Ingleton and Clapham) said …": a party or ward in brackets is not part of the subject.
  const opening = sentenceSubject(before.replace(/ ?\([^()]{1,80}\)(?=\s)/g, ''))
  // "She queried Mr O’Brien’s responsibility …" ⏎ "“How can you say …": the paragraph is about "she", the last woman named.
  if (opening?.kind === 'pronoun' && /^(?:he|she)$/i.test(opening.pronoun)) {
    const entity = registry.lastMentionBefore(doc.masked, doc.paragraphStarts[paragraph - 1] ?? 0, opening.pronoun.toLowerCase())
    return entity?.kind === 'person' ? entity : undefined
  }
  if (opening?.kind !== 'phrase') return undefined
  // "The Ashanti Regional Minister, Simon Osei Mensah": the name after the title is the person.
  const found = opening.appositive && classifySubject(opening.appositive)?.type === 'person' && classifySubject(opening.phrase)?.type === 'role'
    ? { kind: 'phrase' as const, phrase: opening.appositive, appositive: opening.phrase.replace(/^the\s+/i, '') }
    : opening
  const type = classifySubject(found.phrase, found.appositive)?.type
  if (type !== 'person' && type !== 'role') return undefined
  const entity = resolveSubject(found, registry, doc.masked, (doc.paragraphStarts[paragraph] ?? 0) - 2)
  return entity?.kind === 'person' ? entity : undefined
}

const WHAT_SAID = [' had to say', ' has to say', ' said', ' told reporters', ' told the media']

/**
 * "Read what the manager had to say when he spoke to the media …", "Here is what Coach Reyes said.": a line that
 * introduces the quotes under it names who says them. The words between "what" and the verb, found in code.
 */
function whatSomeoneSaid(sentence: string): Subject | null {
  for (const verb of WHAT_SAID) {
    const end = sentence.indexOf(verb)
    if (end < 0 || /^[\p{L}]/u.test(sentence.slice(end + verb.length))) continue
    const what = sentence.lastIndexOf('what ', end)
    if (what < 0 || (what > 0 && /[\p{L}]/u.test(sentence[what - 1] ?? ''))) continue
    const phrase = sentence.slice(what + 5, end).trim()
    if (!phrase || wordCount(phrase) > 5) continue
    const pronoun = /^(he|she)$/i.exec(phrase)
    if (pronoun) return { kind: 'pronoun', pronoun: (pronoun[1] ?? '').toLowerCase() }
    const type = classifySubject(phrase)?.type
    if (type === 'person' || type === 'role') return { kind: 'phrase', phrase, appositive: null }
  }
  return null
}

/**
 * A vox pop's or a transcript's label line, after or before a paragraph that is only a quote:
 * "Diana, PR Manager, 30", "Oscar Ruiz, Minister of Labour and Local Government". A name of one to
 * three capitalised words, then one to three comma-separated parts, no sentence punctuation, no marks.
 */
function labelledSpeaker(line: string | undefined, registry: SpeakerRegistry): Entity | undefined {
  const parts = speakerLabel(line)
  if (!parts) return undefined
  const role = parts.slice(1).find((part) => !/^\d+$/.test(part)) ?? null
  return registry.register({ name: parts[0] ?? '', role, organization: null, gender: null }, true)
}

/** The comma-separated parts of a label line ("Diana", "PR Manager", "30"), or null when the line is not one. */
function speakerLabel(line: string | undefined): string[] | null {
  const text = (line ?? '').trim()
  if (!text || text.length > 120 || /[.!?:;“”"‘()]/.test(text) || /’(?!\p{L})/u.test(text)) return null
  const parts = text.split(',').map((part) => part.trim())
  if (parts.length < 2 || parts.length > 4 || parts.some((part) => part === '')) return null
  const name = (parts[0] ?? '').split(/\s+/)
  if (name.length > 3 || !name.every((token) => /^\p{Lu}[\p{Ll}'’\uFFFD-]+$/u.test(token) && !isRoleWord(token) && !isHonorific(token))) return null
  if (looksLikeOrganization(name.join(' '))) return null
  // The parts after the name are a title, a place or an age: short, and not a clause.
  return parts.slice(1).every((part) => part.split(/\s+/).length <= 8) ? parts : null
}

/** A quotation mark, not the apostrophe of "Peter’s" or "don’t" (a ’ between two letters). */
function hasQuoteMark(text: string): boolean {
  return /[“”"‘]/.test(text) || /’(?!\p{L})|(?<!\p{L})’/u.test(text)
}

/** How often a one-word name stands as a word of its own in the text. */
function mentionCount(text: string, name: string): number {
  if (name.includes(' ')) return 0
  return text.split(/[^\p{L}'’-]+/u).filter((word) => word === name || word === `${name}’s` || word === `${name}'s`).length
}

const NAME_SAID = /\b\p{Lu}\p{Ll}+\s+(?:\p{Lu}\p{Ll}+\s+)?(?:said|says|told|added)\b/u

/** "Mr Gallagher said" in a sentence: the text's start, or a stretch after sentence punctuation and a space. */
function namesSpeaker(text: string): boolean {
  return text.split(/[.!?]/).some((sentence, i) => (i === 0 || /^\s/.test(sentence)) && NAME_SAID.test(sentence))
}

/**
 * The text without brackets and the spaces before them: "(Indira Gandhi)", "[sic]": an opening
 * bracket and the first closing one after it, at most 200 characters on. Each mark is found once.
 */
function withoutBrackets(text: string): string {
  const next = (marks: RegExp, from: number): number => {
    marks.lastIndex = from
    return marks.exec(text)?.index ?? -1
  }
  let kept = ''
  let from = 0
  let close = -1
  for (let open = next(OPENING, 0); open >= 0; open = next(OPENING, open + 1)) {
    if (close <= open) close = next(CLOSING, open + 1)
    if (close < 0) break
    if (close - open - 1 > 200) continue
    kept += text.slice(from, open).trimEnd()
    from = close + 1
    open = close
  }
  return kept + text.slice(from)
}
const OPENING = /[([]/g
const CLOSING = /[)\]]/g
/**
 * "He said, “…”" when nobody is known to be "he": the person the paragraph before is about, when it
 * names one the registry never met ("The Group Manager, Aniekan Essienette, in a post, described …").
 */
function pronounOfParagraphBefore(doc: QuoteDocument, attributions: Attribution[], paragraph: number, sentenceStart: number, registry: SpeakerRegistry): Entity | undefined {
  const pronoun = attributions.find((a) => a.subject.kind === 'pronoun' && /^(?:he|she)$/i.test(a.subject.pronoun))?.subject
  const start = doc.paragraphStarts[paragraph] ?? 0
  if (pronoun?.kind !== 'pronoun' || paragraph === 0 || doc.masked.slice(start, sentenceStart).trim() !== '') return undefined
  const before = doc.masked.slice(doc.paragraphStarts[paragraph - 1] ?? 0, start).trim()
  const sentence = lastSentence(before)
  if (!/[.!]$/.test(before) || hasQuoteMark(sentence)) return undefined
  const found = attributionBefore(sentence.replace(/[.!]$/, ' ')) ?? sentenceSubject(sentence)
  if (found?.kind !== 'phrase' || classifySubject(found.phrase, found.appositive)?.type !== 'person') return undefined
  const entity = resolveSubject(found, registry, doc.masked, start - 2)
  const gender = pronoun.pronoun.toLowerCase() === 'he' ? 'male' : 'female'
  return entity?.kind === 'person' && (entity.gender === null || entity.gender === gender) ? entity : undefined
}

/**
 * "Investigating Gardaí are appealing to anyone …" ⏎ "“…,” they add.": "they" is the unnamed group the paragraph
 * before opens with, when no one is named for it.
 */
function groupOfParagraphBefore(doc: QuoteDocument, attributions: Attribution[], paragraph: number, registry: SpeakerRegistry): Entity | undefined {
  const pronoun = attributions.find((a) => a.subject.kind === 'pronoun' && /^they$/i.test(a.subject.pronoun))
  if (!pronoun || paragraph === 0) return undefined
  const start = doc.paragraphStarts[paragraph] ?? 0
  const before = doc.masked.slice(doc.paragraphStarts[paragraph - 1] ?? 0, start).trim()
  if (!/[.!]$/.test(before) || hasQuoteMark(before)) return undefined
  const found = sentenceSubject(before)
  if (found?.kind !== 'phrase' || classifySubject(found.phrase, found.appositive)?.type !== 'unnamed') return undefined
  const entity = resolveSubject(found, registry, doc.masked, start - 2)
  return entity?.kind === 'unnamed' ? entity : undefined
}

/** A paragraph that is nothing but a quote repeated inside a longer quote of the story is a pull-quote subheading. */
function dropPullQuotes(kept: Kept[], body: string[]): void {
  // Compared without brackets: the heading may add "(Indira Gandhi)" to the words it repeats.
  const bare = (text: string): string => normalizeForMatch(withoutBrackets(text))
  const texts = kept.map((k) => bare(k.text))
  for (let i = kept.length - 1; i >= 0; i--) {
    const own = texts[i] ?? ''
    const paragraph = bare(body[kept[i]?.paragraph ?? -1] ?? '')
    if (wordCount(own) < 4 || paragraph !== own) continue
    if (texts.some((other, j) => j !== i && other.length > own.length && other.includes(own))) kept.splice(i, 1)
  }
}

/**
 * A whole sentence of someone's printed twice, word for word, is one quote: a standfirst or a summary box above the
 * story repeats the body's quote ("“I will buy you food …,” magistrate X told him." over the paragraph that tells it;
 * convention 277). Short quotes may recur as words someone keeps using, so only quotes of eight words or more.
 */
function dropRepeatedQuotes(kept: Kept[]): void {
  const seen = new Set<string>()
  for (let i = kept.length - 1; i >= 0; i--) {
    const quote = kept[i]
    if (!quote || wordCount(quote.text) < 8) continue
    const key = `${normalizeForMatch(quote.text)}\u0000${quote.speaker.name}`
    if (seen.has(key)) kept.splice(i, 1)
    else seen.add(key)
  }
}

/** "His family said: “…” The statement continued: “…”": the statement is still theirs, not an organisation's. */
function statementOfUnnamed(subject: Subject, previous: Kept | undefined, registry: SpeakerRegistry): Entity | undefined {
  if (subject.kind !== 'phrase' || previous?.speaker.kind !== 'unnamed') return undefined
  const referent = classifySubject(subject.phrase)
  return referent?.type === 'org-descriptor' && registry.isStatementNoun(referent.noun) ? previous.speaker : undefined
}

function isHeading(paragraph: string): boolean {
  const text = paragraph.trim()
  if (wordCount(text) > 12) return false
  if (!/[.!?…:;"”’')\]»]$/.test(text)) return true
  // A crosshead or headline that is only a quote, maybe after a name ("'I find it hard to sleep'",
  // "Pulis: “Chelsea won the title by a country mile”"): no sentence ends inside it, unlike a quote paragraph.
  const colon = text.indexOf(':')
  const label = colon > 0 && colon <= 40 && !/[“”"‘’']/.test(text.slice(0, colon))
  const quote = (label ? text.slice(colon + 1) : text).trim()
  if (quote.length < 3 || !'“"‘\''.includes(quote[0] ?? '') || !'”"’\''.includes(quote[quote.length - 1] ?? '')) return false
  const inner = quote.slice(1, -1)
  return !/[.!?…,;:]$/.test(inner) && !/[“”"]/.test(inner)
}

// A first name or initials ("J.T. Ricketson") before a surname. The word is read from its start, and the
// name from its first capital ("McAlpine", not "Alpine"), so no word is scanned again from each capital in it.
const FIRST_NAME_BEFORE = literalTemplate('quotes FIRST_NAME_BEFORE', 'gu', (surname) => String.raw`(?:^|[^\p{L}'’-])[\p{Ll}\p{Lt}\p{Lm}\p{Lo}'’-]*((?:\p{Lu}\.){1,3}|\p{Lu}[\p{L}'’-]+)\s+${surname}(?![\p{L}])`)

/** "Mensah said" with "Kwame Mensah" earlier in the story: adopt the full name. */
function completeSurname(speaker: Entity, doc: QuoteDocument, registry: SpeakerRegistry): void {
  // "Berman Jackson", "Ó Murchú", "Naqvi": the one longer name the story gives that ends with these words.
  // "Van der Merwe" at a sentence's start for "Duhan van der Merwe": the particle's case does not matter.
  const endsWith = (name: string, tail: string): boolean => name.toLowerCase().endsWith(` ${tail.toLowerCase()}`)
  const longer = registry.entities.filter((e) => e.kind === 'person' && e !== speaker && endsWith(e.name, speaker.name))
  const longest = longer.filter((e) => !longer.some((o) => o !== e && endsWith(o.name, e.name)))
  if (longest.length === 1 && (speaker.name.includes(' ') || longest[0]?.name.split(' ').length === 3)) {
    Object.assign(speaker, { name: longest[0]?.name ?? speaker.name })
    return
  }
  if (speaker.name.includes(' ')) {
    // "says Te Awanui" after "her nephew, Te Awanui Rangi,": the first names alone, printed in full once with one surname.
    const fuller = new Set([...doc.masked.matchAll(NAME_THEN_SURNAME([speaker.name]))].map((m) => m[1] ?? '')
      .filter((word) => isNameToken(word) && !isRoleWord(word) && registry.entities.some((e) => e.kind === 'person' && e !== speaker && e.name.endsWith(` ${word}`))))
    if (fuller.size === 1) Object.assign(speaker, { name: registry.register({ name: `${speaker.name} ${[...fuller][0] ?? ''}`, role: null, organization: null, gender: null }).name })
    return
  }
  // "Khafaji said" after "Maj. Gen. Tahsin al-Khafaji": the surname without its Arabic particle.
  const particled = registry.entities.filter((e) => e.kind === 'person' && e !== speaker && ARABIC_PARTICLE_SURNAME.test(e.name) &&
    e.name.toLowerCase().endsWith(`-${speaker.name.toLowerCase()}`))
  if (particled.length === 1) {
    Object.assign(speaker, { name: particled[0]?.name ?? speaker.name })
    return
  }
  // A first name or initials ("J.T. Ricketson") before the surname.
  const re = FIRST_NAME_BEFORE([speaker.name])
  for (const m of doc.masked.matchAll(re)) {
    const first = m[1] ?? ''
    if (/^(?:\p{Lu}\.){1,3}$/u.test(first) || isNameToken(first) && !isRoleWord(first) && !isHonorific(first) && !/[’']s$/.test(first)) {
      const full = registry.register({ name: `${first} ${speaker.name}`, role: null, organization: null, gender: null })
      if (full !== speaker) Object.assign(speaker, { name: full.name })
      return
    }
  }
  // "Marriyum stated" after "Marriyum Aurangzeb" (a first name alone), "Ms Gull" after "Zartaj Gul" (a misspelt surname).
  const fuller = registry.entities.filter((e) => e.kind === 'person' && e !== speaker && e.name.includes(' ') &&
    (e.name.split(' ')[0] === speaker.name || oneEditApart(e.name.split(' ').pop() ?? '', speaker.name)))
  if (fuller.length === 1) Object.assign(speaker, { name: fuller[0]?.name ?? speaker.name })
}

// The name, then one more capitalised word (its surname), as a whole word.
const NAME_THEN_SURNAME = literalTemplate('quotes NAME_THEN_SURNAME', 'gu', (name) => String.raw`(?<![\p{L}’'-])${name}[ \t](\p{Lu}\p{Ll}[\p{Ll}’'-]*)(?![\p{L}’'-])`)
const ARABIC_PARTICLE_SURNAME = /\s(?:al|el|ad|ar|as|ash|at|az|an|ul|ud|bin|ibn|abu)-\p{Lu}[\p{L}'’-]*$/u

/** Two spellings of one surname: same first letter, at least four letters, one letter added, dropped or changed. */
function oneEditApart(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()]
  if (x === y || x.length < 4 || y.length < 4 || x[0] !== y[0] || Math.abs(x.length - y.length) > 1) return false
  let i = 0
  while (i < x.length && x[i] === y[i]) i++
  const [restX, restY] = [x.slice(i), y.slice(i)]
  return restX.slice(1) === restY.slice(1) || restX.slice(1) === restY || restX === restY.slice(1)
}

// "Senate President Juan Miguel “Migz” Zubiri", "Maria Susana ‘Toots’ Ople": a nickname in marks inside a name.
const NICKNAME = /(\p{Lu}[\p{Ll}.-]{0,30}\s)["“‘](\p{Lu}[\p{Ll}.-]{0,19})["”’](?=\s\p{Lu}\p{Ll})/gu

/** The nickname blanked (offsets kept): it is neither a quote nor part of the name the story uses. */
function withoutNicknames(paragraph: string): string {
  return paragraph.replace(NICKNAME, (whole: string, before: string) => before + ' '.repeat(whole.length - before.length))
}

const SAYS_AT_START = builtRegExp('quotes SAYS_AT_START', `^${SAYING_VERB}(?![\\p{L}])`, 'u')

/**
 * One to four capitalised words, a speech verb and at most three more words to the sentence's end: "Mr Reed said.",
 * "Ann Cole asked reporters." Not "Tom Reed said the timing was fine.": that is Reed's own reported speech.
 */
function nameThenSays(rest: string): boolean {
  let text = rest.trimStart()
  for (let words = 0; words < 4; words++) {
    const word = /^\p{Lu}[\p{L}'’.-]{0,30}\s+/u.exec(text)
    if (!word) return false
    text = text.slice(word[0].length)
    const verb = SAYS_AT_START.exec(text)
    if (verb) return shortTail(text.slice(verb[0].length))
  }
  return false
}

/** Whether at most three words come before the sentence ends (or a comma starts an aside). */
function shortTail(text: string): boolean {
  let rest = text
  for (let words = 0; words < 4; words++) {
    if (/^\s*(?:[.!?,;:]|$)/.test(rest)) return true
    const word = /^\s*[^\s.!?,;:]{1,40}/.exec(rest)
    if (!word) return false
    rest = rest.slice(word[0].length)
  }
  return false
}

// Each document's spans by the offset of their closing mark, made once: sentenceAround asks for every sentence end.
const spansByClose = new WeakMap<QuoteDocument, Map<number, QuoteSpan>>()

/** Whether the quote closing at `close` opens its sentence: nothing but space between `sentenceStart` and its opening mark. */
function opensItsSentence(doc: QuoteDocument, sentenceStart: number, close: number): boolean {
  let byClose = spansByClose.get(doc)
  if (!byClose) spansByClose.set(doc, byClose = new Map(doc.spans.map((span) => [span.close, span])))
  const span = byClose.get(close)
  return span !== undefined && doc.masked.slice(sentenceStart, span.open).trim() === ''
}

export function sentenceAround(doc: QuoteDocument, offset: number): [number, number] {
  const paragraph = paragraphOf(doc, offset)
  const start = doc.paragraphStarts[paragraph] ?? 0
  const end = doc.paragraphStarts[paragraph + 1] !== undefined ? (doc.paragraphStarts[paragraph + 1] ?? 0) - 2 : doc.text.length
  let sentenceStart = start
  for (const relativeEnd of sentenceEnds(doc.masked.slice(start, end))) {
    const absoluteEnd = start + relativeEnd
    // "“Why now?” Mr Reed said.": a question or exclamation closing a quote does not end the sentence its attribution finishes.
    if (absoluteEnd < end && /[?!]["”’]$/.test(doc.text.slice(start, absoluteEnd)) && opensItsSentence(doc, sentenceStart, absoluteEnd - 1) &&
      nameThenSays(doc.masked.slice(absoluteEnd, end))) continue
    if (offset < absoluteEnd) return [sentenceStart, absoluteEnd]
    sentenceStart = absoluteEnd
  }
  return [sentenceStart, end]
}

/** The sentence with the quote elided, or null when nothing but the quote is there. */
function contextOf(doc: QuoteDocument, span: QuoteSpan, from: number, to: number): string | null {
  const before = doc.text.slice(from, Math.max(span.open, from))
  const after = doc.text.slice(Math.min(span.close + 1, to), to)
  const context = `${before}…${after}`.replace(/\s+/g, ' ').trim()
  return /\p{L}/u.test(context) ? context : null
}

const TIME_LEAD_IN = /^(?:After|Before|Later|Afterwards|Earlier|During|Since)(?: (?:(?:the|that|this|a|his|her|their) )?[\p{Ll}-]+)?,$/u

// Matched on the title with its spaces made single: no run of spaces to try from each of its positions.
const CONFERENCE = /(?:[’']s)? (?:(?:pre-match|post-match|pre-game|post-game) )?(?:press|news|media) conference\b|(?:[’']s)? presser\b/i

/** "Manchester City v Leeds United: Marcelo Bielsa press conference LIVE" -> "Marcelo Bielsa": two or three capitalised words right before. */
function pressConferenceHost(title: string): string | null {
  const single = title.replace(/\s+/g, ' ')
  const match = CONFERENCE.exec(single)
  if (!match) return null
  const words = single.slice(0, match.index).trim().split(/\s+/)
  const name: string[] = []
  for (let i = words.length - 1; i >= 0 && name.length < 4; i--) {
    const word = words[i] ?? ''
    if (!/^\p{Lu}\p{Ll}+(?:[-’'][\p{Lu}\p{Ll}]+)?$/u.test(word) || isRoleWord(word) || isHonorific(word)) break
    name.unshift(word)
  }
  return name.length >= 2 && name.length <= 3 && isNameToken(name[0] ?? '') ? name.join(' ') : null
}

/**
 * "HEAD COACH DIRK KOETTER" read as the page's section or headline, over topic lines and answers: a heading in
 * capitals that gives a role and then a name is who answers (a bare name in capitals may be a section: not taken).
 */
function headerSpeaker (line: string | null): string | null {
  const label = headingLabel(line ?? undefined)
  return label?.role && !/\p{Ll}/u.test(line ?? '') ? label.name : null
}

/** A person the quote itself names in full ("Michael Noonan"), or by a surname of four letters or more. */
function namedIn (speaker: Entity, quoted: string): boolean {
  if (speaker.kind !== 'person' || !speaker.name.includes(' ')) return false
  if (quoted.includes(speaker.name)) return true
  const surname = speaker.name.split(' ').pop() ?? ''
  return surname.length >= 4 && new RegExp(`(?<![\\p{L}])${escapeRegExp(surname)}(?![\\p{L}])`, 'u').test(quoted)
}
