// Turns an attribution's subject into a registry entity: a pronoun into the person last
// named or quoted, a name into a person or organisation, a role into the person who holds
// it, "the agency" into the organisation, and anything else into an unnamed source.
import type { Subject } from './attribution.js'
import type { Entity, SpeakerRegistry } from './registry.js'
import { parseAppositive } from './speakers.js'
import { classifySubject, isBodySpokesperson, looksLikeOrganization, organizationIn } from './subjects.js'
import { isRoleWord } from './roles.js'
import { sentenceSubject } from './attribution.js'
import { lastSentence } from './text.js'
import { literalTemplate, upTo } from '../lib/built-regex.js'

export function resolveSubject(subject: Subject, registry: SpeakerRegistry, masked: string, position: number): Entity | undefined {
  if (subject.kind === 'pronoun') {
    const pronoun = subject.pronoun.toLowerCase()
    if (pronoun === 'we' || pronoun === 'i') return undefined
    if (pronoun === 'it') return documentBefore(registry, masked, position) ?? registry.lastOrganizationBefore(masked, position, null)
    return registry.lastMentionBefore(masked, interviewerClauseStart(masked, position) ?? position, pronoun)
  }
  // "G:", "JM:" in a transcript: the initials of someone the story named; a lone letter nobody's ("Q:") names no speaker.
  if (/^(?:\p{Lu}\.?){1,3}$/u.test(subject.phrase.trim())) {
    const initialled = registry.byInitials(subject.phrase.trim(), masked, position)
    if (initialled || /^\p{Lu}\.?$/u.test(subject.phrase.trim())) return initialled
  }
  // "the minister’s statement said", "Psaki's full statement:": the document's words are its owner's.
  const owned = documentOwner(subject.phrase.trim())
  const owner = owned ? resolveSubject({ kind: 'phrase', phrase: owned, appositive: null }, registry, masked, position) : undefined
  if (owner) return owner
  const referent = classifySubject(subject.phrase, subject.appositive)
  if (!referent) return undefined
  // "The CP said", "the Collector said": one capitalised word the story printed as a title before a name is that person.
  // …and "the Collector said" once "Collector" is a role word: the person printed after it, not whoever else holds an office nearby (convention 271).
  const holder = referent.type === 'person' || referent.type === 'organization' || (referent.type === 'role' && printedOnlyBeforeOneName(subject.phrase.trim(), masked, position))
    ? titleWordHolder(subject.phrase.trim(), registry, masked, position) : undefined
  if (holder) return holder
  switch (referent.type) {
    case 'person': {
      const organization = registry.findOrganization(referent.phrase.name)
      if (organization) return organization
      const appositive = subject.appositive ? parseAppositive(subject.appositive) : { role: null, organization: null }
      const { phrase } = referent
      return registry.register({ ...phrase, role: phrase.role ?? appositive.role, organization: phrase.organization ?? appositive.organization },
        phrase.role !== null || phrase.gender !== null || phrase.name.includes(' '), { masked, position })
    }
    case 'organization':
      return registry.findOrganization(referent.name) ?? (!referent.name.includes(' ') ? registry.find(referent.name) : undefined) ?? registry.registerOrganization(referent.name)
    case 'role': {
      const person = registry.resolveRole(referent.head, referent.qualifiers, masked, position)
      // "Another minister, speaking on condition of anonymity, disagreed. “…,” the minister said."
      const indefinite = lastIndefinite(masked, position, referent.head, registry)
      if (indefinite && (!person || indefinite.index > registry.lastPosition(person, masked, position))) {
        return registry.addUnnamed(indefinite.text, null, false, null, position)
      }
      // "said the T.D. on the receiving end", "commented the politician from Bree": a title the story never gave
      // anyone points back to the person just named.
      // …but not someone named in the same sentence ("Asked about journalist Hamid Mir, the minister said"): the
      // writer would have said "Mir said".
      // "The Premier says she is pleasantly surprised …" ⏎ "Gladys Berejiklian and other leaders …": the story's first
      // "the premier", before anyone was named, went to whoever opens a sentence after it; so does this one.
      // "According to the police, Alai was held for ‘…’": the force as a body is nobody named before or after it (convention 240).
      if (!person && /^(?:the\s+)?police$/i.test(referent.text.trim())) return registry.addUnnamed('the police', null, true, null, position)
      const introduced = person ? undefined : introducedHolder(registry, masked, position, referent.head)
      if (introduced) return introduced
      const near = person ? undefined : registry.lastNamedNear(masked, position, 600)
      // …nor someone who speaks for the holder of that title ("Michèle Montas, Spokesperson for the Secretary-General").
      const nearTitled = near && registry.lastPosition(near, masked, position) < sentenceStartBefore(masked, position) &&
        !speaksFor(registry.titlesOf(near, masked, position), referent.head) ? near : undefined
      const next = person || nearTitled || !/^(?:the\s|[^\s’']+(?:\s[^\s’']+)?[’']s\s)/iu.test(referent.text) ? undefined : registry.firstNamedAfter(masked, position, 400)
      // …unless the story gives that person another title ("The Chief Justice told …" ⏎ "Chief Minister Lina Obuya …").
      const ahead = next && titledOtherwise(registry.titlesOf(next, masked, masked.length), referent.head) ? undefined : next
      return person ?? nearTitled ?? ahead ?? registry.addUnnamed(lowerFirst(referent.text), null, false, null, position)
    }
    case 'org-descriptor': {
      // "the state-run WAM news agency", "the official IRNA news agency": wire copy names the agency inside its description (convention 246).
      const described = referent.text.trim()
      const acronym = /^the\s/i.test(described) && described.split(/\s+/).length <= 6 ? AGENCY_NAMED.exec(described)?.[1] : undefined
      if (acronym) return registry.findOrganization(acronym) ?? registry.registerOrganization(acronym)
      return (registry.isStatementNoun(referent.noun) && /^the\s+\p{Ll}+$/u.test(referent.text.trim()) ? statementSigner(registry, masked, position) : undefined) ??
        registry.lastOrganizationBefore(masked, position, registry.isStatementNoun(referent.noun) ? null : referent.noun) ??
        registry.addUnnamed(lowerFirst(referent.text), null, false, null, position)
    }
    case 'unnamed': {
      // "Albion’s manager", "Ghana's finance minister": a club's or country's title, held by someone the story named.
      const title = organizationTitle(referent.description)
      const holder = title ? registry.resolveRole(title, [], masked, position) : undefined
      if (holder) return holder
      const spokesperson = isBodySpokesperson(referent.description) ? bodySpokesperson(referent.description, registry, masked, position) : undefined
      if (spokesperson) return spokesperson
      const named = referent.organization ? (registry.findOrganization(referent.organization)?.name ?? referent.organization) : null
      const noun = /\b(?:for|of|at|from)\s+the\s+([\p{Ll}]+)$/u.exec(referent.description)?.[1]
      const organization = named ?? (noun ? registry.lastOrganizationBefore(masked, position, noun)?.name ?? null : null)
      return registry.addUnnamed(referent.description, organization, referent.plural, referent.gender, position)
    }
  }
}

const AGENCY_NAMED = /(?<!\p{L})(\p{Lu}{2,6})\s+(?:news\s+)?(?:agency|broadcaster|channel|network|daily|newspaper)$/u

/** The person named first after the story's first "the <head>", when nobody was named before that mention. */
function introducedHolder(registry: SpeakerRegistry, masked: string, position: number, head: string): Entity | undefined {
  const before = masked.slice(0, position).toLowerCase()
  const wanted = `the ${head.toLowerCase()}`
  let at = before.indexOf(wanted)
  while (at >= 0 && (/\p{L}/u.test(before[at - 1] ?? '') || /\p{L}/u.test(before[at + wanted.length] ?? ''))) at = before.indexOf(wanted, at + 1)
  if (at < 0 || at >= sentenceStartBefore(masked, position)) return undefined
  const next = registry.firstNamedAfter(masked, at, 400)
  if (!next || registry.lastPosition(next, masked, at) >= 0) return undefined
  return titledOtherwise(registry.titlesOf(next, masked, masked.length), head) ? undefined : next
}

// "… via a press statement signed by SP Ada Obi, Police Public Relations Officer …": who signed the statement last mentioned.
const SIGNED_BY = /\b(?:statement|release|letter)\s+(?:was\s+)?(?:signed|issued)\s+by\s+(?=\p{Lu})/gu

/** "According to the statement, “…”" after "a statement signed by X": X, when X is a person. Within the 1,500 characters before. */
function statementSigner(registry: SpeakerRegistry, masked: string, position: number): Entity | undefined {
  const from = Math.max(0, position - 1500)
  let last: RegExpExecArray | null = null
  for (const m of masked.slice(from, position).matchAll(SIGNED_BY)) last = m
  if (!last) return undefined
  const rest = masked.slice(from + (last.index ?? 0) + last[0].length, position)
  const [name = '', appositive = ''] = (/^[^.;:!?\n]*/.exec(rest)?.[0] ?? '').split(/,\s*/)
  const referent = classifySubject(name, appositive || null)
  return referent?.type === 'person' ? resolveSubject({ kind: 'phrase', phrase: name, appositive: appositive || null }, registry, masked, position) : undefined
}

const DOCUMENTS = new Set(['statement', 'letter', 'post', 'tweet', 'message', 'note', 'speech', 'remarks', 'comments', 'email', 'memo',
  'reply', 'response', 'submission', 'affidavit', 'blog', 'column', 'notice'])
const HELD_TITLES = new Set(['manager', 'coach', 'boss', 'captain', 'skipper', 'chief', 'minister', 'president', 'chairman', 'chairwoman',
  'director', 'leader', 'governor', 'mayor'])

/** "the minister’s statement" -> "the minister": an owner, its "’s", up to two lower-case words and a document. */
function documentOwner(phrase: string): string | null {
  const mark = /[’']s\s/.exec(phrase)
  if (!mark || mark.index === 0) return null
  const rest = phrase.slice(mark.index + 3).trim().split(/\s+/)
  const last = rest[rest.length - 1] ?? ''
  return rest.length <= 3 && DOCUMENTS.has(last) && rest.every((w) => /^\p{Ll}[\p{Ll}-]*$/u.test(w)) ? phrase.slice(0, mark.index) : null
}

/** "FO spokesperson" -> the person named earlier as a spokesperson with every word of that body among their titles. */
function bodySpokesperson(description: string, registry: SpeakerRegistry, masked: string, position: number): Entity | undefined {
  const words = description.split(/\s+/)
  const body = words.slice(0, -1).map((w) => w.toLowerCase())
  const holder = registry.resolveRole(words[words.length - 1] ?? '', body, masked, position)
  if (!holder) return undefined
  const titles = registry.titleWordsOf(holder, masked, position)
  // "ISPR spokesman" after "Inter-Services Public Relations spokesman Ahmed Chaudhry": the initials of the titles' capitalised words.
  const initials = (registry.titlesOf(holder, masked, position).match(/(?<![\p{L}'’])\p{Lu}/gu) ?? []).join('').toLowerCase()
  const acronym = (w: string): boolean => /^\p{Lu}{2,}$/u.test(w) && initials.includes(w.toLowerCase())
  return words.slice(0, -1).every((w) => titles.has(w.toLowerCase()) || acronym(w)) ? holder : undefined
}

/** "Albion’s manager" -> "manager": a capitalised owner of up to four words, its "’s", maybe a modifier, and a title someone holds. */
function organizationTitle(description: string): string | null {
  const words = description.split(/\s+/)
  const owner = words.findIndex((w) => /[’']s$/.test(w))
  if (owner < 0 || owner > 3 || !words.slice(0, owner + 1).every((w) => /^\p{Lu}/u.test(w))) return null
  const rest = words.slice(owner + 1)
  const title = rest[rest.length - 1] ?? ''
  return rest.length >= 1 && rest.length <= 2 && HELD_TITLES.has(title) ? title : null
}

const INDEFINITE_MENTION = literalTemplate('resolve INDEFINITE_MENTION', 'giu', (head) => String.raw`(?<![\p{L}])(?:an?|another|one|a second|a third)\s+${upTo(String.raw`[\p{Ll}-]+\s+`, 3, true)}${head}(?![\p{L}])`)

/** The last "a/another/one … <head>" before `position`: an unnamed person a later "the <head>" points back to. */
function lastIndefinite(masked: string, position: number, head: string, registry: SpeakerRegistry): { text: string; index: number } | undefined {
  const re = INDEFINITE_MENTION([head])
  let last: { text: string; index: number } | undefined
  for (const m of masked.slice(0, position).matchAll(re)) {
    // "Zabihullah Mujahid, a spokesman for the Taliban,": an appositive describes the person just named, nobody new.
    if (appositiveOfNamed(masked.slice(Math.max(0, m.index - 80), m.index), registry)) continue
    last = { text: lowerFirst(m[0]), index: m.index }
  }
  return last
}

/** Text that ends with a stored person's name (or surname) and a comma. */
function appositiveOfNamed(before: string, registry: SpeakerRegistry): boolean {
  const comma = /,\s*$/.exec(before)
  if (!comma) return false
  const text = before.slice(0, comma.index)
  const endsWithWord = (word: string): boolean => text.endsWith(word) && !/[\p{L}'’.-]$/u.test(text.slice(0, text.length - word.length))
  return registry.entities.some((e) => e.kind === 'person' && e.name.includes(' ') && (endsWithWord(e.name) || endsWithWord(e.name.split(' ').pop() ?? '')))
}

/** Where the sentence holding `position` starts: after the last sentence end or line break before it. */
// "Speaking with John Masterson on KCLR Live, he said …": the person named in the opening clause asked the questions.
const INTERVIEWER_CLAUSE = /^\s*(?:(?:speaking|talking|chatting)\s+(?:with|to)|in\s+an\s+interview\s+with|(?:asked|questioned|interviewed)\s+by)\s/i

/** Where the sentence before the quote starts, when it opens with a clause naming the interviewer. */
function interviewerClauseStart(masked: string, position: number): number | undefined {
  const start = sentenceStartBefore(masked, position)
  return INTERVIEWER_CLAUSE.test(masked.slice(start, position)) ? start : undefined
}

function sentenceStartBefore(masked: string, position: number): number {
  const before = masked.slice(Math.max(0, position - 400), position)
  const lineStart = before.lastIndexOf('\n') + 1
  const sentence = lastSentence(before.slice(lineStart))
  return position - sentence.length
}

function lowerFirst(text: string): string {
  return text.replace(/^(The|A|An)\b/, (d) => d.toLowerCase())
}

/** "Spokesperson for the Secretary-General", "adviser to the president": titles that name the one spoken for. */
function speaksFor(titles: string, head: string): boolean {
  const lower = titles.toLowerCase()
  return lower.includes(`for the ${head}`) || lower.includes(`to the ${head}`)
}

// Offices one person rarely holds together: a minister named next is not "the Chief Justice" (a leader can be a councillor).
const OFFICES = new Set(['minister', 'secretary', 'governor', 'commissioner', 'president', 'mayor', 'senator', 'ambassador', 'premier',
  'chancellor', 'treasurer', 'judge', 'justice', 'coach', 'manager', 'captain', 'inspector-general', 'secretary-general'])

/** Titles that name another office and not this one. */
function titledOtherwise(titles: string, head: string): boolean {
  const words = titles.toLowerCase().split(/[^\p{L}-]+/u).filter(Boolean)
  return words.some((w) => OFFICES.has(w) && w !== head) && !words.includes(head)
}

// A document a story quotes from: "The letter from the city says …" ⏎ "It goes on to state: “…”".
const DOCUMENT_NOUNS = new Set(['letter', 'statement', 'report', 'memo', 'notice', 'release', 'ruling', 'judgment', 'judgement', 'order',
  'filing', 'complaint', 'petition', 'email', 'document', 'study', 'survey', 'paper'])

/** "The letter from the city", "this court order": a determiner, at most two lower-case words, then a document. Read word by word. */
function isDocumentPhrase(phrase: string): boolean {
  const words = phrase.trim().split(/\s+/)
  if (!/^(?:the|this|that)$/i.test(words[0] ?? '')) return false
  for (let i = 1; i <= 3 && i < words.length; i++) {
    const word = words[i] ?? ''
    if (DOCUMENT_NOUNS.has(word.toLowerCase())) return true
    if (!/^[\p{Ll}-]+$/u.test(word)) return false
  }
  return false
}

/** The document a sentence opens with ("The new study is …"), or null. */
function documentSubject(sentence: string): string | null {
  // Looked at only when a document is named in it: the sentence's subject costs a tagger pass.
  if (!sentence.toLowerCase().split(/[^\p{L}]+/u).some((word) => DOCUMENT_NOUNS.has(word))) return null
  const subject = sentenceSubject(sentence)
  return subject?.kind === 'phrase' && isDocumentPhrase(subject.phrase) ? subject.phrase : null
}

/** "…, the study said.": the document a sentence ends by citing, or null. */
function documentCitedLast(sentence: string): string | null {
  const clause = (sentence.trim().replace(/\.$/, '').split(',').pop() ?? '').trim()
  const words = clause.split(/\s+/)
  const verb = words.pop() ?? ''
  if (!/^(?:said|says|found|finds|showed|shows|warned|warns|concluded|concludes|stated|states|noted|notes)$/.test(verb)) return null
  const phrase = words.join(' ')
  return words.length <= 4 && isDocumentPhrase(phrase) && DOCUMENT_NOUNS.has((words[words.length - 1] ?? '').toLowerCase()) ? phrase : null
}

/**
 * "It" after a sentence about a document: the organisation its phrase names, or the document as an unnamed
 * source ("the letter from the city").
 */
function documentBefore(registry: SpeakerRegistry, masked: string, position: number): Entity | undefined {
  const before = masked.slice(Math.max(0, position - 600), position)
  const current = lastSentence(before)
  const previous = lastSentence(before.slice(0, before.length - current.length).trimEnd())
  // "The new study is the first “real-time” analysis of its kind, it says.": the document opens the quote's own sentence;
  // "…, the study said." ⏎ "… “…,” it warned": or the sentence before ends by citing it.
  const phrase = documentSubject(current) ?? documentSubject(previous) ?? documentCitedLast(previous)
  if (!phrase) return undefined
  const subject = { phrase }
  // "The statement from Skyline Air": the organisation it names; else the document itself, unnamed.
  const named = organizationIn(subject.phrase)
  if (named) return registry.findOrganization(named) ?? registry.registerOrganization(named)
  return registry.addUnnamed(lowerFirst(subject.phrase.trim()), null, false, null, position)
}

/**
 * "Narayanpur Collector Rituraj Raghuvanshi …" ⏎ "the Collector said": a capitalised title word that the story, before
 * `position`, prints only right before one and the same name (and otherwise as "the Collector"). "Minister" printed in
 * "Union Minister for Railways X" and in "Prime Minister Y" is two people's, so it is left to the roles.
 */
function printedOnlyBeforeOneName(phrase: string, masked: string, position: number): boolean {
  const word = /^the\s+(\p{Lu}[\p{L}-]{1,20})$/u.exec(phrase)?.[1]
  if (!word) return false
  const before = masked.slice(0, position)
  const names = new Set<string>()
  for (let at = before.indexOf(word); at >= 0; at = before.indexOf(word, at + word.length)) {
    if (at > 0 && /\p{L}/u.test(before[at - 1] ?? '')) continue
    if (/\bthe\s$/i.test(before.slice(Math.max(0, at - 4), at))) continue
    // Up to three capitalised words after it, read word by word.
    const words: string[] = []
    const after = before.slice(at + word.length, at + word.length + 80)
    for (const token of after.startsWith(' ') ? after.slice(1).split(' ') : []) {
      const bare = token.replace(/[.,;:]$/, '')
      if (words.length === 3 || !/^\p{Lu}[\p{L}'’-]+$/u.test(bare)) break
      words.push(bare)
      if (bare !== token) break
    }
    if (words.length === 0 || isRoleWord(words[0] ?? '')) return false
    names.add(words.join(' '))
  }
  return names.size === 1
}

/**
 * "The State Commissioner of Police, CP Fayoade Adegoke …" ⏎ "The CP said …"; "Collector Vetriselvi K. …" ⏎ "the Collector said":
 * "the" and one capitalised word that the story printed before a person's name, earlier on, means that person. An
 * organisation's word ("the Senate", "the Police") means the person only when the registry already knows the name.
 */
function titleWordHolder(phrase: string, registry: SpeakerRegistry, masked: string, position: number): Entity | undefined {
  const word = /^the\s+(\p{Lu}[\p{L}-]{1,20})$/iu.exec(phrase)?.[1]
  if (!word) return undefined
  let holder: Entity | undefined
  let named: string | undefined
  const before = masked.slice(0, position)
  for (let at = before.indexOf(word); at >= 0; at = before.indexOf(word, at + word.length)) {
    if (at > 0 && /\p{L}/u.test(before[at - 1] ?? '')) continue
    // Up to three capitalised words after it: the name it is printed before.
    const words: string[] = []
    for (const token of before.slice(at + word.length, at + word.length + 80).split(' ').slice(1)) {
      const bare = token.replace(/[.,;:]$/, '')
      if (words.length === 3 || !/^\p{Lu}[\p{L}'’-]+$/u.test(bare)) break
      words.push(bare)
      if (bare !== token) break
    }
    if (words.length === 0 || before[at + word.length] !== ' ' || isRoleWord(words[0] ?? '')) continue
    named = words.join(' ')
    for (let n = words.length; n >= 1; n--) {
      const known = registry.find(words.slice(0, n).join(' '))
      if (known?.kind === 'person') {
        holder = known
        break
      }
    }
  }
  if (holder || !named || looksLikeOrganization(word)) return holder
  return registry.register({ name: named, role: word, organization: null, gender: null }, true, { masked, position })
}
