// "The coach’s actions were met with a yellow card, but he remained unapologetic. “…,” he said." and
// "However, the coach expressed concerns …" ⏎ "“…,” he said.": in stories that never name the person,
// "he" is the role or descriptor the sentence before is about, an unnamed source ("a fiery coach").
// A last resort for a he/she that no named person answers; first, when the sentence just before, in the
// quote's own paragraph, is about such a descriptor ("The supporter’s protest …, but he did not resist.").
import type { Attribution } from './quote-context.js'
import type { QuoteDocument } from './quote-spans.js'
import type { Entity, SpeakerRegistry } from './registry.js'
import { sentenceSubject } from './attribution.js'
import { classifySubject } from './subjects.js'
import { resolveSubject } from './resolve.js'
import { lastSentence } from './text.js'

const ARTICLE_FIRST = /^(?:[^,]{0,80},\s*)?(?:the|a|an|another)\s/i
// "On Wednesday, another defence lawyer said they …": the sentence reports what its subject said.
const REPORTS = /\b(?:said|says|told|added|stated|explained|noted)\b/
const REPORTED_NEXT = /^\s*(?:said|says|told|added|stated|explained|noted)\b/

/** The unnamed person "he"/"she" stands for, from the sentence before the quote's, or undefined. */
/**
 * `speaking`: only a sentence whose unnamed subject is said to speak ("another defence lawyer said …"), which then wins
 * over a person named earlier (convention 244).
 */
export function unnamedAntecedent (doc: QuoteDocument, attributions: Attribution[], paragraph: number, sentenceStart: number, registry: SpeakerRegistry, sameParagraph = false, speaking = false): Entity | undefined {
  const pronoun = attributions.find((a) => a.subject.kind === 'pronoun' && /^(?:he|she)$/i.test(a.subject.pronoun))?.subject
  if (pronoun?.kind !== 'pronoun') return undefined
  const start = doc.paragraphStarts[paragraph] ?? 0
  // The sentence before, in this paragraph, or the last one of the paragraph before when the quote opens its own.
  const own = doc.masked.slice(start, sentenceStart).trim()
  if (sameParagraph && own === '') return undefined
  const before = own !== '' ? own : paragraph > 0 ? doc.masked.slice(doc.paragraphStarts[paragraph - 1] ?? 0, start).trim() : ''
  const sentence = lastSentence(before)
  if (!/[.!]$/.test(before) || /[“”"‘]/.test(sentence)) return undefined
  // Only a sentence that opens with an article, maybe after a lead clause ("However, the coach …"): the tagger pass costs.
  if (!ARTICLE_FIRST.test(sentence) || (speaking && !REPORTS.test(sentence))) return undefined
  const found = sentenceSubject(sentence)
  if (found?.kind !== 'phrase') return undefined
  // …and it is that subject who speaks: "another defence lawyer said", not "A SWAT team sent a robot …, Greer said".
  if (speaking) {
    const at = sentence.indexOf(found.phrase)
    if (at < 0 || !REPORTED_NEXT.test(sentence.slice(at + found.phrase.length))) return undefined
  }
  // "The coach’s actions": the owner is who the sentence is about.
  const phrase = found.phrase.replace(/^((?:the|a|an)\s+[\p{Ll}-]+)[’']s\s+[\p{Ll}-]+$/iu, '$1')
  // A descriptor opens with its article ("the coach", "a fan"); a bare capitalised word may be a misread name.
  if (!/^(?:the|a|an|another)\s/i.test(phrase)) return undefined
  const referent = classifySubject(phrase)
  if (referent?.type !== 'role' && referent?.type !== 'unnamed') return undefined
  const at = start + Math.max(0, sentenceStart - start - 1)
  const entity = resolveSubject({ kind: 'phrase', phrase, appositive: null }, registry, doc.masked, at)
  const gender = pronoun.pronoun.toLowerCase() === 'he' ? 'male' : 'female'
  if (!entity || entity.plural || (entity.gender !== null && entity.gender !== gender)) return undefined
  // "The spokesman of the cooperative said that …" ⏎ "“…,” he said.": a title that names someone already in the story
  // is that person, when the sentence says they spoke.
  // …and only the holder of that title for that body: "the spokesman of the Harbour Board" is not the rail authority's.
  const titles = entity.kind === 'person' ? registry.titleWordsOf(entity, doc.masked, at) : new Set<string>()
  const holder = speaking && referent.type === 'role' && entity.kind === 'person' && registry.resolveRole(referent.head, referent.qualifiers, doc.masked, at) === entity &&
    referent.qualifiers.every((q) => titles.has(q))
  return entity.kind === 'unnamed' || holder ? entity : undefined
}
