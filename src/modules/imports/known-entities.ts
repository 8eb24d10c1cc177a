import type { Database } from '../../db/client.js'
import { isHonorific, isRoleWord } from '../../ingest/roles.js'
import type { KnownTopic, ParsedSpeaker, ParsedTopic } from '../../ingest/types.js'
import { itemSlugFor } from '../../lib/slugs.js'
import { literalTemplate } from '../../lib/built-regex.js'

// The database's topics and speakers, in the two forms an import needs: as hints for the
// parser (so "Daesh" becomes the stored Islamic State topic and a bare "Stoltenberg" the
// stored speaker), and as the rows a parsed topic or speaker resolves to, to be reused. For a key
// that may not read drafts (`visibleOnly`) only the ones the public sees: one only hidden stories
// use is neither told (a dry run) nor linked (lib/visible-links.ts).

export interface TopicRow { slug: string, name: string, aliases: string[] }
export interface SpeakerRow { slug: string, name: string, kind: 'person' | 'organization', role: string | null, organization: string | null }

// Prefilters, not matches: the parser does the word-boundary matching. The caps bound the
// work of a pathological text that contains half the vocabulary.
const MAX_HINTS = 2000

/** Stored topics and speakers the text may mention, for `parseArticle`'s known lists. */
export async function loadParserHints (db: Database, text: string, visibleOnly = false): Promise<{ knownTopics: KnownTopic[], knownSpeakers: ParsedSpeaker[] }> {
  const [topics, speakers] = await Promise.all([
    db.$queryRaw<TopicRow[]>`
      SELECT slug, name, aliases FROM topics
       WHERE (strpos(${text}, name) > 0 OR EXISTS (SELECT 1 FROM unnest(aliases) a WHERE strpos(${text}, a) > 0))
         AND (${!visibleOnly} OR newsdesk_topic_public(id))
       ORDER BY name LIMIT ${MAX_HINTS}`,
    db.$queryRaw<SpeakerRow[]>`
      SELECT slug, name, kind, role, organization FROM speakers
       WHERE strpos(${text}, regexp_replace(name, '^.*\\s', '')) > 0 AND (${!visibleOnly} OR newsdesk_speaker_public(id))
       ORDER BY name, created_at LIMIT ${MAX_HINTS}`
  ])
  return {
    knownTopics: topics.map(({ name, aliases }) => ({ name, aliases })),
    // Names only: the role a speaker is given must be the one this story gives (the role at the
    // time); a stored role would win over it in the parser. Namesakes are one hint.
    knownSpeakers: [...new Map(unambiguousSpeakers(text, speakers).map(({ name, kind }) => [name, { name, kind, role: null, organization: null }])).values()]
  }
}

const WHOLE_NAME = literalTemplate('known-entities WHOLE_NAME', 'u', (name) => String.raw`(?<![\p{L}])${name}(?![\p{L}])`)
// A word (letters, apostrophes, dots, hyphens), spaces, the surname, and no letter after it, matched
// from the word's start; the character after the surname is given back for the next match. The
// sticky form reads a word that starts right after the last mention ("Smith-Lee Smith").
const WORD_THEN_SURNAME = literalTemplate('known-entities WORD_THEN_SURNAME', 'gu', (surname) => String.raw`(?:^|[^\p{L}'’.-])([\p{L}'’.-]+)\s+${surname}([^\p{L}]|$)`)
const WORD_THEN_SURNAME_HERE = literalTemplate('known-entities WORD_THEN_SURNAME_HERE', 'uy', (surname) => String.raw`([\p{L}'’.-]+)\s+${surname}([^\p{L}]|$)`)
const CAPITAL_AFTER_NON_LETTER = /(?:^|['’.-])\p{Lu}/u

/**
 * The word before each mention of a surname, from its first capital that follows no letter:
 * "Secretary General Stoltenberg" gives "General", "Ex-Jane Stoltenberg" gives "Jane". Mentions
 * do not overlap: a surname is not also the word before the next mention.
 */
function wordsBeforeSurname (text: string, surname: string): string[] {
  const anywhere = WORD_THEN_SURNAME([surname])
  const here = WORD_THEN_SURNAME_HERE([surname])
  const words: string[] = []
  let at = 0
  let pattern = anywhere
  for (;;) {
    pattern.lastIndex = at
    const m = pattern.exec(text)
    if (!m) {
      if (pattern === anywhere) return words
      pattern = anywhere
      continue
    }
    const word = m[1] ?? ''
    const wordStart = m.index + m[0].indexOf(word)
    const capital = CAPITAL_AFTER_NON_LETTER.exec(word)
    if (capital) {
      words.push(word.slice(capital.index + (capital.index === 0 && /^\p{Lu}/u.test(word) ? 0 : 1)))
      at = m.index + m[0].length - (m[2] ?? '').length
      pattern = here
    } else {
      at = wordStart + word.length
      pattern = anywhere
    }
  }
}

/**
 * A stored speaker is a safe hint when the text names them in full, or uses their surname
 * with no one else of that surname in sight: "Jane Smith ... Smith said" must not become a
 * stored John Smith, and two stored Smiths with only "Smith" in the text stay unresolved.
 */
function unambiguousSpeakers (text: string, speakers: SpeakerRow[]): SpeakerRow[] {
  const surname = (name: string): string => name.split(/\s+/).pop() ?? name
  const mentionsInFull = (speaker: SpeakerRow): boolean => WHOLE_NAME([speaker.name]).test(text)
  const surnameCount = new Map<string, number>()
  for (const speaker of speakers) surnameCount.set(surname(speaker.name), (surnameCount.get(surname(speaker.name)) ?? 0) + 1)
  return speakers.filter((speaker) => {
    if (mentionsInFull(speaker)) return true
    const family = surname(speaker.name)
    if ((surnameCount.get(family) ?? 0) > 1) return false
    // "Secretary General Stoltenberg" is fine; "Jane Stoltenberg" is someone else.
    const first = speaker.name.split(/\s+/)[0]
    return wordsBeforeSurname(text, family).every((word) => word === first || isRoleWord(word) || isHonorific(word))
  })
}

/** The stored topics a parsed topic list refers to: by slug, by name, or by an alias either way round. */
export async function findExistingTopics (db: Database, topics: ParsedTopic[], visibleOnly = false): Promise<TopicRow[]> {
  if (topics.length === 0) return []
  const slugs = topics.map((topic) => itemSlugFor('topics', topic.name))
  const names = [...new Set(topics.flatMap((topic) => [topic.name, ...topic.aliases]).map((name) => name.toLowerCase()))]
  return db.$queryRaw<TopicRow[]>`
    SELECT slug, name, aliases FROM topics
     WHERE (slug = ANY(${slugs}::text[]) OR lower(name) = ANY(${names}::text[])
        OR EXISTS (SELECT 1 FROM unnest(aliases) a WHERE lower(a) = ANY(${names}::text[])))
       AND (${!visibleOnly} OR newsdesk_topic_public(id))`
}

/** Stored speakers who may be the ones named: the same name or surname (any case), oldest first (see matchSpeaker). */
export async function findSpeakerCandidates (db: Database, names: string[], visibleOnly = false): Promise<SpeakerRow[]> {
  if (names.length === 0) return []
  const surnames = [...new Set(names.map((name) => (name.split(/\s+/).pop() ?? name).toLowerCase()))]
  return db.$queryRaw<SpeakerRow[]>`
    SELECT slug, name, kind, role, organization FROM speakers
     WHERE lower(regexp_replace(name, '^.*\\s', '')) = ANY(${surnames}::text[]) AND (${!visibleOnly} OR newsdesk_speaker_public(id))
     ORDER BY created_at, slug LIMIT ${MAX_HINTS}`
}

/** The stored topic a parsed one is: same slug first, then same name, then a shared alias. */
export function matchTopic (topic: ParsedTopic, existing: TopicRow[]): TopicRow | undefined {
  const slug = itemSlugFor('topics', topic.name)
  const lower = (names: string[]): Set<string> => new Set(names.map((name) => name.toLowerCase()))
  const ownNames = lower([topic.name, ...topic.aliases])
  return existing.find((row) => row.slug === slug) ??
    existing.find((row) => row.name.toLowerCase() === topic.name.toLowerCase()) ??
    existing.find((row) => [...lower([row.name, ...row.aliases])].some((name) => ownNames.has(name)))
}
