// What an attribution's subject phrase refers to: a named person ("Council leader Margaret
// Okafor"), a named organisation ("Skyline Air", "the Metropolitan Police"), a role that
// points back to someone named earlier ("the minister", "the BMC chief"), an organisation
// described ("the company", "the agency") or an unnamed source ("a spokesperson for the
// airline", "officials", "the source").
import nlp from 'compromise'
import { isHonorific, isPortfolioWord, isRoleWord } from './roles.js'
import { isNameToken, parseSpeakerPhrase, type SpeakerPhrase } from './speakers.js'
import { backwards, memoize, runEnd } from './text.js'

export type Referent =
  | { type: 'person'; phrase: SpeakerPhrase }
  | { type: 'organization'; name: string }
  | { type: 'role'; head: string; qualifiers: string[]; text: string }
  | { type: 'org-descriptor'; noun: string; text: string }
  | { type: 'unnamed'; description: string; organization: string | null; plural: boolean; gender: 'male' | 'female' | null }

// Words that make a capitalised name an organisation's.
const ORG_WORDS = new Set(('air airlines airways authority agency council police ministry department organization organisation union ' +
  'association bank group fund institute university college school hospital trust alliance party committee commission office ' +
  'service services court government capital markets research robotics interactive inc ltd corp corporation company co club fc ' +
  'foundation society league federation board network times news post media systems technologies energy railways motors labs ' +
  'partners holdings industries directorate assembly parliament senate congress cabinet embassy observatory laboratory ' +
  'academy centre center watch coalition forum programme program commissioners exchange reserve treasury corporation guard ' +
  // Met on real pages: "the Regional Rapid Transit System" and a club ("Crystal Palace", "Bradford Athletic") read as a man's name.
  'system transit metro railway airport scheme palace united rovers athletic wanderers albion hotspur bureau ' +
  // "An Garda Síochána", the Irish police ("Garda" alone is a rank before a name).
  'síochána siochana').split(' '))

// Nouns for the people unnamed sources are ("a spokesperson", "two officials", "the mum").
const PERSON_NOUNS = new Set(('spokesperson spokesman spokeswoman spokespeople source official witness resident neighbour neighbor ' +
  'parent mum mother father dad woman man doctor nurse teacher student passenger fan supporter analyst lawmaker legislator ' +
  'officer aide member insider minister diplomat executive person people relative friend employee worker driver customer ' +
  'shopper commander reporter critic opponent campaigner activist expert scientist researcher economist investor trader ' +
  'farmer villager survivor victim family families organiser organizer colleague partner owner manager director adviser ' +
  'advisor lawyer attorney prosecutor judge official officials guard pilot crew staff nurse engineer girl boy child teenager ' +
  'opposition parties party lawmakers protester protesters voter voters evacuee caller listener viewer user landowner ' +
  'homeowner tenant commuter motorist shopkeeper retailer developer landlord patient pupil graduate veteran pensioner ' +
  'firefighter fireman paramedic lifeguard rep reps ' +
  // "Detectives leading the investigation have pledged …", "Investigators said".
  'detective investigator soldier trooper medic coroner ' +
  'authority fisherman farmworker miner labourer laborer rescuer volunteer eyewitness bystander onlooker spectator attendee ' +
  // "Speakers at the event questioned why …" (plural only: "the Speaker" of a house is a title).
  'speakers participant delegate mourner worshipper ' +
  // Ireland's police: "gardaí said they are “…”", "“…,” Gardaí said." (a garda, two gardaí).
  'garda gardaí gardai').split(' '))

const ORG_NOUNS = new Set(('company firm group agency airline carrier regulator council ministry department government force ' +
  'police club union bank authority university institute publisher watchdog organisation organization association alliance ' +
  'party trust charity operator utility broadcaster network retailer manufacturer insurer lender startup developer band team ' +
  'board body commission statement announcement release letter post report memo directorate chain giant maker producer').split(' '))

const RELATION = /\b(?:friend|daughter|son|wife|husband|mother|father|sister|brother|partner|girlfriend|boyfriend|uncle|aunt|cousin|grandmother|grandfather|niece|nephew|widow|widower|fiancée|fiancé|mum|dad|son-in-law|daughter-in-law|mother-in-law|father-in-law|grandson|granddaughter)\b/i
const FEMALE = /\b(spokeswoman|woman|mum|mother|chairwoman|businesswoman|girl|wife|daughter|sister|grandmother|actress)\b/i
const MALE = /\b(spokesman|man|father|dad|chairman|businessman|boy|husband|son|brother|grandfather)\b/i

function plural(word: string): string {
  return word.replace(/ies$/, 'y').replace(/(?<=[^s])s$/, '')
}

/** "wife", "loved ones", "sons": a relative, or the people close to someone, named by their tie to them. */
function isKinNoun(words: string): boolean {
  const text = words.trim().toLowerCase()
  if (text === 'loved ones' || text === 'relatives' || text === 'family members') return true
  const singular = text.replace(/s$/, '')
  return !text.includes(' ') && RELATION.exec(singular)?.[0].toLowerCase() === singular
}

/** "gardaí", "Residents", "officers": a noun for the people an unnamed source is, singular or plural. */
export function isPersonNoun(word: string): boolean {
  const lower = word.toLowerCase()
  return PERSON_NOUNS.has(lower) || PERSON_NOUNS.has(plural(lower))
}

// Firms of markets copy whose names are a first name and a surname (analysts are quoted "at" them; they "forecast").
const FOUNDER_FIRMS = new Set(['morgan stanley', 'goldman sachs', 'charles schwab', 'edward jones', 'raymond james', 'wells fargo',
  'merrill lynch', 'lehman brothers', 'dow jones', 't. rowe price', 'john deere', 'ernst young'])

export const looksLikeOrganization = memoize((name: string): boolean => {
  const tokens = name.replace(/^the\s+/i, '').split(/\s+/)
  if (!isCapitalisedName(tokens)) return false
  // "Co Galway", "Co. Louth": an Irish county, where "Co" is not a company.
  const county = /^Co\.?$/.test(tokens[0] ?? '') ? 1 : 0
  if (tokens.slice(county).some((t) => t.toLowerCase().replace(/[.,’']/g, '').split('-').some((part) => ORG_WORDS.has(part)))) return true
  if (county && tokens.length === 2) return false
  // "Morgan Stanley has a similar forecast": banks and brokers named after their founders read as people.
  if (FOUNDER_FIRMS.has(tokens.join(' ').toLowerCase())) return true
  if (tokens.length === 1 && /^\p{Lu}[\p{Lu}\p{N}&-]{1,9}$/u.test(tokens[0] ?? '') && !isHonorific(tokens[0] ?? '') && !isRoleHead(tokens[0]?.toLowerCase() ?? '')) return true
  return nlp(name).has('#Organization') && !nlp(name).has('#Person')
})

const hasVerb = memoize((text: string): boolean => nlp(text).has('#Verb'))

/** Every word capitalised, bar connectives: "Department for Transport", "Rail and Transport Workers' Union". */
function isCapitalisedName(tokens: string[]): boolean {
  return tokens.length > 0 && tokens.every((t) => /^[\p{Lu}\p{N}]/u.test(t) || /^(of|for|and|the|de|du|&|on|in|at)$/.test(t)) && /^[\p{Lu}\p{N}]/u.test(tokens[0] ?? '')
}

/** "Environmental group Alpine Watch" -> "Alpine Watch": the capitalised name after a lower-case description. */
export function organizationName(text: string): string {
  const tokens = text.replace(/^the\s+/i, '').split(/\s+/)
  let start = tokens.length
  while (start > 0 && (/^[\p{Lu}\p{N}]/u.test(tokens[start - 1] ?? '') || (/^(of|for|and|the|&)$/.test(tokens[start - 1] ?? '') && start < tokens.length))) start--
  while (start < tokens.length && /^(of|for|and|the|&)$/.test(tokens[start] ?? '')) start++
  // "Environmental group Alpine Watch": drop a capitalised adjective that opened the description.
  return tokens.slice(start).join(' ') || text
}

/** The letters, apostrophes, dots and hyphens that end the text ("Delaney", "O'Rourke"), read backwards from the end. */
function lastWord(text: string): string {
  return backwards(/^[\p{L}'’.-]*/u.exec(backwards(text))?.[0] ?? '')
}

// A capitalised word, read from the start of its word (its first capital), then "of", "at"... and a capital.
const WORD_OF_CAPITAL = /(?:^|[^\p{L}'’-])[\p{Ll}\p{Lt}\p{Lm}\p{Lo}'’-]*\p{Lu}[\p{L}'’-]+(\s+(?:of|at|from|with)\s+(?:the\s+)?)(\p{Lu})/gu
const LINE_BREAK = /[\n\r\u2028\u2029]/

/**
 * "Battalion Chief Rob Delaney of the Cedar County Fire District": the text up to the first capitalised
 * word followed by "of" (or "at", "from", "with") and a capital, and the text from that capital. Neither
 * may hold a line break. [whole match, before, after] like the match of a regex, or null.
 */
function nameOfOrganization(text: string): [string, string, string] | null {
  const firstBreak = text.search(LINE_BREAK)
  const lastBreak = firstBreak < 0 ? -1 : Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'), text.lastIndexOf('\u2028'), text.lastIndexOf('\u2029'))
  WORD_OF_CAPITAL.lastIndex = 0
  for (let m = WORD_OF_CAPITAL.exec(text); m; m = WORD_OF_CAPITAL.exec(text)) {
    const orgStart = m.index + m[0].length - (m[2] ?? '').length
    const nameEnd = orgStart - (m[1] ?? '').length
    if (firstBreak >= 0 && firstBreak < nameEnd) return null
    if (lastBreak < orgStart) return [text, text.slice(0, nameEnd), text.slice(orgStart)]
    WORD_OF_CAPITAL.lastIndex = nameEnd
  }
  return null
}

/** Classifies a subject phrase; null when it names nobody ("It", "This", a clause). */
export function classifySubject(raw: string, appositive: string | null = null): Referent | null {
  const text = raw.replace(/^[\s,;:—–-]+/, '').replace(/(^|[^\s,;:.—–-])[\s,;:.—–-]+$/, '$1').replace(/^(?:but|and|however|meanwhile|separately|later|earlier|also|then|now|instead)\s+/i, '')
    .replace(/^\((.*)\)$/, '$1').trim()
  if (!text || text.split(/\s+/).length > 14) return null
  // "Co Galway": an Irish county is a place, nobody who speaks.
  if (/^Co\.?\s+\p{Lu}\p{Ll}+$/u.test(text)) return null
  // "“…,” police said.", "the police said": the force as a body, an unnamed source. Checked before the verb test
  // (the tagger reads a bare "police" as the verb "to police") and before roles (whoever's title holds "Police").
  if (/^(?:the\s+)?police$/i.test(text)) return unnamed(text.charAt(0).toLowerCase() + text.slice(1), appositive)
  // A subject is a noun phrase: "The leader of the council has apologised after" is a clause.
  // ("loved ones" is a noun phrase, though the tagger reads "loved" as a verb.)
  if (hasVerb(text.replace(/\bloved ones$/i, 'ones')) && !/\p{Lu}/u.test(lastWord(text))) return null
  // "Detectives investigating an assault on the towpath in Hollinsby", "Officers leading the search": a plural
  // person noun, then a clause in lower case, is an unnamed group whatever the clause names.
  const [firstWord = '', secondWord = ''] = text.split(/\s+/)
  if (/^\p{Lu}\p{Ll}+s$/u.test(firstWord) && PERSON_NOUNS.has(plural(firstWord.toLowerCase())) && /^\p{Ll}+ing$/u.test(secondWord)) {
    return unnamed(text, appositive)
  }
  const lower = text.toLowerCase()
  // "Battalion Chief Rob Delaney of the Cedar County Fire District": the name, then the organisation.
  const of = nameOfOrganization(text)
  if (of && !/^(?:a|an|the|one|another)\s/i.test(text)) {
    const person = parseSpeakerPhrase(of[1] ?? '')
    if (person && (person.name.includes(' ') || person.role) && !looksLikeOrganization(person.name) && !looksLikeOrganization(of[1] ?? '')) {
      return { type: 'person', phrase: { ...person, organization: person.organization ?? of[2] ?? null } }
    }
  }
  // "an emotional Mr. Aman Arora", "the Taoiseach Ciarán Hogan": a determiner, then a name.
  if (/^(?:a|an|the)\s/i.test(text) && !/\s(?:for|of|at|in|from|with|to)\s/i.test(text) && !looksLikeOrganization(text)) {
    const person = parseSpeakerPhrase(text)
    if (person && person.name.split(' ').length >= 2 && !nlp(person.name).has('#Demonym')) return { type: 'person', phrase: person }
  }
  // "The couple's 14-year-old daughter Lisha", "her mother-in-law Carmine Barboza": a relative with a name is that person.
  const owner = /^(?:the\s+)?\S+[’']s\s+|^(?:his|her|their)\s+/iu.exec(text)
  const relative = owner ? text.slice(owner[0].length) : ''
  if (relative && RELATION.test(relative) && /\s\p{Lu}[\p{L}'’-]*$/u.test(relative)) {
    const phrase = parseSpeakerPhrase(relative)
    if (phrase && !looksLikeOrganization(phrase.name)) return { type: 'person', phrase }
  }
  // "the Australian government’s Bureau of Meteorology": an owner, then an organisation's own name.
  const owned = ownedName(text)
  // "Saudi Arabia’s Energy Minister": a country's or body's title, not an organisation called "Energy Minister".
  const ownedHead = (owned?.split(/\s+/).pop() ?? '').toLowerCase()
  if (owned && owned.split(/\s+/).length <= 4 && PERSON_TITLE_HEAD.test(ownedHead)) {
    return { type: 'role', head: ownedHead, qualifiers: lower.split(/\s+/).slice(0, -1).map((w) => w.replace(/[’']s$/, '')), text }
  }
  if (owned && looksLikeOrganization(owned)) return { type: 'organization', name: organizationName(owned) }
  // "Liam Payne's family", "Ms Palaszczuk's office": someone's people or office, unnamed.
  const possessive = /^(.+?)[’']s\s+([\p{Ll}-]+(?:\s+[\p{Ll}-]+)?(?:\s+[\p{Ll}-]+)?)$/u.exec(text)
  if (possessive && !/^(?:a|an|the)\s/i.test(text)) {
    const noun = (possessive[2] ?? '').split(/\s+/).pop() ?? ''
    if (PERSON_NOUNS.has(noun) || PERSON_NOUNS.has(plural(noun)) || ORG_NOUNS.has(noun) || isKinNoun(possessive[2] ?? '') || /^(office|team|camp|lawyers?|representatives?|spokes\w+)$/.test(noun)) {
      return unnamed(text, appositive)
    }
  }
  // "His family said:", "Her husband told the inquest": kin or people of someone, with no name, are an unnamed
  // source; at a sentence's start the possessive is capitalised, and it is not the pronoun "he" (the person it owns).
  const kin = /^(his|her|their)\s+(\p{Ll}[\p{Ll}-]*(?:\s+\p{Ll}[\p{Ll}-]*)?)$/iu.exec(text)
  if (kin && (isKinNoun(kin[2] ?? '') || isPersonNoun((kin[2] ?? '').split(/\s+/).pop() ?? ''))) {
    return unnamed(text.charAt(0).toLowerCase() + text.slice(1), appositive)
  }
  const determiner = /^(a|an|one|another|some|two|three|several|many|other|the|this|that|these|those)\s+/i.exec(text)
  const words = lower.split(/\s+/)
  const headIndex = headNounIndex(words)
  const head = words[headIndex] ?? ''
  if (determiner) {
    const det = (determiner[1] ?? '').toLowerCase()
    // "the Union Minister", "the Deputy Commissioner": capitals that end in a person's title are a title, not an organisation.
    // "the Congress MP", "the BJP MLA": a party's member of a house, the person named with that title (convention 245).
    if (det === 'the' && headIndex === words.length - 1 && words.length <= 5 && PERSON_TITLE_HEAD.test(head)) {
      return { type: 'role', head, qualifiers: words.slice(1, headIndex), text }
    }
    if (det === 'the' && /^\p{Lu}/u.test(text.split(/\s+/)[1] ?? '') && looksLikeOrganization(text)) return { type: 'organization', name: organizationName(text) }
    // "the BMC chief", "the minister", "the leader of the council": a role naming someone already in the story.
    if (det === 'the' && isRoleHead(head)) {
      return { type: 'role', head: head.replace(/[.,]/g, ''), qualifiers: words.slice(1).filter((w, i) => i + 1 !== headIndex && !/^(of|for|at|the|and)$/.test(w)), text }
    }
    if (det === 'the' && ORG_NOUNS.has(head) && headIndex === words.length - 1) return { type: 'org-descriptor', noun: head, text }
    // "“…,” read a statement.": an unsigned statement, nobody's in particular (not the last person named).
    if ((det === 'a' || det === 'an') && words.length === 2 && /^(?:statement|release)$/.test(head)) return unnamed(text, appositive)
    // "according to a police statement", "a court report": a document whose author the story does not name.
    if ((det === 'a' || det === 'an') && words.length <= 4 && headIndex === words.length - 1 && /^(?:statement|release|report)$/.test(head) && words.slice(1, -1).every((w) => /^\p{Ll}[\p{Ll}-]*$/u.test(w))) return unnamed(text, appositive)
    // "The statement from the council's press office": the organisation's words.
    if (det === 'the' && /^(?:statement|announcement|release|letter)$/.test(head) && /^(?:from|of)$/.test(words[headIndex + 1] ?? '')) return { type: 'org-descriptor', noun: head, text }
    if (det === 'the' && headIndex === words.length - 1 && /^(skipper|boss|chief|cm|pm|taoiseach|tánaiste|premier)$/.test(head)) {
      return { type: 'role', head, qualifiers: words.slice(1, headIndex), text }
    }
    if (PERSON_NOUNS.has(plural(head)) || PERSON_NOUNS.has(head) || isRoleWord(head)) return unnamed(text, appositive)
    if (det === 'the' && /^\p{Lu}/u.test(text.split(/\s+/)[1] ?? '') && isCapitalisedName(text.split(/\s+/).slice(1))) return { type: 'organization', name: organizationName(text) }
    return null
  }
  // Bare plurals: "Officials", "Municipal officials", "Analysts at Nordbank Markets", "Supporters".
  if (/s$/.test(head) && PERSON_NOUNS.has(plural(head)) && !/^\p{Lu}\p{L}*\s+\p{Lu}/u.test(text.replace(/(?<!\s)\s+(?:at|for|of|in|from)\s[^]*$/, ''))) {
    return unnamed(text, appositive)
  }
  if (/^\p{Ll}/u.test(text) && (PERSON_NOUNS.has(head) || isRoleWord(head))) return unnamed(text, appositive)
  // "remarks CJP", "ACP said": a title in capitals on its own points to its holder, like "the CP" (convention 271).
  if (/^\p{Lu}{2,5}$/u.test(text) && isRoleWord(text)) return { type: 'role', head: lower, qualifiers: [], text }
  // "Reporter question off camera", "Resident": a capitalised person noun with no name after it.
  const first = words[0] ?? ''
  if ((PERSON_NOUNS.has(first) || isRoleWord(first)) && !text.split(/\s+/).slice(1).some((t) => /^\p{Lu}/u.test(t))) {
    return unnamed(text.charAt(0).toLowerCase() + text.slice(1), appositive)
  }
  // "FO spokesperson said": a body's initials or name, then a spokesperson, with no article and no name.
  if (isBodySpokesperson(text)) return unnamed(text, appositive)
  // "Investigating Gardaí", "Local Residents": participles or "local" before an unnamed source's noun name nobody.
  const capitals = text.split(/\s+/)
  if (capitals.length >= 2 && capitals.length <= 3 && isPersonNoun(capitals[capitals.length - 1] ?? '') &&
    capitals.slice(0, -1).every((w) => /^\p{Lu}\p{Ll}+(?:ing|ed)$|^Local$/u.test(w))) {
    return unnamed(text.charAt(0).toLowerCase() + text.slice(1), appositive)
  }
  // "Bank of America said", "University of Otago researchers": a body's own name, "of" and a place, with no article
  // before it, is the body, not a person named after the place.
  const bodyOf = /^(\p{Lu}\p{Ll}+)\s+(?:of|for)\s+(?:the\s+)?\p{Lu}/u.exec(text)
  if (bodyOf && ORG_WORDS.has((bodyOf[1] ?? '').toLowerCase()) && isCapitalisedName(text.split(/\s+/))) return { type: 'organization', name: text }
  // "Residents Laud Local Authorities' Rain Response:" (a headline before its quote): a possessive inside the run of
  // capitals, with words after it, makes a headline's noun phrase, not a person's name (convention 249).
  const parsed = parseSpeakerPhrase(text)
  const phrase = parsed && INNER_POSSESSIVE.test(parsed.name) ? null : parsed
  if (phrase && !looksLikeOrganization(phrase.name)) return { type: 'person', phrase }
  if (/^\p{Lu}/u.test(text) && looksLikeOrganization(organizationName(text))) return { type: 'organization', name: organizationName(stripOrgTail(text)) }
  if (phrase) return { type: 'person', phrase }
  return null
}

/** "the national government’s Bureau of Climate" -> "Bureau of Climate": the capitalised name after a short owner's "’s", found in code. */
function ownedName(text: string): string | null {
  const mark = /[’']s\s/.exec(text)
  if (!mark || mark.index === 0 || mark.index > 45) return null
  const rest = text.slice(mark.index + mark[0].length).trimStart()
  return /^\p{Lu}/u.test(rest) && !/[’']/.test(rest) ? rest : null
}

/** "FO spokesperson", "ISPR spokesman": one to three capitalised words of a body, then its spokesperson; read word by word. */
export function isBodySpokesperson(text: string): boolean {
  const words = text.split(' ')
  const last = words.pop() ?? ''
  return /^spokes(?:person|man|woman)$/.test(last) && words.length >= 1 && words.length <= 3 && words.every((w) => /^\p{Lu}[\p{L}&.-]*$/u.test(w))
}

/** Index of the head noun: the last word when it is a person or role ("a Department for Transport spokesperson"), else the last word before "for/of/at/in/from/who…". */
function headNounIndex(words: string[]): number {
  const last = (words[words.length - 1] ?? '').replace(/[.,]/g, '')
  const stop = words.findIndex((w, i) => i > 0 && /^(for|of|at|in|from|with|who|whose|which|on|close|familiar|speaking|to)$/.test(w))
  // "the Minister of Industry and Trade", "the leader of the opposition": a title before "of" is the head, not the portfolio after it.
  const beforeStop = (words[stop - 1] ?? '').replace(/[.,]/g, '')
  if (stop > 1 && /^(?:of|for)$/.test(words[stop] ?? '') && (PERSON_NOUNS.has(beforeStop) || isRoleHead(beforeStop)) && !isPortfolioWord(beforeStop)) return stop - 1
  if (PERSON_NOUNS.has(last) || PERSON_NOUNS.has(plural(last)) || isRoleHead(last)) return words.length - 1
  return (stop > 0 ? stop : words.length) - 1
}


const INNER_POSSESSIVE = /\p{L}(?:s[’']|[’']s)\s+\p{Lu}/u

// Titles only a person holds: what ends "the Union Minister" makes it a role.
const PERSON_TITLE_HEAD = /^(?:minister|secretary|secretary-general|governor|commissioner|president|chairman|chairwoman|chairperson|mayor|senator|spokesman|spokeswoman|spokesperson|officer|director-general|inspector-general|ambassador|envoy|premier|chancellor|treasurer|ig|igp|dgp|dg|mp|mla|mna|mpa|mep|lawmaker|legislator)$/

function isRoleHead(word: string): boolean {
  const w = word.replace(/[.,]/g, '')
  return isRoleWord(w) || /^(skipper|boss|chief|cm|pm|ig|dg|td|t\.d|mp|mep|mla|ceo|cfo|coo|taoiseach|tánaiste|premier|mayor|judge|coach|manager)$/.test(w)
}

function stripOrgTail(text: string): string {
  return text.replace(/^the\s+/i, '').replace(/(?<!\s)\s+(?:in|on)\s+a\s+statement[^]*$/i, '').trim()
}

function unnamed(text: string, appositive: string | null): Referent {
  const description = withoutTrailingRelative(text).replace(/^(A|An|One|Another|Some|The|Two|Three|Several)\b/i, (d) => d.toLowerCase())
  const words = description.toLowerCase().split(/\s+/)
  const head = words[headNounIndex(words)] ?? ''
  const organization = organizationIn(description)
  const both = `${text} ${appositive ?? ''}`
  return {
    type: 'unnamed',
    description,
    organization,
    plural: /s$/.test(head) && !/(ss|us)$/.test(head) || /^(people|staff|crew|family|families|opposition)$/.test(head),
    gender: FEMALE.test(both) ? 'female' : MALE.test(both) ? 'male' : null,
  }
}

/** "a spokesperson for Carrow Bay District Council" / "A WHO spokesperson" / "a senior official in the Power Ministry". */
export function organizationIn(description: string): string | null {
  const after = /\s(?:for|at|of|from|with|in)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{N}&'’.-]*)/u.exec(description)
  if (after) {
    // The name runs on word by word ("Carrow Bay District Council"), each step matched one way only.
    const firstWordEnd = after.index + after[0].length
    return description.slice(firstWordEnd - (after[1] ?? '').length, runEnd(description, firstWordEnd, NEXT_ORGANIZATION_WORD))
  }
  const name = capitalisedWordsBeforeNoun(description)
  return name && !nlp(name).has('#Demonym') ? name : null
}

const NEXT_ORGANIZATION_WORD = /\s+(?:(?:of|for|and|the|&)\s+)?\p{Lu}[\p{L}\p{N}&'’.-]*/uy

/** "a Carrow Bay council spokesperson" → "Carrow Bay": capitalised words, then only lowercase ones to the end. */
function capitalisedWordsBeforeNoun(description: string): string | null {
  const determiner = /^(?:a|an|one|another|the)\s+/u.exec(description)
  if (!determiner) return null
  const parts = description.slice(determiner[0].length).split(/(\s+)/u)
  const words = parts.filter((_, i) => i % 2 === 0)
  let capitalised = 0
  while (capitalised < words.length && /^\p{Lu}[\p{L}\p{N}&'’.-]*$/u.test(words[capitalised]!)) capitalised++
  const rest = words.slice(capitalised)
  if (capitalised === 0 || rest.length === 0 || !rest.every((word) => /^\p{Ll}+$/u.test(word))) return null
  return parts.slice(0, 2 * capitalised).join('').trim()
}

export function isPersonName(text: string): boolean {
  const tokens = text.split(/\s+/)
  return tokens.length >= 1 && tokens.length <= 5 && tokens.every((t) => isNameToken(t) || /^(van|von|de|da|del|der|den|di|du|la|le|bin|al|ibn|dos|Ó|Ní|Mac|Mc)$/.test(t))
}

/** "a spokesperson who" → "a spokesperson": a last word who/which/that/whose and the spaces before it, in code. */
function withoutTrailingRelative(text: string): string {
  const relative = /(?:who|which|that|whose)$/i.exec(text)
  if (!relative) return text
  const before = text.slice(0, relative.index)
  const kept = before.trimEnd()
  return kept.length === before.length ? text : kept
}
