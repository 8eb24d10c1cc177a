// Speaker phrases: "NATO Secretary General Jens Stoltenberg" is a name with a role and an
// organisation, "Sarah Lindqvist, chief executive of Nordlys Energy" a name and an
// appositive. The registry that merges people across a story is in registry.ts.
import nlp from 'compromise'
import { honorificGender, isHonorific, isHonourPair, isRoleWord } from './roles.js'
import { isHeadlineVerb } from './speech-verbs.js'

export type Gender = 'male' | 'female' | null

export interface SpeakerPhrase { name: string; role: string | null; organization: string | null; gender: Gender }

// Capitalised words that open sentences or name dates rather than people.
const NOT_NAME = new Set(('The A An On In At But And Or So Yet Then However Meanwhile Later Earlier Also Speaking Asked ' +
  'When While After Before As If Still Now Today Yesterday Tonight Last This That These Those Its His Her Their Our My We ' +
  'He She They It I According Separately Elsewhere Instead Indeed Overall For With From By To Of Under Over Since During ' +
  'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August ' +
  'September October November December Some Many Most Both Several Other Others Another Each Every Such ' +
  'What Why How Where Who Whom Whose Which Whenever Wherever Here There Thus Hence Lastly Firstly Secondly Thirdly Finally ' +
  'Further Furthermore Moreover Additionally Similarly Likewise Besides Nevertheless Nonetheless Therefore Otherwise ' +
  // Conjunctions and prepositions that open a sentence: "Although Palace do seem to have a hectic time" names nobody.
  'Although Though Because Unless Whereas Whether Once Until Despite Without Within Against Among Amid Between Into Through ' +
  'Upon Across Around Behind Beyond Toward Towards Even Only Perhaps Maybe Nor Not Any All No ' +
  'Unlike Like Regarding Concerning Except Excluding Including Following Given Considering Dear Near Beside Alongside Via ' +
  // A photo credit glued to the lead: "Astronomy student Chris Carr Credit: Case Western Reserve University Last summer, …".
  'Credit Credits Photo Photograph Picture Image Courtesy').split(' '))
// "Redditch Council Kevin Dicks": the words that end an organisation's name end the search for a person's.
const ORGANIZATION_HEADS = new Set(['council', 'party', 'police', 'university', 'ministry', 'department', 'club', 'bank', 'union',
  'company', 'agency', 'authority', 'commission', 'committee', 'government', 'fc', 'inc', 'ltd', 'plc', 'group', 'association',
  // …and so do a place's: "Commissioner for the Dublin Metropolitan Region Paul Cleary", "the Harbour District Ann Lee".
  'region', 'district', 'county', 'province', 'division', 'constituency', 'municipality', 'ward', 'metropolitan'])
const NAME_PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'der', 'den', 'di', 'du', 'la', 'le', 'bin', 'al', 'ibn', 'dos'])

const ARABIC_PARTICLE_NAME = /^(?:al|el|ad|ar|as|ash|at|az|an|ul|ud|bin|ibn|abu)-\p{Lu}[\p{L}'’-]*$/u

export function isNameToken(token: string): boolean {
  const bare = token.replace(/[,;:]$/, '')
  // "al-Omari", "el-Sissi", "bin-Salman": an Arabic surname's particle, in lower case, joined by a hyphen.
  return (/^[\p{Lu}][\p{L}'’.-]*$/u.test(bare) || ARABIC_PARTICLE_NAME.test(bare)) && !NOT_NAME.has(bare) && !isHeadlineVerb(bare)
}

/** Splits "[organisation] [role] [honorific] Name" into its parts; null when no name. */
export function parseSpeakerPhrase(phrase: string): SpeakerPhrase | null {
  const tokens = phrase.replace(/(^|[^,;:.])[,;:.]+$/, '$1').split(/\s+/).filter(Boolean)
  let end = tokens.length
  let start = end
  while (start > 0 && end - start < 4) {
    const token = tokens[start - 1] ?? ''
    const particle = NAME_PARTICLES.has(token) && start < end
    if (!particle && (!isNameToken(token) || isRoleWord(token) || isHonorific(token) || ORGANIZATION_HEADS.has(token.toLowerCase()))) break
    if (isHonourPair(tokens[start - 2], token)) break
    // "Bloomberg’s Eric Roston", "CNN's Jake Tapper": an owner before the name is not part of it.
    if (start < end && /[’']s$/.test(token)) break
    start--
  }
  // "Tan Sri Idris Kamal Noor": a four-word run may start on an honour's second word.
  if (end - start >= 3 && isHonourPair(tokens[start - 1], tokens[start])) start++
  if (start === end) return null
  // "Minister of State for Petroleum Musadik Malik": the word after "for"/"of" is the portfolio, not a first name.
  // "Minister of Planning and Development Asad Umar": the same after "and" when "of"/"for" opened the portfolio.
  // "Ambassador to Switzerland Sarath Kongahage": the word after "to" is the posting; so is the one after "in"
  // ("WHO representative in Guinea Georges Ki-Zerbo").
  if (end - start >= 3 && (/^(?:for|of|to|in)$/.test(tokens[start - 1] ?? '') || isPortfolioAnd(tokens, start))) start++
  // "Youth Development Leilani Osei": the portfolio's words before the name, up to its last one.
  for (let i = end - 3; i >= start; i--) {
    if (PORTFOLIOS.has((tokens[i] ?? '').toLowerCase())) {
      start = i + 1
      break
    }
  }
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
  // "Minister of Planning and Development Asad Umar": the word after the portfolio's "and" is no first name.
  if (tokens.length - start >= 3 && isPortfolioAnd(tokens, start)) start++
  return tokens.slice(start).join(' ')
}

// A ministry's portfolio, the last word of a title ("Minister of Planning and Development Asad Umar"), never a first name.
const PORTFOLIOS = new Set(('development planning affairs housing finance health education security trade industry commerce transport ' +
  'works communications information defence defense interior agriculture environment energy culture tourism sport sports labour labor ' +
  'employment infrastructure investment revenue welfare resources technology innovation science reform justice petroleum mines youth ' +
  'orientation fisheries').split(' '))

/** Whether the word before `start` is the "and" of a portfolio that "of" or "for" opened a few words earlier. */
function isPortfolioAnd(tokens: string[], start: number): boolean {
  return /^(?:and|&)$/.test(tokens[start - 1] ?? '') && tokens.slice(Math.max(0, start - 5), start - 1).some((t) => /^(?:for|of)$/.test(t))
}

/** ", chief executive of Nordlys Energy," / ", NATO's secretary general" -> role and organisation. */
export function parseAppositive(text: string): { role: string | null; organization: string | null } {
  // "a mother of two in Kessel": where someone lives is not part of their title.
  const clean = withoutTrailingPlace(text.replace(/^[\s,]+/, '').replace(/(^|[^\s,.;:])[\s,.;:]+$/, '$1').replace(/(?<!\s)\s+(who|which|that|whose)\s[^]*$/i, '').replace(/^(the|a|an)\s+/i, ''))
  if (!clean || /^\d/.test(clean) || /^(who|which|that|whose|where)\b/i.test(clean) ||
    (nlp(clean.split(' ')[0] ?? '').has('#Verb') && !isRoleWord(clean.split(' ').pop() ?? ''))) {
    return { role: null, organization: null }
  }
  const ofOrg = /^(.+?)(?<!\s)\s+(?:of|at|for|with|from)\s+(?:the\s+)?(\p{Lu}[^]*)$/u.exec(clean)
  if (ofOrg) return { role: ofOrg[1] ?? null, organization: ofOrg[2] ?? null }
  const possessive = possessiveSplit(clean)
  if (possessive) return { role: possessive[1], organization: possessive[0] }
  const split = splitRoleAndOrganization(clean.split(/\s+/))
  if (split.role) return split
  return /^\p{Ll}/u.test(clean) && !/\b(that|who|which|when|and|but)\b/.test(clean) && clean.split(/\s+/).length <= 5 ? { role: clean, organization: null } : { role: null, organization: null }
}

/**
 * `text.replace(/\s+in\s+\p{Lu}[\p{L}\s]*$/u, '')` in code ("the mayor in Carrow Bay" → "the mayor"):
 * the place can only lie in the closing stretch of letters and spaces, whose space runs are each read once.
 */
function withoutTrailingPlace(text: string): string {
  let tailStart = 0
  for (const other of text.matchAll(/[^\p{L}\s]/gu)) tailStart = other.index + other[0].length
  const inPlace = /in\s+\p{Lu}/uy
  for (const run of text.slice(tailStart).matchAll(/\s+/g)) {
    inPlace.lastIndex = tailStart + run.index + run[0].length
    if (inPlace.test(text)) return text.slice(0, tailStart + run.index)
  }
  return text
}

const POSSESSIVE_S = /[’']s\s/g
const SPACES = /\s*/y
const LINE_BREAKS = ['\n', '\r', '\u2028', '\u2029']

/**
 * "Nasa's chief scientist" -> ["Nasa", "chief scientist"]: a capitalised owner without an ASCII
 * apostrophe, its "’s", spaces, and the rest of the text on one line (the spaces may hold line breaks).
 * The first "’s" that works wins. One that leaves a line break after its spaces fails, and so does any
 * before that break, which is skipped without reading the rest of the text again.
 */
function possessiveSplit(text: string): [string, string] | null {
  const first = text.codePointAt(0) ?? 0
  if (!/^\p{Lu}/u.test(text)) return null
  const ownerFrom = first > 0xffff ? 2 : 1
  const apostrophe = text.indexOf("'", ownerFrom)
  const lastBreak = Math.max(...LINE_BREAKS.map((mark) => text.lastIndexOf(mark)))
  for (const mark of text.matchAll(POSSESSIVE_S)) {
    if (mark.index < ownerFrom) continue
    if (apostrophe >= 0 && mark.index > apostrophe) break
    SPACES.lastIndex = mark.index + 2
    SPACES.exec(text)
    const restFrom = SPACES.lastIndex
    if (restFrom <= lastBreak) continue
    if (restFrom < text.length) return [text.slice(0, mark.index), text.slice(restFrom)]
    // Only spaces follow: the last one is the rest, when one is left before it and it is no line break.
    if (restFrom - (mark.index + 2) >= 2 && lastBreak < text.length - 1) return [text.slice(0, mark.index), text.slice(-1)]
    return null
  }
  return null
}
