import { itemSlugFor } from '../../lib/slugs.js'

// Which stored speaker a speaker named in a new story is. The rule (README, "Speakers across
// stories"):
// 1. Same name (ignoring case and accents), or a bare surname against one stored full name,
//    and the same kind (person or organisation).
// 2. And compatible attributions: two organisations that both are known must be the same (one
//    may contain the other: "NATO" and "NATO headquarters"). A bare surname must also agree on
//    the role when the organisation is unknown on either side (two known roles share a word:
//    "Secretary General", "former Secretary General"); a full name may change roles, since
//    people are promoted and re-titled. Unknowns are compatible with anything. So John Smith
//    of Acme and John Smith of Globex are two speakers, and "Smith, the farmer" is not the
//    stored John Smith, police chief.
// 3. Among several compatible candidates, one whose organisation (else role) is the same wins,
//    else, for a full name, the one known longest (the plain slug); a bare surname, nobody.
// A new speaker whose plain slug is taken by someone incompatible gets the slug of the name
// with the organisation, else the role (john-smith-acme); `-2`, `-3`... only after that.

export interface SpeakerFacts { name: string, kind: 'person' | 'organization', role: string | null, organization: string | null }
export interface StoredSpeaker extends SpeakerFacts { slug: string }

const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'for', 'and', 'at', 'in', 'former', 'acting', 'interim', 'deputy', 'senior', 'chief', 'vice', 'co'])

const fold = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim()
const surname = (name: string): string => fold(name).split(' ').pop() ?? ''
const words = (text: string): Set<string> => new Set(fold(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1 && !STOP_WORDS.has(word)))

function sameOrganization (a: string, b: string): boolean {
  const x = fold(a).replace(/^the /, '')
  const y = fold(b).replace(/^the /, '')
  return x === y || x.includes(y) || y.includes(x)
}

function sharesWord (a: string, b: string): boolean {
  const other = words(b)
  return [...words(a)].some((word) => other.has(word))
}

/** Whether what two mentions say about a speaker can be true of one person (or organisation). */
export function compatible (a: SpeakerFacts, b: SpeakerFacts): boolean {
  if (a.kind !== b.kind) return false
  if (a.organization && b.organization) return sameOrganization(a.organization, b.organization)
  const fullName = fold(a.name) === fold(b.name) && a.name.includes(' ')
  if (!fullName && a.role && b.role) return sharesWord(a.role, b.role)
  return true
}

/** Stored speakers the mention may name: the same name, or a bare surname of theirs. */
export function namedAlike (mention: SpeakerFacts, stored: StoredSpeaker[]): StoredSpeaker[] {
  const name = fold(mention.name)
  const exact = stored.filter((speaker) => fold(speaker.name) === name)
  if (exact.length > 0 || name.includes(' ')) return exact
  return stored.filter((speaker) => surname(speaker.name) === name)
}

/** The stored speaker this mention is, or undefined for someone new. */
export function matchSpeaker (mention: SpeakerFacts, stored: StoredSpeaker[]): StoredSpeaker | undefined {
  const candidates = namedAlike(mention, stored).filter((speaker) => compatible(speaker, mention))
  if (candidates.length <= 1) return candidates[0]
  const closest = candidates.find((speaker) => mention.organization && speaker.organization && sameOrganization(speaker.organization, mention.organization)) ??
    candidates.find((speaker) => mention.role && speaker.role && fold(speaker.role) === fold(mention.role))
  if (closest) return closest
  // A bare surname shared by several stored people is nobody in particular.
  if (!mention.name.includes(' ')) return undefined
  return candidates[0]
}

/** Slugs to try, in order, for a new speaker: the name, then the name with the organisation or role. */
export function slugCandidates (mention: SpeakerFacts): string[] {
  const plain = itemSlugFor('speakers', mention.name)
  const qualifier = mention.organization ?? mention.role
  return qualifier ? [plain, itemSlugFor('speakers', `${mention.name} ${qualifier}`)] : [plain]
}
