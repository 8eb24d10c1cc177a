// Everyone and everything a story quotes or names: people (merged across "Jens Stoltenberg",
// "Stoltenberg" and "Mr Stoltenberg"), organisations (with their acronyms and short names)
// and unnamed sources ("a spokesperson for the airline"). Resolves "he"/"she" to the person
// last named or quoted, roles ("the minister") to the person last named with that role, and
// "the agency" to the organisation the story is about.
import nlp from 'compromise'
import type { ParsedSpeaker } from './types.js'
import { isHonorific, isRoleWord } from './roles.js'
import { parseAppositive, splitRoleAndOrganization, trailingNamePhrase, type Gender, type SpeakerPhrase } from './speakers.js'
import { backwards, lastSentence, memoize, runEnd } from './text.js'
import { literalTemplate } from '../lib/built-regex.js'

export interface Entity {
  kind: 'person' | 'organization' | 'unnamed'
  /** Person or organisation name; for an unnamed source, its description. */
  name: string
  role: string | null
  organization: string | null
  gender: Gender
  aliases: string[]
  plural: boolean
  /** Where an unnamed source is described or an entity speaks (named entities are also found by name). */
  positions: number[]
  isPerson: boolean
}

// Words in titles that stand for longer ones: "the CM" is the Chief Minister, "Cllr" a councillor.
const ROLE_ALIASES: Record<string, string[]> = {
  skipper: ['captain', 'skipper'], boss: ['manager', 'boss', 'chief', 'head', 'commander', 'director', 'leader'],
  chief: ['chief', 'head', 'leader', 'secretary general', 'director', 'commissioner', 'commander', 'executive'],
  cm: ['chief minister'], pm: ['prime minister'], ig: ['inspector general'], td: ['td', 't.d.', 'deputy'], 't.d': ['td', 't.d.', 'deputy'],
  councillor: ['councillor', 'cllr', 'coun', 'cr'], councilor: ['councilor', 'councillor', 'cllr', 'coun'], manager: ['manager', 'boss', 'coach'],
  coach: ['coach', 'manager'], captain: ['captain', 'skipper'], minister: ['minister'], mayor: ['mayor'], judge: ['judge', 'justice'],
  spokesperson: ['spokesperson', 'spokesman', 'spokeswoman'], spokesman: ['spokesman', 'spokesperson'], spokeswoman: ['spokeswoman', 'spokesperson'],
}
// Organisation nouns and the name words that show an organisation is one of them.
const ORG_NOUN_WORDS: Record<string, RegExp> = {
  airline: /\b(air|airlines?|airways|jet)\b/i, carrier: /\b(air|airlines?|airways|rail)\b/i, agency: /\bagency\b/i,
  council: /\bcouncil\b/i, union: /\bunion\b/i, force: /\bpolice\b/i, police: /\bpolice\b/i, ministry: /\bministry\b/i,
  department: /\bdepartment\b/i, university: /\buniversity\b/i, bank: /\bbank\b/i, regulator: /\b(authority|commission|regulator|agency|office)\b/i,
  club: /\b(fc|united|city|club|rovers|athletic|town)\b/i, authority: /\bauthority\b/i, watchdog: /\b(council|authority|commission|office|watch)\b/i,
}
const STATEMENT_NOUNS = /^(statement|announcement|release|letter|post|report|memo)$/
// A further word of an organisation's name after "of": a linking word or a capitalised word.
const NEXT_ORGANIZATION_TOKEN = /\s+(?:of|for|and|the|\p{Lu}[\p{L}'’-]*)/uy

// Names and words from the story, as whole words.
const WHOLE_WORDS = literalTemplate('registry WHOLE_WORDS', 'u', (words) => String.raw`(?<![\p{L}])${words}(?![\p{L}])`)
const EACH_MENTION = literalTemplate('registry EACH_MENTION', 'gu', (names) => String.raw`(?<![\p{L}])${names}(?![\p{L}])`)
// A mention that speaks ("the Spanish Civil Guard told Sky News") is captured with its verb.
const MENTION_SPEAKING = literalTemplate('registry MENTION_SPEAKING', 'gu', (names) => String.raw`(?<![\p{L}])${names}(?![\p{L}])(\s+(?:has\s+|had\s+)?(?:said|says|told|tells|stated|added|announced|warned|confirmed|wrote|tweeted)\b)?`)

export class SpeakerRegistry {
  readonly entities: Entity[] = []

  constructor(known: ParsedSpeaker[] = []) {
    for (const speaker of known) {
      this.entities.push({ ...speaker, kind: speaker.kind, gender: null, aliases: [], plural: false, positions: [], isPerson: speaker.kind === 'person' })
    }
  }

  /**
   * Adds or merges a person and returns the canonical entry. `near` places the mention, so that a bare
   * surname two people share ("Parrott said" after Ted and Pamela Parrott) goes to the one meant.
   */
  register(phrase: SpeakerPhrase, isPerson = true, near?: { masked: string; position: number }): Entity {
    const existing = (near && !phrase.name.includes(' ') ? this.namesake(phrase.name, phrase.gender, near.masked, near.position) : undefined) ?? this.find(phrase.name)
    if (existing) {
      if (phrase.name.split(' ').length > existing.name.split(' ').length) existing.name = phrase.name
      existing.role ??= phrase.role
      existing.organization ??= phrase.organization
      existing.gender ??= phrase.gender ?? guessGender(phrase.name)
      existing.isPerson ||= isPerson
      return existing
    }
    const person: Entity = { ...phrase, kind: 'person', gender: phrase.gender ?? guessGender(phrase.name), aliases: [], plural: false, positions: [], isPerson }
    this.entities.push(person)
    return person
  }

  registerOrganization(name: string, alias: string | null = null): Entity {
    const clean = name.replace(/^the\s+/i, '').replace(/[’']s$/, '').trim()
    const existing = this.findOrganization(clean) ?? (alias ? this.findOrganization(alias) : undefined)
    if (existing) {
      if (clean.split(' ').length > existing.name.split(' ').length && !existing.aliases.includes(clean)) {
        existing.aliases.push(existing.name)
        existing.name = clean
      }
      if (alias && !existing.aliases.includes(alias)) existing.aliases.push(alias)
      return existing
    }
    const org: Entity = { kind: 'organization', name: clean, role: null, organization: null, gender: null, aliases: alias ? [alias] : [], plural: false, positions: [], isPerson: false }
    // "Skyline Air" is also "Skyline"; "Arcwave Interactive" also "Arcwave".
    const tokens = clean.split(' ')
    if (tokens.length === 2 && /^\p{Lu}\p{Ll}+$/u.test(tokens[0] ?? '') && !nlp(tokens[0] ?? '').has('#Demonym') && !nlp(tokens[0] ?? '').has('#Place')) org.aliases.push(tokens[0] ?? '')
    this.entities.push(org)
    return org
  }

  addUnnamed(description: string, organization: string | null, plural: boolean, gender: Gender, position: number): Entity {
    const entity: Entity = { kind: 'unnamed', name: description, role: null, organization, gender, aliases: [], plural, positions: [position], isPerson: true }
    this.entities.push(entity)
    return entity
  }

  /** Full-name match, or surname against a full name (either way round); people only. */
  find(name: string): Entity | undefined {
    const key = name.toLowerCase()
    const people = this.entities.filter((e) => e.kind === 'person')
    const exact = people.find((p) => p.name.toLowerCase() === key)
    if (exact) return exact
    const surname = lastToken(name).toLowerCase()
    const single = !key.includes(' ')
    return people.find((p) => {
      const other = p.name.toLowerCase()
      // "Shivraj Singh" and "Shivraj Singh Chouhan" are one person.
      if (!single && other.includes(' ') && (other.startsWith(`${key} `) || key.startsWith(`${other} `))) return true
      // "Gen Al Mansouri said" after "Khalil Ebrahim Al Mansouri": a surname with its particle is the full name it ends (convention 272).
      if (SURNAME_PARTICLE.test(key) && other.endsWith(` ${key}`)) return true
      return lastToken(p.name).toLowerCase() === surname && (single || !other.includes(' '))
    })
  }

  /**
   * Two or more people with this surname: the one of the title's gender ("Mrs Parrott"), else the one
   * named (in full or by first name) or quoted last before `position`. Undefined when fewer than two.
   */
  namesake(surname: string, gender: Gender, masked: string, position: number): Entity | undefined {
    const key = surname.toLowerCase()
    const all = this.entities.filter((e) => e.kind === 'person' && e.name.includes(' ') && lastToken(e.name).toLowerCase() === key)
    if (all.length < 2) return undefined
    const gendered = gender ? all.filter((e) => e.gender === gender) : []
    const notOther = gender ? all.filter((e) => e.gender === null) : []
    const pool = gendered.length > 0 ? gendered : notOther.length > 0 ? notOther : all
    let best: Entity | undefined
    let bestIndex = -2
    for (const person of pool) {
      let index = Math.max(-1, ...person.positions.filter((p) => p < position))
      for (const m of masked.slice(0, position).matchAll(EACH_MENTION([person.name, givenName(person.name)]))) index = Math.max(index, m.index)
      if (index > bestIndex) {
        bestIndex = index
        best = person
      }
    }
    return best
  }

  findOrganization(name: string): Entity | undefined {
    const key = name.toLowerCase().replace(/^the\s+/, '')
    return this.entities.find((e) => e.kind === 'organization' && (e.name.toLowerCase() === key || e.aliases.some((a) => a.toLowerCase() === key)))
  }

  /** The person (or unnamed source) most recently named or quoted before `position`, of the pronoun's gender and number. */
  lastMentionBefore(masked: string, position: number, pronoun: string, except?: Entity): Entity | undefined {
    const p = pronoun.toLowerCase()
    const wanted: Gender = /^(he|him|his)$/.test(p) ? 'male' : /^(she|her|hers)$/.test(p) ? 'female' : null
    const plural = /^(they|them|their)$/.test(p)
    let best: Entity | undefined
    let bestIndex = -1
    for (const entity of this.entities) {
      // A bare surname is a person once quoted ("…,” Mr. Bagbin said." ⏎ "“…,” he declared."; convention 250).
      const person = entity.isPerson || (entity.kind === 'person' && entity.positions.some((p) => p < position))
      if (entity === except || entity.kind === 'organization' || !person || entity.plural !== plural) continue
      if (wanted && entity.gender && entity.gender !== wanted) continue
      const index = this.lastPosition(entity, masked, position, true)
      if (index > bestIndex) {
        bestIndex = index
        best = entity
      }
    }
    if (best && wanted) best.gender ??= wanted
    return best
  }

  /** The last organisation an "it" or "the company" refers to. */
  lastOrganizationBefore(masked: string, position: number, noun: string | null): Entity | undefined {
    const orgs = this.entities.filter((e) => e.kind === 'organization')
    const pattern = noun ? ORG_NOUN_WORDS[noun] : undefined
    const fitting = pattern ? orgs.filter((o) => pattern.test(o.name)) : []
    const pool = fitting.length > 0 ? fitting : orgs
    // The organisation named most often is what the story is about; ties go to the latest.
    let best: Entity | undefined
    let bestScore = -1
    for (const org of pool) {
      const count = this.mentionCount(org, masked, position)
      const score = count * 10_000 + this.lastPosition(org, masked, position) / 1_000_000
      if (count > 0 && score > bestScore) {
        bestScore = score
        best = org
      }
    }
    return best
  }

  /** The named person mentioned last, if that was within `distance` characters before `position`. */
  /**
   * A transcript's initials label ("G:" after "Gore:", "JM:" for José Mourinho): the person named last before
   * `position` whose initials these are (one letter is the surname's), or undefined when nobody's are.
   */
  byInitials(initials: string, masked: string, position: number): Entity | undefined {
    const letters = initials.replace(/\./g, '')
    let best: Entity | undefined
    let bestIndex = -1
    for (const person of this.entities) {
      if (person.kind !== 'person' || !person.name.includes(' ')) continue
      const capitals = person.name.split(' ').filter((t) => /^\p{Lu}/u.test(t)).map((t) => t[0] ?? '')
      const mine = letters.length === 1 ? [capitals[capitals.length - 1]] : [capitals.join(''), `${capitals[0] ?? ''}${capitals[capitals.length - 1] ?? ''}`]
      if (!mine.includes(letters)) continue
      const index = this.lastPosition(person, masked, position)
      if (index > bestIndex) {
        bestIndex = index
        best = person
      }
    }
    return best
  }

  lastNamedNear(masked: string, position: number, distance: number): Entity | undefined {
    let best: Entity | undefined
    let bestIndex = position - distance
    for (const person of this.entities) {
      if (person.kind !== 'person' || (!person.isPerson && person.positions.length === 0)) continue
      const index = this.lastPosition(person, masked, position)
      // -1 is "never named before": near the start of a story it would beat a negative bound.
      if (index >= 0 && index > bestIndex) {
        bestIndex = index
        best = person
      }
    }
    return best
  }

  /**
   * The person who opens the next sentences ("The leader of the council has apologised for … “dinosaurs”." ⏎
   * "Cllr Neil Ashworth, who leads …"): a description named only after the quote. Titles may come first.
   */
  firstNamedAfter(masked: string, position: number, distance: number): Entity | undefined {
    let best: Entity | undefined
    let bestIndex = position + distance
    const ahead = masked.slice(position, position + distance)
    for (const person of this.entities) {
      if (person.kind !== 'person' || !person.name.includes(' ')) continue
      const m = EACH_MENTION([person.name]).exec(ahead)
      if (!m || position + m.index >= bestIndex) continue
      const lead = ahead.slice(0, m.index)
      // Only what opens a later sentence: at most three title words between the sentence start and the name.
      const opening = lastSentence(lead.slice(lead.lastIndexOf('\n') + 1)).split(/\s+/).filter(Boolean)
      const opens = opening.length <= 3 && opening.every((t) => isHonorific(t) || isRoleWord(t) || /^\p{Lu}/u.test(t))
      // …or the subject of a later sentence's speech verb: "In a letter, the chairman of X, Coun Graham Mitchell, told …".
      const speaks = SPEAKS_NEXT.test(ahead.slice(m.index + m[0].length))
      if (!/[.!?\n]/.test(lead) || !(opens || speaks)) continue
      best = person
      bestIndex = position + m.index
    }
    return best
  }

  /** "the minister" -> the person last named with a title containing "minister" (qualifiers such as "BMC" preferred). */
  resolveRole(head: string, qualifiers: string[], masked: string, position: number): Entity | undefined {
    const wanted = ROLE_ALIASES[head] ?? [head]
    const people = this.entities.filter((e) => e.kind === 'person' && this.lastPosition(e, masked, position) >= 0)
    const titled = people.filter((p) => {
      const titles = ownTitles(this.titlesOf(p, masked, position), p.organization).toLowerCase()
      return wanted.some((w) => WHOLE_WORDS([w]).test(titles) && (qualifiers.length > 0 || !onlyAsOtherOffice(titles, w)))
    })
    const qualified = titled.filter((p) => qualifiers.length > 0 && qualifiers.every((q) => this.titlesOf(p, masked, position).toLowerCase().includes(q.replace(/[’']s$/, ''))))
    // "the French president" is not the one titled "Ukrainian President": a nationality the titles contradict rules a person out.
    const nationalities = qualifiers.filter(isNationality).map((q) => q.toLowerCase())
    const allowed = nationalities.length === 0 ? titled : titled.filter((p) => {
      const own = this.titlesOf(p, masked, position).split(/[^\p{L}-]+/u).filter(isNationality).map((w) => w.toLowerCase())
      return own.length === 0 || own.some((w) => nationalities.includes(w))
    })
    const pool = qualified.length > 0 ? qualified : allowed
    return pool.reduce<Entity | undefined>((best, p) => (!best || this.lastPosition(p, masked, position) > this.lastPosition(best, masked, position) ? p : best), undefined)
  }

  /** Titles around a person's mentions: "Minister for Justice Aoife Brennan", "Kofi Mensah-Bonsu, Finance Minister:". */
  /** The words of a person's titles, lower-cased, so a body's name matches whole words ("un" is not in "union"). */
  titleWordsOf(person: Entity, masked: string, position: number): Set<string> {
    return new Set(this.titlesOf(person, masked, position).toLowerCase().split(/[^\p{L}\p{N}&.-]+/u).filter(Boolean))
  }

  titlesOf(person: Entity, masked: string, position: number): string {
    const parts = [person.role ?? '', person.organization ?? '']
    const re = EACH_MENTION([person.name, lastToken(person.name)])
    for (const m of masked.slice(0, Math.max(position, 0) + 200).matchAll(re)) {
      const appositive = /^\s*(?:\([^)]*\)\s*)?,\s*([^,.;:\n]{2,60})/.exec(masked.slice(m.index + m[0].length))?.[1] ?? ''
      // "Asked about Joan Petrie, the minister said": a clause with its own verb is no appositive.
      const after = /\b(?:said|says|told|added|stated|replied|asked|insisted)\b/.test(appositive) ? '' : appositive
      const before = masked.slice(Math.max(0, m.index - 100), m.index)
      parts.push(titleBefore(before), after)
      // "The Federal Minister for Information, Pervez Rashid, said": the title is the comma frame before the name.
      // …but "According to the police, Ansah was held" names the source, not Ansah's title (convention 240).
      if (/,\s*$/.test(before) && !/^\s*according to\b/i.test(lastSentence(before))) parts.push(lastSentence(before))
    }
    return parts.join(' | ')
  }

  /** Fills a missing role or organisation from other mentions: "Council leader Margaret Okafor", "Price, a councillor,". */
  enrichFromMentions(name: string, masked: string): void {
    const person = this.find(name)
    if (!person || !person.name.includes(' ') || (person.role && person.organization)) return
    const re = EACH_MENTION([person.name])
    for (const m of masked.matchAll(re)) {
      const before = masked.slice(Math.max(0, m.index - 100), m.index)
      const prefix = trailingNamePhrase(before)
      const fromPrefix = prefix ? splitRoleAndOrganization(prefix.split(' ').filter((t) => !isHonorific(t))) : { role: null, organization: null }
      const after = masked.slice(m.index + m[0].length)
      // ", 52, a school bus driver who ..." -- skip an age before the appositive.
      // 3 to 80 characters that start and end with a non-space, so no space is shared with the `\s*` around them.
      const appositive = /^,\s*(?:\d{1,3},\s*)?([^,.;\s][^,.;]{1,78}?[^,.;\s])\s*[,.;]/.exec(after)
      const fromAppositive = appositive ? parseAppositive(appositive[1] ?? '') : { role: null, organization: null }
      const found = fromPrefix.role ? fromPrefix : fromAppositive
      // "glaciologist Anna Keller of the Alpine Research Institute in Innsbruck"
      const ofOrganization = /^\s+(?:of|at|from)\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*)/u.exec(after)
      if (found.role && !found.organization && ofOrganization) {
        // The name runs on word by word, each step matched one way only.
        const name = after.slice(ofOrganization[0].length - (ofOrganization[1] ?? '').length, runEnd(after, ofOrganization[0].length, NEXT_ORGANIZATION_TOKEN))
        found.organization = name.replace(/(?<!\s)\s+(of|for|and|the)$/, '')
      }
      if (!found.role) continue
      if (!person.role) {
        person.role = found.role
        person.organization ??= found.organization
      }
      return
    }
  }

  isStatementNoun(noun: string): boolean {
    return STATEMENT_NOUNS.test(noun)
  }

  /** Where the entity was last named (or quoted) before `position`, or -1. */
  lastPosition(entity: Entity, masked: string, position: number, asReferent = false): number {
    let best = Math.max(-1, ...entity.positions.filter((p) => p < position))
    if (entity.kind === 'unnamed') return best
    const names = [entity.name, ...entity.aliases, ...(entity.kind === 'person' && entity.name.includes(' ') ? [lastToken(entity.name)] : [])]
    // "Fawad’s remarks" names Fawad Chauhdry for a later "he", when nobody else has that first name.
    if (asReferent && entity.kind === 'person' && entity.name.includes(' ')) names.push(...this.uniqueFirstName(entity))
    const re = EACH_MENTION(names)
    for (const m of masked.slice(0, position).matchAll(re)) {
      if (m.index > best && !(asReferent && (inReportedSpeech(masked, m.index) || inNameList(masked, m.index, m[0].length) || isInterviewer(masked, m.index)))) best = m.index
    }
    return best
  }

  private uniqueFirstName(person: Entity): string[] {
    const first = person.name.split(' ')[0] ?? ''
    if (first.length < 3 || /\.$/.test(first) || isHonorific(first) || isRoleWord(first)) return []
    const shared = this.entities.some((e) => e !== person && e.kind === 'person' && (e.name.split(' ')[0] === first || lastToken(e.name) === first))
    return shared ? [] : [first]
  }

  /** Mentions before `position`; one that speaks ("the Spanish Civil Guard told Sky News") counts double. */
  private mentionCount(entity: Entity, masked: string, position: number): number {
    const names = [entity.name, ...entity.aliases]
    const re = MENTION_SPEAKING(names)
    let count = entity.positions.filter((p) => p < position).length
    for (const m of masked.slice(0, position).matchAll(re)) count += m[1] ? 2 : 1
    return count
  }
}

// "The minister, speaking to energy historian Daniel Yergin, said …": up to three lower-case words (a role) between.
const INTERVIEWER_BEFORE = /(?:(?:speaking|talking|chatting)\s+(?:to|with)|interview(?:ed)?\s+(?:with|by))\s+(?:[\p{Ll}-]+\s+)?(?:[\p{Ll}-]+\s+)?(?:[\p{Ll}-]+\s+)?$/u

/** "French", "Ukrainian", "Turkish": a nationality adjective, capitalised or not. */
const isNationality = memoize((word: string): boolean => {
  const capital = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()
  return /^\p{L}{4,}$/u.test(word) && (nlp(capital).has('#Demonym') || /^(?:british|irish|turkish|spanish|polish|danish|swedish|finnish|scottish|welsh|english|kurdish|flemish)$/i.test(word))
})

/** A name that follows "speaking to", "in an interview with": the one asking, not who a later "he" is. */
function isInterviewer(masked: string, index: number): boolean {
  return INTERVIEWER_BEFORE.test(masked.slice(Math.max(0, index - 60), index))
}

// Right after a name: maybe a comma-framed appositive, then a verb of saying.
const SPEAKS_NEXT = /^,?(?:[^,.;:\n]{1,80},)?\s+(?:has\s+|had\s+)?(?:told|said|says|wrote|added|insisted|claimed|stated)\b/

// ", he said" closing the rest of a sentence: what came before it in that sentence was reported speech.
const PRONOUN_SAID_AFTER = /,\s*(?:he|she)\s+(?:said|says|added|noted|stated|explained)\s*$/i
const REPORTING_VERB = /\b(?:said|says|told|tells|added|warned|claimed|insisted|argued|stated|explained|noted)\b/g
// "Greer later ", "he ": a subject, perhaps an adverb, and a space where the text ends, read backwards.
const SUBJECT_AT_END_BACKWARDS = /^(?:\s+(?:yl\w+|osla|retal|dah|sah))?\s+(?:eh|ehs|yeht|ti|[\p{L}'’-]+\p{Lu})\b/u

/**
 * "In a statement, he said Imran Khan's politics would fail": a name inside reported speech is
 * what someone talked about, not who "he" is next. "said Cllr Menell" (the name right after the verb) is a speaker.
 */
function inReportedSpeech(masked: string, index: number): boolean {
  // "… as mandated by Prime Minister Najib Razak, he said.": the sentence is someone's words, attributed after the name.
  if (PRONOUN_SAID_AFTER.test(masked.slice(index, index + 300).split(/[.!?](?=\s|$)|\n/)[0] ?? '')) return true
  const sentence = (masked.slice(Math.max(0, index - 200), index).split(/[.!?]\s+|\n/).pop() ?? '')
  // The last verb of a sentence on one line.
  if (/[\r\u2028\u2029]/.test(sentence)) return false
  let verb: RegExpExecArray | null = null
  for (const m of sentence.matchAll(REPORTING_VERB)) verb = m
  if (!verb) return false
  const subjectBefore = SUBJECT_AT_END_BACKWARDS.test(backwards(sentence.slice(0, verb.index)))
  return subjectBefore || sentence.slice(verb.index + verb[0].length).trim().split(/\s+/).filter(Boolean).length > 3
}

// "Prime Minister", "Chief Minister", "Vice President": another office than the bare title names.
const OTHER_OFFICE_MODIFIERS = new Set(['prime', 'chief', 'vice'])

/** "the Minister" is not someone whose titles give that word only as "Prime Minister" or "Chief Minister". Read word by word. */
function onlyAsOtherOffice(titles: string, head: string): boolean {
  const words = titles.split(/[^\p{L}-]+/u)
  let bare = false
  let modified = false
  words.forEach((word, i) => {
    if (word !== head) return
    if (OTHER_OFFICE_MODIFIERS.has(words[i - 1] ?? '')) modified = true
    else bare = true
  })
  return modified && !bare
}

/**
 * "The suspects include A, B, C, and D": a name in a list of three or more names is not whom a later "he" means.
 * Read comma by comma within the sentence around the mention.
 */
function inNameList(masked: string, index: number, length: number): boolean {
  const from = Math.max(0, index - 300)
  const before = masked.slice(from, index).split(/[.!?:;]\s|\n/).pop() ?? ''
  const after = masked.slice(index, index + 300).split(/[.!?:;](?:\s|$)|\n/)[0] ?? ''
  const items = (before + after).split(',').map((item) => item.trim().replace(/^and\s+/, ''))
  const isName = (item: string): boolean => {
    const words = item.split(/\s+/)
    return words.length >= 1 && words.length <= 4 && words.every((w) => /^\p{Lu}[\p{L}’'.-]*$/u.test(w))
  }
  // The first item may open with the words that introduce the list ("include Saifulahi Mohammed").
  const endsWithName = (item: string): boolean => {
    const words = item.split(/\s+/)
    return isName(words.slice(-2).join(' ')) || isName(words.slice(-1).join(' '))
  }
  // Which item holds the mention, then the run of name items around it.
  const at = before.split(',').length - 1
  const own = items[at] ?? ''
  if (!(isName(own) || (at === 0 || !isName(items[at - 1] ?? '') ? endsWithName(own) : false))) return false
  let first = at
  let last = at
  while (first > 0 && isName(items[first] ?? '') && endsWithName(items[first - 1] ?? '')) first--
  while (last < items.length - 1 && isName(items[last + 1] ?? '')) last++
  return last - first >= 2 && length > 0
}

/** The title words right before a name: "Minister for Justice", "local TD", "Nairobi Regional Police Commander (RPC)". */
function titleBefore(text: string): string {
  // A comma right before the name ends a clause ("According to the police, Ansah …"): the comma frame is read apart.
  if (/,\s*$/.test(text)) return ''
  const tokens = text.trimEnd().split(/\s+/)
  let start = tokens.length
  while (start > 0) {
    const token = tokens[start - 1] ?? ''
    const bare = token.replace(/[’']s$/, '')
    if (/[.!?]$/.test(bare) && !isHonorific(bare)) break
    const titleWord = isRoleWord(bare) || isHonorific(bare) || /^\(\p{Lu}+\)$/u.test(bare) || (/^\p{Lu}/u.test(bare) && !/[,.;:]$/.test(bare)) ||
      (/^(for|of|the|and)$/.test(bare) && start < tokens.length)
    if (!titleWord) break
    start--
  }
  return tokens.slice(start).join(' ').replace(/\bCllr\b|\bCoun\b|\bCr\b/g, 'councillor')
}

// A two-word surname that opens with its particle: "al mansouri", "el sisi", "van dijk", "de souza", "bin salman".
const SURNAME_PARTICLE = /^(?:al|el|al-|bin|ibn|abu|van|von|de|da|di|du|del|della|dos|le|la)\s\S+$/

// "Lee Jae-myung", "Han Dong-hoon": a Korean name puts the family name first, and its given name is hyphenated with a
// lower-case second syllable (a double-barrelled surname, "Smith-Jones", capitalises both parts).
const GIVEN_NAME_SECOND = /^\p{Lu}\p{Ll}+-\p{Ll}+$/u

/** The given name: the first word, or the second of a Korean name. */
function givenName(name: string): string {
  const tokens = name.split(' ')
  return (tokens.length === 2 && GIVEN_NAME_SECOND.test(tokens[1] ?? '') ? tokens[1] : tokens[0]) ?? name
}

/** The family name: the last word, or the first of a Korean name (see GIVEN_NAME_SECOND). Case as given. */
function lastToken(name: string): string {
  const tokens = name.split(' ')
  if (tokens.length === 2 && GIVEN_NAME_SECOND.test(tokens[1] ?? '')) return tokens[0] ?? name
  // "Ferdinand Marcos Jr.", "Vicente Sotto III": the surname is before the generational suffix.
  if (tokens.length > 2 && /^(?:jr|sr|ii|iii|iv)\.?$/i.test(tokens[tokens.length - 1] ?? '')) tokens.pop()
  return tokens[tokens.length - 1] ?? name
}

export const guessGender = memoize((name: string): Gender => {
  const person = nlp(name).people().json()[0] as { person?: { presumed_gender?: string | null } } | undefined
  const guess = person?.person?.presumed_gender
  return guess === 'male' || guess === 'female' ? guess : null
})


/** A person's titles without those of whom they speak for (an organisation that is itself such a title goes too). */
function ownTitles(titles: string, organization: string | null): string {
  const spokenFor = organization !== null && (titles.includes(`for the ${organization}`) || titles.includes(`to the ${organization}`))
  return withoutSpokenFor(spokenFor ? titles.split(organization).join(' ') : titles)
}

/** "Spokesperson for the Secretary-General", "adviser to the President": up to four capitalised words after "for/to the" are someone else's title. */
function withoutSpokenFor(titles: string): string {
  const words = titles.split(/\s+/)
  const kept: string[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? ''
    if (/^(?:for|to)$/i.test(word) && /^the$/i.test(words[i + 1] ?? '')) {
      let skip = i + 2
      while (skip < words.length && skip < i + 6 && /^\p{Lu}/u.test(words[skip] ?? '')) skip++
      if (skip > i + 2) {
        i = skip - 1
        continue
      }
    }
    kept.push(word)
  }
  return kept.join(' ')
}
