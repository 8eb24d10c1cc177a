// Topics an editor would tag: the organisations, places and people compromise finds,
// linked to well-known aliases, "X (Y)" / "X [or Y]" pairs in the text and the caller's
// existing topics, plus subject tags. Passing mentions are dropped: a topic needs two
// mentions, a place in the headline or lead, or to be a quoted speaker.
import nlp from 'compromise'
import { nlpDocs } from './nlp-pieces.js'
import type { KnownTopic, ParsedSpeaker, ParsedTopic, TopicKind } from './types.js'
import { ORGANIZATION_HEADS, SUBJECTS, UNMATCHED_ALIASES, WELL_KNOWN } from './topic-vocabulary.js'
import { parseSpeakerPhrase } from './speakers.js'
import { bracketedAliases, organizationNames } from './name-runs.js'
import { builtRegExp, literalTemplate } from '../lib/built-regex.js'

const ENDS_WITH_ORGANIZATION_HEAD = builtRegExp('topics ENDS_WITH_ORGANIZATION_HEAD', `\\b(${ORGANIZATION_HEADS})$`, '')
// A topic's names as whole words, longest first so "European Central Bank" counts once.
const WHOLE_NAMES = literalTemplate('topics WHOLE_NAMES', 'gu', (names) => String.raw`(?<![\p{L}\p{N}])${names}(?![\p{L}\p{N}])`)
const NOT_PLACES = /^(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|His|Her|Their|Our|This|That)\b/

interface Candidate { name: string; kind: TopicKind; aliases: Set<string>; speaker: boolean; fixedName: boolean }

export interface TopicInput { title: string; body: string[]; speakers: ParsedSpeaker[]; knownTopics: KnownTopic[] }

export function extractTopics({ title, body, speakers, knownTopics }: TopicInput): ParsedTopic[] {
  const text = [title, ...body].join('\n\n')
  const lead = [title, ...body.slice(0, 2)].join('\n\n')
  const candidates: Candidate[] = []
  const add = (name: string, kind: TopicKind, aliases: string[] = [], speaker = false, fixedName = false): Candidate => {
    const existing = findCandidate(candidates, [name, ...aliases])
    if (existing && !existing.fixedName && /^\p{Lu}{2,}$/u.test(existing.name) && initials(name) === existing.name) {
      // An acronym met first ("RTWU") gives way to its expansion as the topic name.
      existing.aliases.add(existing.name)
      existing.name = name
    }
    if (existing) {
      for (const alias of [name, ...aliases]) if (alias !== existing.name) existing.aliases.add(alias)
      existing.aliases.delete(existing.name)
      existing.speaker ||= speaker
      return existing
    }
    const candidate = { name, kind, aliases: new Set(aliases.filter((a) => a !== name)), speaker, fixedName }
    candidates.push(candidate)
    return candidate
  }

  // The caller's topics come first so their names win over the built-in vocabulary.
  for (const known of knownTopics) if (countMentions(text, [known.name, ...known.aliases]) > 0) add(known.name, classify(known.name), known.aliases, false, true)
  for (const entry of WELL_KNOWN) if (countMentions(text, [entry.name, ...entry.aliases]) > 0) add(entry.name, entry.kind, entry.aliases, false, true)
  for (const speaker of speakers) {
    const isOrganization = speaker.kind === 'organization' || ENDS_WITH_ORGANIZATION_HEAD.test(speaker.name)
    if (speaker.name.includes(' ')) add(speaker.name, isOrganization ? 'organization' : 'person', [], true)
    if (speaker.organization && countMentions(text, [speaker.organization]) > 0) add(speaker.organization, 'organization', [], true)
  }
  const docs = nlpDocs(text)
  const entities = (pick: (doc: ReturnType<typeof nlp>) => { out: (format: 'array') => unknown }): string[] => docs.flatMap((doc) => pick(doc).out('array') as string[])
  for (const name of cleanEntities(entities((doc) => doc.people()), false)) {
    const person = parseSpeakerPhrase(name)
    if (person && person.name.includes(' ')) add(person.name, 'person')
  }
  // compromise sometimes files a person under places or organisations; people win.
  const surnames = new Set(candidates.filter((c) => c.kind === 'person').map((c) => c.name.split(' ').pop()))
  const notPerson = (name: string): boolean => !surnames.has(name.split(' ').pop())
  for (const name of cleanEntities(entities((doc) => doc.places()), true)) if (notPerson(name)) add(name, 'place')
  for (const name of cleanEntities(entities((doc) => doc.organizations()), false)) if (isProperName(name) && notPerson(name)) add(name, 'organization')
  for (const name of organizationNames(text)) add(name.replace(/^The\s+/, ''), 'organization')
  // compromise misses unfamiliar towns; "in Ashford" / "from Seaford" is a good enough cue when repeated.
  for (const m of text.matchAll(/\b(?:in|at|from|near|to)\s+([\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)?)/gu)) {
    const name = m[1] ?? ''
    if (!NOT_PLACES.test(name) && notPerson(name) && !findCandidate(candidates, [name]) && countMentions(text, [name]) >= 2) add(name, 'place')
  }
  linkBracketedAliases(text, candidates, add)

  const topics: Array<ParsedTopic & { mentions: number }> = []
  for (const c of candidates) {
    const names = [c.name, ...c.aliases].filter((n) => !UNMATCHED_ALIASES.has(n))
    if (c.kind === 'person') names.push(c.name.split(' ').pop() ?? c.name)
    const mentions = countMentions(text, names) - countMentions(text, names.map((n) => `"${n}`).concat(names.map((n) => `“${n}`)))
    const prominent = c.kind === 'place' && countMentions(lead, names) > 0
    if (mentions === 0) continue
    if (mentions >= 2 || c.speaker || prominent || countMentions(title, names) > 0) {
      topics.push({ name: c.name, kind: c.kind, aliases: [...c.aliases], mentions })
    }
  }
  for (const subject of SUBJECTS) {
    const mentions = text.match(subject.pattern)?.length ?? 0
    // Three mentions, not a headline hit: subject words are often incidental or figurative ("strike from afar").
    if (mentions >= 3) topics.push({ name: subject.name, kind: 'subject', aliases: [], mentions })
  }
  return topics.sort((a, b) => b.mentions - a.mentions).map(({ mentions: _mentions, ...topic }) => topic)
}

/** "Taliban (Islamic Emirate)", "Daesh [or the Islamic State group]", "European Central Bank (ECB)". */
function linkBracketedAliases(text: string, candidates: Candidate[], add: (name: string, kind: TopicKind, aliases: string[]) => Candidate): void {
  for (const pair of bracketedAliases(text)) {
    const words = pair.name.split(/\s+/)
    const inner = pair.alias.trim()
    // The outer name is the longest tail of the capitalised run that is already a topic.
    let outer = words[words.length - 1] ?? ''
    for (let i = 0; i < words.length; i++) {
      const tail = words.slice(i).join(' ')
      if (findCandidate(candidates, [tail]) || initials(tail) === inner) {
        outer = tail
        break
      }
    }
    const known = findCandidate(candidates, [outer]) ?? findCandidate(candidates, [inner])
    if (known) add(outer, known.kind, [known.name, inner])
    else if (inner.length > 1) add(outer, /^[\p{Lu}.]+$/u.test(inner) ? classify(outer) : 'organization', [inner])
  }
}

function initials(name: string): string {
  return name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('')
}

function findCandidate(candidates: Candidate[], names: string[]): Candidate | undefined {
  const keys = new Set(names.map((n) => n.toLowerCase()))
  return candidates.find((c) => keys.has(c.name.toLowerCase()) || [...c.aliases].some((a) => keys.has(a.toLowerCase())))
}

/** compromise returns phrases with punctuation and possessives attached. */
function cleanEntities(found: string[], stripDescriptors: boolean): string[] {
  return [...new Set(found.map((f) => f.replace(/[’']s\b/g, '').replace(/[^\p{L}\p{N}\s.'’-]+/gu, ' ').replace(/\s+/g, ' ').replace(/^(the|a)\s+/i, '').replace(/(^|[^.\s])[.\s]+$/, '$1').trim()))]
    // "Kessel region", "Tarrow valley": the name is the capitalised part.
    .map((f) => (stripDescriptors ? withoutLowercaseTail(f) : f))
    .filter((f) => /^[\p{Lu}]/u.test(f))
}

/** Every word capitalised (connectors aside): "Alpine Watch", not "Rail workers". */
function isProperName(name: string): boolean {
  return name.split(/\s+/).every((w) => /^[\p{Lu}\d]/u.test(w) || /^(of|for|and|the|de|du|la)$/.test(w))
}

function countMentions(text: string, names: string[]): number {
  const alternatives = [...new Set(names.filter(Boolean))].sort((a, b) => b.length - a.length)
  if (alternatives.length === 0) return 0
  return text.match(WHOLE_NAMES(alternatives))?.length ?? 0
}

function classify(name: string): TopicKind {
  const doc = nlp(name)
  if (doc.places().found) return 'place'
  if (doc.people().found) return 'person'
  if (doc.organizations().found || /^[\p{Lu}]/u.test(name)) return 'organization'
  return 'subject'
}

/** "Kessel region" -> "Kessel": drops the lower-case words that end a name (single-spaced), never its first word. */
function withoutLowercaseTail(name: string): string {
  const words = name.split(' ')
  let kept = words.length
  while (kept > 1 && /^\p{Ll}[\p{L}-]*$/u.test(words[kept - 1] ?? '')) kept--
  return words.slice(0, kept).join(' ')
}
