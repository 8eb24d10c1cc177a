// People and organisations a story names before anyone is quoted, so that later pronouns,
// roles and descriptions ("he", "the minister", "the agency", "LASEMA") can find them.
import nlp from 'compromise'
import { nlpDocs } from './nlp-pieces.js'
import type { SpeakerRegistry } from './registry.js'
import { isHonorific, isHonourPair, isRoleWord } from './roles.js'
import { isNameToken, parseSpeakerPhrase } from './speakers.js'
import { isPersonNoun, looksLikeOrganization, organizationIn } from './subjects.js'
import { backwards, lastSentence, memoize } from './text.js'
import { builtRegExp, upTo } from '../lib/built-regex.js'

// Runs of capitalised words on one line (each space, and each linking word, matched one way only, so the
// regexes stay linear): "Carrow Bay District Council", "Department for Transport".
// A further word of a run: the separator, then maybe a linking word, then a capitalised word.
const NEXT_RUN_WORD = String.raw`[ \t]+(?:(?:of|for|and|the|de|&)[ \t]+)?\p{Lu}[\p{L}’'.&-]*`
const CAPITALISED_RUN = builtRegExp('mentions CAPITALISED_RUN', String.raw`(?<![\p{L}’'-])(?:The[ \t]+)?(\p{Lu}[\p{L}’'.&-]*${upTo(NEXT_RUN_WORD, 7)})`, 'gu')
// Two names are matched on the text read backwards (src/ingest/text.ts, backwards): from what ends them
// ("(RPC)", "said") back to their first word, so a run of capitalised words is read once, not again
// from each of its words. The longest run back is the one that starts first.
// "Nairobi Regional Police Commander (RPC)", backwards: ")CPR( rednammoC eciloP lanoigeR iboriaN".
const PREVIOUS_RUN_WORD = String.raw`(?:[ \t]+(?:fo|rof|dna|eht|ed|&))?[ \t]+[\p{L}’'.&-]*\p{Lu}`
const ACRONYM_BACKWARDS = builtRegExp('mentions ACRONYM_BACKWARDS', String.raw`\)([\p{L}\p{N}&.-]{1,9}\p{Lu})\([ \t]+([\p{L}’'.&-]*\p{Lu}${upTo(PREVIOUS_RUN_WORD, 7)}${PREVIOUS_RUN_WORD})([^\p{L}’'.&-]|$)`, 'gu')
// "Zubairu Muazu, told", backwards: "dlot ,uzauM uriabuZ".
const NAMED_SPEAKER_BACKWARDS = /\b(?:dias|syas|dlot|dedda|detats|denialpxe|desolcsid|deton|denraw|detsisni)(?:[ \t]+(?:sah|dah))?[ \t]+,?([\p{Ll}’'-]+\p{Lu}[ \t]+(?:[\p{Ll}’'-]+\p{Lu}[ \t]+(?:[\p{Ll}’'-]+\p{Lu}[ \t]+)?)?[\p{Ll}’'-]+\p{Lu})([^\p{L}’'-]|$)/gu

/**
 * The groups of each match of a pattern for text read backwards, turned forwards again, in the
 * text's order. The pattern's last group is the character before the name (where a lookbehind
 * would be): it is given back, so the next match may start there.
 */
function backwardsMatches(text: string, pattern: RegExp): string[][] {
  const reversed = backwards(text)
  const found: string[][] = []
  pattern.lastIndex = 0
  for (let m = pattern.exec(reversed); m; m = pattern.exec(reversed)) {
    const boundary = m[m.length - 1] ?? ''
    pattern.lastIndex -= boundary.length
    found.push(m.slice(1, -1).map((group) => backwards(group ?? '')))
  }
  return found.reverse()
}
// "The Head, Legal Services, Chukwuemeka Obiora, in a letter …": a name set off by commas after its title,
// which compromise misses when it does not know the first name.
// The surname may be double-barrelled with a capital after the hyphen: "Kojo Oppong-Nkrumah".
// The closing comma may be missing before an auxiliary or speech verb: "The Ashanti Regional Minister, Simon Osei Mensah has justified …".
const APPOSITIVE_NAME = /(?<=\p{Ll},[ \t]|\p{Lu}\p{Ll}+,[ \t])(\p{Lu}\p{Ll}+[ \t]+(?:\p{Lu}\p{Ll}+[ \t]+)?\p{Lu}[\p{Ll}’'-]+(?:\p{Lu}[\p{Ll}’'-]+)?)(?:,[ \t]|[ \t](?=(?:has|had|is|was|said|says|told|on)[ \t]))/gu
// "Khal Asfour, mayor of Bankstown in Sydney's southwest, said …": a sentence that opens with a name the tagger
// may not know, a lower-case appositive and a speech verb names a person a later "he" may mean.
const OPENING_NAME_APPOSITIVE_SAID = /(?<=^|\n|[.!?][ \t])(\p{Lu}\p{Ll}+[ \t]+(?:\p{Lu}\p{Ll}+[ \t]+)?\p{Lu}[\p{Ll}’']+(?:-\p{Lu}?[\p{Ll}’']+)?),[ \t]+\p{Ll}[^,.;:!?\n]{0,100},[ \t]+(?:has[ \t]+|had[ \t]+)?(?:said|says|told|added|stated)\b/gu
// "the minister said the law would change" in the narrative, a minister the story never names: a later "he".
const UNNAMED_ROLE_SAID = /\b[Tt]he[ \t]+(minister|president|governor|mayor|chairman|chairwoman|chief|commissioner|secretary|premier|judge|coach|manager)[ \t]+(?:also[ \t]+|further[ \t]+)?(?:said|says|told|added|stated)\b/gu
// "Fawad Chauhdry’s tweet": a two-word name in the possessive, which compromise often misses. Not the end of an
// organisation's name joined by "and" ("the Centre for Drugs and Drug Addiction’s system").
const POSSESSIVE_NAME = /(?<![\p{L}’'.-])(?<!\p{Lu}\p{Ll}*[ \t](?:and|&)[ \t])(\p{Lu}\p{Ll}+[ \t]\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)[’'`]s(?![\p{L}])/gu
const RELATIVE = /\b(friend|daughter|son|wife|husband|mother|father|sister|brother|partner|girlfriend|boyfriend|colleague|neighbour|neighbor|uncle|aunt|cousin|grandmother|grandfather|niece|nephew|widow|widower|fiancée|fiancé|mum|dad)\s+(\p{Lu}\p{Ll}+)\b(?![ \t]+\p{Lu})/gu
// Unnamed people described in the narrative, who may be "he" or "she" later: "written by a sub-county commander in Embakasi".
const UNNAMED_MENTION = /\bby\s+(an?\s+(?:[\p{L}-]+\s+(?:[\p{L}-]+\s+(?:[\p{L}-]+\s+)??)??)??(?:commander|official|officer|spokesperson|spokesman|spokeswoman|source|witness|resident|doctor|nurse|teacher|lawyer|judge)(?:\s+(?:in|at|for|of|from)\s+\p{Lu}(?:[\p{L}-]|\s(?=[\s\p{Lu}]))*(?<!\s))?)/gu

// A spokesperson who says something in the narrative (no quote): a later "he" or "she" may be them. Bounded, so linear.
const SPOKESPERSON = /\b(the|a|an)\s+(spokesperson|spokesman|spokeswoman)\b/gi
// Then, within 60 characters that end no clause, the verb: tried once after each spokesperson.
const THEN_SAID = /([^.;:"“”]{0,60}?)\s(?:said|says|told|added|stated)\b/iy

/** "the spokesperson of Ministry of Interior said": where, the article, the noun and the words up to the verb. */
function spokespersonStatements(masked: string): Array<{ index: number, article: string, noun: string, between: string }> {
  const found: Array<{ index: number, article: string, noun: string, between: string }> = []
  let from = 0
  for (const head of masked.matchAll(SPOKESPERSON)) {
    if (head.index < from) continue
    THEN_SAID.lastIndex = head.index + head[0].length
    const tail = THEN_SAID.exec(masked)
    if (!tail) continue
    from = THEN_SAID.lastIndex
    found.push({ index: head.index, article: head[1] ?? '', noun: head[2] ?? '', between: tail[1] ?? '' })
  }
  return found
}

/**
 * Someone named before `index` with this spokesperson's title, and with every capitalised word of the body it speaks
 * for ("of Afghan Taliban") among their titles, so a spokesman of another body stays unnamed.
 */
function heldByNamed(registry: SpeakerRegistry, masked: string, index: number, noun: string, between: string): boolean {
  const holder = registry.resolveRole(noun.toLowerCase(), [], masked, index)
  if (!holder) return false
  const body = between.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w.toLowerCase())
  const titles = registry.titleWordsOf(holder, masked, index)
  return body.every((w) => titles.has(w))
}

/** "Greater Sydney", "Western Cape", "Afghan Taliban": a place, an adjective or a nationality where a first name should be. */
const isPlace = memoize((name: string): boolean => {
  const doc = nlp(name)
  const first = nlp(name.split(' ')[0] ?? '')
  if ((first.has('#Adjective') || first.has('#Place') || first.has('#Demonym')) && !first.has('#FirstName') && !first.has('#MaleName') && !first.has('#FemaleName')) return true
  return doc.has('#Place') && !doc.has('#FirstName') && !doc.has('#MaleName') && !doc.has('#FemaleName')
})

/** "M. Venkaiah Naidu", "K. S. Ravi": the initials printed before a name the tagger found without them. */
function withInitials(masked: string, name: string): string {
  let from = masked.indexOf(name)
  while (from >= 0) {
    const initials = /(?<![\p{L}.])((?:\p{Lu}\.[ \t]?){1,3})[ \t]?$/u.exec(masked.slice(Math.max(0, from - 12), from))
    if (initials) return `${(initials[1] ?? '').replace(/\.(?=\p{Lu})/gu, '. ').trim()} ${name}`
    from = masked.indexOf(name, from + name.length)
  }
  return name
}

// "Te Kaurinui Robert Parata", "De Villiers": a short particle that opens a name, which the tagger leaves out.
const NAME_PARTICLE = /(?<![\p{L}’'.-])(Te|Ta|De|Da|Di|Du|Del|Della|La|Le|Van|Von|Ter|Ten|Bin|Ibn|Ó|Ní|Mac)[ \t]$/u

/** The name with the particle printed right before it, when the tagger found it without. */
function withParticle(masked: string, name: string): string {
  if (NAME_PARTICLE.test(`${name.split(' ')[0] ?? ''} `)) return name
  for (let from = masked.indexOf(name); from >= 0; from = masked.indexOf(name, from + name.length)) {
    const particle = NAME_PARTICLE.exec(masked.slice(Math.max(0, from - 8), from))
    if (particle) return `${particle[1] ?? ''} ${name}`
  }
  return name
}

// "Ambassador to Switzerland Sarath Kongahage", "Minister of Tourism and Lands Harin Fernando": a title, "of"/"for"/"to",
// then the place or portfolio, whose last word runs into the name. Read on the 60 characters before the name.
const TITLE_OBJECT_BEFORE = /(?:^|\s)([\p{L}-]+)[ \t]+(?:of|for|to)[ \t]+(?:the[ \t]+)?(?:\p{Lu}[\p{L}’'-]*[ \t]+(?:(?:and|&)[ \t]+)?(?:\p{Lu}[\p{L}’'-]*[ \t]+(?:(?:and|&)[ \t]+)?(?:\p{Lu}[\p{L}’'-]*[ \t]+(?:(?:and|&)[ \t]+)?)?)?)?$/u

/** The name without its first word when that word ends the place or portfolio of a title just before it. */
export function withoutTitleObject(masked: string, name: string): string {
  const tokens = name.split(' ')
  if (tokens.length < 3) return name
  const at = masked.indexOf(name)
  if (at < 0) return name
  const before = TITLE_OBJECT_BEFORE.exec(masked.slice(Math.max(0, at - 60), at))
  return before && isRoleWord(before[1] ?? '') ? tokens.slice(1).join(' ') : name
}

export function registerMentions(masked: string, registry: SpeakerRegistry): void {
  // Paragraph by paragraph: compromise would otherwise run a name on into the next line ("Japheth Koome Nairobi").
  const docs = nlpDocs(masked)
  for (const found of docs.flatMap((doc) => doc.people().out('array') as string[])) {
    // "Coun Richard Lewis.Coun Richard Lewis." (a caption glued to itself): the last sentence only.
    // "Nigel Quinton (Lib Dem": what a bracket opens after the name is not part of it.
    const phrase = parseSpeakerPhrase(((found.split(/\.(?=\p{Lu}\p{Ll})/u).pop() ?? found).split('(')[0] ?? '').replace(/[^\p{L}\s.'’-]+/gu, ' ').trim())
    // Only full names ("Gladys" alone is a first name to merge later), and not places ("Greater Sydney").
    if (!phrase || !phrase.name.includes(' ') || looksLikeOrganization(phrase.name) || isPlace(phrase.name)) continue
    // Only the name: compromise's phrase edges are too loose to trust for titles.
    registry.register({ ...phrase, name: withParticle(masked, withInitials(masked, withoutTitleObject(masked, phrase.name))), role: null, organization: null }, true)
  }
  registerTitledPeople(masked, registry)
  registerParagraphOpeners(masked, registry)
  registerDescribedPeople(masked, registry)
  // Whoever is named right before a speech verb: "The state Commissioner of Police, Zubairu Muazu, told journalists".
  for (const [speaker = ''] of backwardsMatches(masked, NAMED_SPEAKER_BACKWARDS)) {
    const phrase = parseSpeakerPhrase(speaker)
    const name = phrase?.name ?? ''
    if (phrase && name.includes(' ') && !looksLikeOrganization(speaker) && !isPlace(name) && !registry.findOrganization(name)) {
      registry.register({ ...phrase, name: withInitials(masked, withoutTitleObject(masked, name)), role: null, organization: null }, true)
    }
  }
  for (const m of masked.matchAll(POSSESSIVE_NAME)) {
    const name = m[1] ?? ''
    const tokens = name.split(/\s/)
    if (tokens.some((t) => !isNameToken(t) || isRoleWord(t) || isHonorific(t)) || looksLikeOrganization(name) || isPlace(name) || registry.findOrganization(name)) continue
    if (nlp(name).has('#Place') || nlp(name).has('#Organization')) continue
    registry.register({ name, role: null, organization: null, gender: null }, true)
  }
  for (const m of masked.matchAll(APPOSITIVE_NAME)) {
    const name = m[1] ?? ''
    const sentence = lastSentence(masked.slice(Math.max(0, m.index - 120), m.index))
    if (!sentence.split(/\s+/).some((t) => isRoleWord(t.replace(/,$/, '')))) continue
    const tokens = name.split(/\s+/)
    if (tokens.some((t) => !isNameToken(t) || isRoleWord(t) || isHonorific(t)) || looksLikeOrganization(name) || isPlace(name) || registry.findOrganization(name)) continue
    if (nlp(name).has('#Place') || nlp(name).has('#Organization')) continue
    registry.register({ name, role: null, organization: null, gender: null }, true)
  }
  for (const m of masked.matchAll(OPENING_NAME_APPOSITIVE_SAID)) {
    const name = m[1] ?? ''
    const tokens = name.split(/\s+/)
    if (tokens.some((t) => !isNameToken(t) || isRoleWord(t) || isHonorific(t)) || looksLikeOrganization(name) || isPlace(name) || registry.find(name) || registry.findOrganization(name)) continue
    if (nlp(name).has('#Place') || nlp(name).has('#Organization')) continue
    registry.register({ name, role: null, organization: null, gender: null }, true)
  }
  // People known by one name: "his friend Lucy", "her daughter Emma".
  for (const m of masked.matchAll(RELATIVE)) {
    const relation = (m[1] ?? '').toLowerCase()
    const gender = /^(daughter|wife|mother|sister|girlfriend|aunt|niece|widow|fiancée|mum|grandmother)$/.test(relation) ? 'female'
      : /^(son|husband|father|brother|boyfriend|uncle|nephew|widower|fiancé|dad|grandfather)$/.test(relation) ? 'male' : null
    registry.register({ name: m[2] ?? '', role: null, organization: null, gender }, true)
  }
  for (const [acronym = '', run = ''] of backwardsMatches(masked, ACRONYM_BACKWARDS)) {
    // "Nairobi Regional Police Commander (RPC) Joseph Kiprono" abbreviates a title, not an organisation.
    const name = run.replace(/^(?:The\s+)?(?:[\p{L}-][\p{L}\s-]*?\s)?(?:of|for)\s+the\s+/u, '').replace(/^The\s+/, '')
    if (isRoleWord(name.split(/\s+/).pop() ?? '')) continue
    registry.registerOrganization(name, acronym)
  }
  for (const m of masked.matchAll(CAPITALISED_RUN)) {
    // "Local Government Minister Shelley Hancock": the organisation ends where a title starts.
    const tokens = (m[1] ?? '').replace(/[’']s$/, '').replace(/[.,]$/, '').split(/\s+/)
    const title = tokens.findIndex((t) => isRoleWord(t) && !looksLikeOrganization(t))
    const name = (title >= 0 ? tokens.slice(0, title) : tokens).join(' ')
    if (name.split(/\s+/).length >= 2 && looksLikeOrganization(name) && !registry.find(name)) registry.registerOrganization(name)
  }
  for (const found of docs.flatMap((doc) => doc.organizations().out('array') as string[])) {
    const name = found.replace(/[^\p{L}\p{N}\s.&'’-]+/gu, ' ').replace(/\s+/g, ' ').trim().replace(/[’']s$/, '')
    const endsWithPerson = registry.entities.some((e) => e.kind === 'person' && name.endsWith(e.name))
    // compromise's "Natural Resources" out of "Ministry of Lands and Natural Resources" is not a second organisation.
    const partOfLonger = registry.entities.some((e) => e.kind === 'organization' && e.name !== name && e.name.includes(name))
    const proper = name.split(' ').every((t) => /^[\p{Lu}\p{N}]/u.test(t) || /^(of|for|and|the|de|&)$/.test(t))
    if (proper && !registry.find(name) && !endsWithPerson && !partOfLonger && !/^(?:The|A|An)$/.test(name)) registry.registerOrganization(name)
  }
  // "In a statement the spokesperson of Ministry of Interior said this was …" then “…,” he said.
  for (const { index, article, noun, between } of spokespersonStatements(masked)) {
    const description = `${article} ${noun}${between.trimEnd()}`
    // "The spokesman of the Taliban said …" after "Taliban spokesman Zabihullah Mujahid": the person named with that title.
    if (/^the$/i.test(article) && heldByNamed(registry, masked, index, noun, between)) continue
    const gender = noun === 'spokeswoman' ? 'female' : noun === 'spokesman' ? 'male' : null
    registry.addUnnamed(description, organizationIn(description), false, gender, index)
  }
  for (const m of masked.matchAll(UNNAMED_ROLE_SAID)) {
    const head = (m[1] ?? '').toLowerCase()
    if (registry.resolveRole(head, [], masked, m.index)) continue
    registry.addUnnamed(`the ${head}`, null, false, /woman$/.test(head) ? 'female' : null, m.index)
  }
  for (const m of masked.matchAll(UNNAMED_MENTION)) {
    const description = m[1] ?? ''
    registry.addUnnamed(description, null, false, null, m.index + m[0].length - description.length)
  }
}

/**
 * "Teemu Pukki just can’t stop scoring winners." … "Pukki was signed …": a paragraph that opens with two
 * capitalised words and then a verb or adverb names a person the tagger may not know. Taken only when the
 * story uses the second word again on its own, so "Thames Valley police said" names nobody.
 */
function registerParagraphOpeners(masked: string, registry: SpeakerRegistry): void {
  // Counted once for the whole text, so each paragraph's check is a look-up.
  const counts = new Map<string, number>()
  for (const word of masked.split(/[^\p{L}'’-]+/u)) {
    const bare = word.replace(/[’']s$/, '')
    counts.set(bare, (counts.get(bare) ?? 0) + 1)
  }
  let tagged = 0
  for (const paragraph of masked.split(/\n\s*\n/)) {
    const [first = '', second = '', third = ''] = paragraph.trimStart().split(/\s+/, 3)
    const name = `${first} ${second}`
    if (![first, second].every((t) => /^\p{Lu}\p{Ll}[\p{L}’'-]*$/u.test(t) && isNameToken(t) && !isRoleWord(t) && !isHonorific(t))) continue
    if (!/^\p{Ll}+$/u.test(third) || registry.find(name) || looksLikeOrganization(name) || isPlace(name)) continue
    // "Investigating Gardaí are appealing", "Local Residents say": a word before an unnamed source's noun names nobody.
    if (isPersonNoun(second)) continue
    if ((counts.get(second) ?? 0) < 2) continue
    // A story names its people in its first paragraphs; a text of thousands is not tagged line by line.
    if (++tagged > 40) return
    const doc = nlp(`${name} ${third}`)
    if (!doc.match(third).has('(#Verb|#Adverb)') || doc.has('#Place') || doc.has('#Organization')) continue
    registry.register({ name, role: null, organization: null, gender: null }, true)
  }
}

// "Whale whisperer Hori Parata was seven when …": a lower-case noun that describes the person, a first name and a
// surname, then a verb. Word by word, so linear.
const DESCRIBED_NAME = /(?<![\p{L}’'-])(\p{Ll}{3,})[ \t]+(\p{Lu}\p{Ll}+[ \t]+\p{Lu}\p{Ll}[\p{Ll}’'-]*)[ \t]+(\p{Ll}+)(?![\p{L}])/gu

/**
 * People named after a lower-case description ("skipper Wade Bassi has", "whale whisperer Hori Parata was"), whom
 * the tagger misses when it does not know the first name. As for paragraph openers, taken only when the story uses
 * the surname again on its own, and the word after the name is a verb or adverb.
 */
function registerDescribedPeople(masked: string, registry: SpeakerRegistry): void {
  let tagged = 0
  for (const m of masked.matchAll(DESCRIBED_NAME)) {
    const [, noun = '', name = '', next = ''] = m
    const tokens = name.split(/\s+/)
    if (registry.find(name) || tokens.some((t) => !isNameToken(t) || isRoleWord(t) || isHonorific(t)) || looksLikeOrganization(name) || isPlace(name)) continue
    const surname = tokens[tokens.length - 1] ?? ''
    // The surname alone elsewhere: a later "Parata said" is who the description introduced.
    if (!surnameAlone(masked.slice(m.index + m[0].length), surname)) continue
    if (++tagged > 20) return
    const doc = nlp(`the ${noun} ${name} ${next}`)
    if (!doc.match(noun).has('#Noun') || doc.match(noun).has('(#Verb|#Preposition|#Determiner|#Adjective)')) continue
    if (!doc.match(next).has('(#Verb|#Adverb)') || nlp(name).has('(#Place|#Organization)')) continue
    registry.register({ name, role: null, organization: null, gender: null }, true)
  }
}
/** The surname on its own in `text`: a whole word, not after another capitalised word (so not the full name again). */
function surnameAlone(text: string, surname: string): boolean {
  for (let at = text.indexOf(surname); at >= 0; at = text.indexOf(surname, at + surname.length)) {
    const after = text[at + surname.length] ?? ''
    const previousWord = text.slice(Math.max(0, at - 30), at).trimEnd().split(/[^\p{L}’'-]/u).pop() ?? ''
    if (/[\p{L}’'-]/u.test(text[at - 1] ?? '') || /[\p{L}-]/u.test(after)) continue
    if (!/^\p{Lu}/u.test(previousWord)) return true
  }
  return false
}

/** Registers the people a story names with a title before them ("Minister for Justice Aoife Brennan"), so roles can find them. */
function registerTitledPeople(masked: string, registry: SpeakerRegistry): void {
  for (const paragraph of masked.split(/\n\s*\n/)) registerTitledIn(paragraph, registry)
}

function registerTitledIn(paragraph: string, registry: SpeakerRegistry): void {
  const tokens = [...paragraph.matchAll(/\S+/g)].map((m) => m[0])
  for (let i = 0; i + 2 <= tokens.length; i++) {
    const title = tokens[i] ?? ''
    if (!(isRoleWord(title) || isHonorific(title)) || /[,.;:]$/.test(title) && !isHonorific(title)) continue
    const name: string[] = []
    // Up to four names: "President Nana Addo Dankwa Akufo-Addo".
    for (let j = i + 1; j < tokens.length && name.length < 4; j++) {
      const token = tokens[j] ?? ''
      // An initial before more names ("Minister M. Venkaiah Naidu") is part of the name, not a sentence end.
      if (/^\p{Lu}\.$/u.test(token) && isNameToken(tokens[j + 1] ?? '')) {
        name.push(token)
        continue
      }
      const bare = token.replace(/(^|[^,.;:])[,.;:]+$/, '$1').replace(/[’']s$/, '')
      // "chief Tan Sri Idris Kamal": a Malay honour's two words before the name are not part of it.
      if (name.length === 0 && isHonourPair(bare, tokens[j + 1])) {
        j++
        continue
      }
      if (!isNameToken(bare) || isRoleWord(bare) || isHonorific(bare)) break
      name.push(bare)
      if (bare !== token) break
    }
    // "Federal Investigation Agency (FIA)": "Federal" is a title word too, but what follows is an organisation.
    if (name.length >= 2 && !looksLikeOrganization(name.join(' '))) registry.register({ name: name.join(' '), role: null, organization: null, gender: null })
  }
}
