// Speaker phrases ("NATO Secretary General Jens Stoltenberg", "Sarah Lindqvist, chief
// executive of Nordlys Energy") and the registry that de-duplicates people across an
// article, so "Stoltenberg" and "he" resolve to the person named in full earlier.
import nlp from 'compromise'
import type { ParsedSpeaker } from './types.js'
import { honorificGender, isHonorific, isRoleWord } from './roles.js'
import { escapeRegExp } from './text.js'

export type Gender = 'male' | 'female' | null

export interface SpeakerPhrase { name: string; role: string | null; organization: string | null; gender: Gender }

interface Person extends ParsedSpeaker { gender: Gender; isPerson: boolean }

// Capitalised words that open sentences or name dates rather than people.
const NOT_NAME = new Set(('The A An On In At But And Or So Yet Then However Meanwhile Later Earlier Also Speaking Asked ' +
  'When While After Before As If Still Now Today Yesterday Tonight Last This That These Those Its His Her Their Our My We ' +
  'He She They It I According Separately Elsewhere Instead Indeed Overall For With From By To Of Under Over Since During ' +
  'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August ' +
  'September October November December Some Many Most Both Several Other Others Another Each Every Such').split(' '))
const NAME_PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'der', 'den', 'di', 'du', 'la', 'le', 'bin', 'al', 'ibn', 'dos'])

export function isNameToken(token: string): boolean {
  const bare = token.replace(/[,;:]$/, '')
  return /^[\p{Lu}][\p{L}'’.-]*$/u.test(bare) && !NOT_NAME.has(bare)
}

/** Splits "[organisation] [role] [honorific] Name" into its parts; null when no name. */
export function parseSpeakerPhrase(phrase: string): SpeakerPhrase | null {
  const tokens = phrase.replace(/[,;:.]+$/, '').split(/\s+/).filter(Boolean)
  let end = tokens.length
  let start = end
  while (start > 0 && end - start < 4) {
    const token = tokens[start - 1] ?? ''
    const particle = NAME_PARTICLES.has(token) && start < end
    if (!particle && (!isNameToken(token) || isRoleWord(token) || isHonorific(token))) break
    start--
  }
  if (start === end) return null
  const name = tokens.slice(start, end).join(' ').replace(/[’']s$/, '')
  let gender: Gender = null
  let prefixEnd = start
  const honorific = tokens[start - 1]
  if (honorific && isHonorific(honorific)) {
    gender = honorificGender(honorific)
    prefixEnd--
  }
  const { role, organization } = splitRoleAndOrganization(tokens.slice(0, prefixEnd))
  return { name, role, organization, gender }
}

/** "NATO Secretary General" -> org NATO, role Secretary General; "union leader" -> role only. */
export function splitRoleAndOrganization(tokens: string[]): { role: string | null; organization: string | null } {
  const words = tokens.filter((t) => !/^(the|a|an)$/i.test(t))
  const firstRole = words.findIndex((w) => isRoleWord(w))
  // A title ends in a role word ("chief executive"); anything else is a clause.
  if (firstRole < 0 || !isRoleWord(words[words.length - 1] ?? '')) return { role: null, organization: null }
  let orgEnd = firstRole
  // Lower-case qualifiers directly before the role belong to it ("union leader").
  while (orgEnd > 0 && /^\p{Ll}/u.test(words[orgEnd - 1] ?? '')) orgEnd--
  const orgWords = words.slice(0, orgEnd)
  const roleWords = words.slice(orgEnd)
  if (orgWords.length > 0 && !looksLikeOrganization(orgWords)) {
    // "Council leader", "Superior Court Judge": capitalised title words, not an organisation.
    roleWords.unshift(...orgWords.filter((w) => !nlp(w).has('#Demonym')))
    orgWords.length = 0
  }
  const organization = orgWords.join(' ').replace(/[’']s$/, '').trim()
  return { role: roleWords.join(' ').trim() || null, organization: organization && /^\p{Lu}/u.test(organization) ? organization : null }
}

// Capitalised in a title but generic: "City Attorney", "Opposition councillor".
const GENERIC_INSTITUTIONS = new Set(['council', 'city', 'county', 'state', 'opposition', 'government', 'cabinet', 'shadow',
  'party', 'union', 'court', 'parliament', 'town', 'district', 'national', 'federal', 'royal', 'club', 'team', 'company', 'police'])

function looksLikeOrganization(words: string[]): boolean {
  if (words.some((w) => /^\p{Lu}{2,}$/u.test(w)) || /[’']s$/.test(words[words.length - 1] ?? '')) return true
  const first = words[0] ?? ''
  if (nlp(first).has('#Adjective') || nlp(first).has('#Demonym')) return false
  return words.length >= 2 || !GENERIC_INSTITUTIONS.has(first.toLowerCase())
}

/** The "[organisation] [role] Name" phrase ending a stretch of text, walking back over name, role and honorific words. */
export function trailingNamePhrase(text: string, maxTokens = 8): string {
  const tokens = text.trimEnd().split(/\s+/).filter(Boolean)
  let start = tokens.length
  while (start > 0 && tokens.length - start < maxTokens) {
    const token = tokens[start - 1] ?? ''
    if (/[,;:.]$/.test(token) && !isHonorific(token) || !(isNameToken(token) || isRoleWord(token) || isHonorific(token))) break
    start--
  }
  return tokens.slice(start).join(' ')
}

/** ", chief executive of Nordlys Energy," / ", NATO's secretary general" -> role and organisation. */
export function parseAppositive(text: string): { role: string | null; organization: string | null } {
  // "a mother of two in Kessel": where someone lives is not part of their title.
  const clean = text.replace(/^[\s,]+|[\s,.;:]+$/g, '').replace(/\s+(who|which|that|whose)\s.*$/i, '').replace(/^(the|a|an)\s+/i, '').replace(/\s+in\s+\p{Lu}[\p{L}\s]*$/u, '')
  if (!clean || /^\d/.test(clean) || /^(who|which|that|whose|where)\b/i.test(clean) ||
    (nlp(clean.split(' ')[0] ?? '').has('#Verb') && !isRoleWord(clean.split(' ').pop() ?? ''))) {
    return { role: null, organization: null }
  }
  const ofOrg = /^(.+?)\s+(?:of|at|for|with|from)\s+(?:the\s+)?(\p{Lu}.*)$/u.exec(clean)
  if (ofOrg) return { role: ofOrg[1] ?? null, organization: ofOrg[2] ?? null }
  const possessive = /^(\p{Lu}[^']*?)[’']s\s+(.+)$/u.exec(clean)
  if (possessive) return { role: possessive[2] ?? null, organization: possessive[1] ?? null }
  const split = splitRoleAndOrganization(clean.split(/\s+/))
  if (split.role) return split
  return /^\p{Ll}/u.test(clean) && !/\b(that|who|which|when|and|but)\b/.test(clean) && clean.split(/\s+/).length <= 5 ? { role: clean, organization: null } : { role: null, organization: null }
}

export class SpeakerRegistry {
  private readonly people: Person[] = []

  constructor(known: ParsedSpeaker[] = []) {
    for (const speaker of known) this.people.push({ ...speaker, gender: null, isPerson: true })
  }

  /** Adds or merges a phrase and returns the canonical entry. */
  register(phrase: SpeakerPhrase, isPerson = true): Person {
    const existing = this.find(phrase.name)
    if (existing) {
      if (phrase.name.split(' ').length > existing.name.split(' ').length) existing.name = phrase.name
      existing.role ??= phrase.role
      existing.organization ??= phrase.organization
      existing.gender ??= phrase.gender ?? guessGender(phrase.name)
      existing.isPerson ||= isPerson
      return existing
    }
    const person: Person = { ...phrase, kind: 'person', gender: phrase.gender ?? guessGender(phrase.name), isPerson }
    this.people.push(person)
    return person
  }

  /** Full-name match, or surname against a full name (either way round). */
  find(name: string): Person | undefined {
    const key = name.toLowerCase()
    const exact = this.people.find((p) => p.name.toLowerCase() === key)
    if (exact) return exact
    const surname = lastToken(key)
    const single = !key.includes(' ')
    return this.people.find((p) => {
      const other = p.name.toLowerCase()
      return lastToken(other) === surname && (single || !other.includes(' '))
    })
  }

  /** The person most recently named before `position` in the masked article text. */
  lastMentionBefore(masked: string, position: number, pronoun: string): Person | undefined {
    const wanted: Gender = /^(he|him|his)$/i.test(pronoun) ? 'male' : /^(she|her|hers)$/i.test(pronoun) ? 'female' : null
    let best: Person | undefined
    let bestIndex = -1
    const before = masked.slice(0, position)
    for (const person of this.people) {
      if (!person.isPerson || (wanted && person.gender && person.gender !== wanted)) continue
      const names = [person.name, lastToken(person.name)].map(escapeRegExp).join('|')
      const re = new RegExp(`(?<![\\p{L}])(?:${names})(?![\\p{L}])`, 'gu')
      for (let m = re.exec(before); m; m = re.exec(before)) {
        if (m.index > bestIndex) {
          bestIndex = m.index
          best = person
        }
      }
    }
    return best
  }

  /** Fills a missing role or organisation from other mentions: "Council leader Margaret Okafor", "Price, a councillor,". */
  enrichFromMentions(name: string, masked: string): void {
    const person = this.find(name)
    if (!person || !person.name.includes(' ') || (person.role && person.organization)) return
    const re = new RegExp(`(?<![\\p{L}])${escapeRegExp(person.name)}(?![\\p{L}])`, 'gu')
    for (const m of masked.matchAll(re)) {
      const before = masked.slice(Math.max(0, m.index - 100), m.index)
      const prefix = trailingNamePhrase(before)
      const fromPrefix = prefix ? splitRoleAndOrganization(prefix.split(' ').filter((t) => !isHonorific(t))) : { role: null, organization: null }
      const after = masked.slice(m.index + m[0].length)
      // ", 52, a school bus driver who ..." -- skip an age before the appositive.
      const appositive = /^,\s*(?:\d{1,3},\s*)?([^,.;]{3,80}?)\s*[,.;]/.exec(after)
      const fromAppositive = appositive ? parseAppositive(appositive[1] ?? '') : { role: null, organization: null }
      const found = fromPrefix.role ? fromPrefix : fromAppositive
      // "glaciologist Anna Keller of the Alpine Research Institute in Innsbruck"
      const ofOrganization = /^\s+(?:of|at|from)\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?:\s+(?:of|for|and|the|\p{Lu}[\p{L}'’-]*))*)/u.exec(after)
      if (found.role && !found.organization && ofOrganization) found.organization = (ofOrganization[1] ?? '').replace(/\s+(of|for|and|the)$/, '')
      if (!found.role) continue
      if (!person.role) {
        person.role = found.role
        person.organization ??= found.organization
      }
      return
    }
  }

  /** "the minister" -> the most recent person whose role mentions "minister". */
  resolveDescriptor(descriptor: string): Person | undefined {
    const head = lastToken(descriptor.toLowerCase().replace(/[,.;:]+$/, ''))
    if (!isRoleWord(head)) return undefined
    return [...this.people].reverse().find((p) => p.role?.toLowerCase().includes(head))
  }
}

function lastToken(name: string): string {
  const tokens = name.split(' ')
  return tokens[tokens.length - 1] ?? name
}

function guessGender(name: string): Gender {
  const person = nlp(name).people().json()[0] as { person?: { presumed_gender?: string | null } } | undefined
  const guess = person?.person?.presumed_gender
  return guess === 'male' || guess === 'female' ? guess : null
}
