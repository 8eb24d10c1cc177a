// People and organisations a story names before anyone is quoted, so that later pronouns,
// roles and descriptions ("he", "the minister", "the agency", "LASEMA") can find them.
import nlp from 'compromise'
import { registerTitledPeople, type SpeakerRegistry } from './registry.js'
import { isRoleWord } from './roles.js'
import { parseSpeakerPhrase } from './speakers.js'
import { looksLikeOrganization } from './subjects.js'

const CAPITALISED_RUN = /(?<![\p{L}’'-])(?:The\s+)?(\p{Lu}[\p{L}’'.&-]*(?:\s+(?:of|for|and|the|de|&)?\s*\p{Lu}[\p{L}’'.&-]*){0,7})/gu
const ACRONYM = /(\p{Lu}[\p{L}’'.&-]*(?:\s+(?:of|for|and|the|de|&)?\s*\p{Lu}[\p{L}’'.&-]*){1,8})\s+\((\p{Lu}[\p{L}\p{N}&.-]{1,9})\)/gu
// Unnamed people described in the narrative, who may be "he" or "she" later: "written by a sub-county commander in Embakasi".
const UNNAMED_MENTION = /\bby\s+(an?\s+(?:[\p{L}-]+\s+){0,3}?(?:commander|official|officer|spokesperson|spokesman|spokeswoman|source|witness|resident|doctor|nurse|teacher|lawyer|judge)(?:\s+(?:in|at|for|of|from)\s+\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*)?)/gu

export function registerMentions(masked: string, registry: SpeakerRegistry): void {
  const doc = nlp(masked)
  for (const found of doc.people().out('array') as string[]) {
    const phrase = parseSpeakerPhrase(found.replace(/[^\p{L}\s.'’-]+/gu, ' ').trim())
    // Only the name: compromise's phrase edges are too loose to trust for titles.
    if (phrase && !looksLikeOrganization(phrase.name)) registry.register({ ...phrase, role: null, organization: null }, true)
  }
  registerTitledPeople(masked, registry)
  for (const m of masked.matchAll(ACRONYM)) {
    // "Nairobi Regional Police Commander (RPC) Joseph Kiprono" abbreviates a title, not an organisation.
    const name = (m[1] ?? '').replace(/^(?:The\s+)?(?:[\p{L}-]+\s+)*?(?:of|for)\s+the\s+/u, '').replace(/^The\s+/, '')
    if (isRoleWord(name.split(/\s+/).pop() ?? '')) continue
    registry.registerOrganization(name, m[2] ?? null)
  }
  for (const m of masked.matchAll(CAPITALISED_RUN)) {
    const name = (m[1] ?? '').replace(/[’']s$/, '')
    if (name.split(/\s+/).length >= 2 && looksLikeOrganization(name) && !registry.find(name)) registry.registerOrganization(name)
  }
  for (const found of doc.organizations().out('array') as string[]) {
    const name = found.replace(/[^\p{L}\p{N}\s.&'’-]+/gu, ' ').trim().replace(/[’']s$/, '')
    if (/^\p{Lu}/u.test(name) && !registry.find(name) && !/^(?:The|A|An)$/.test(name)) registry.registerOrganization(name)
  }
  for (const m of masked.matchAll(UNNAMED_MENTION)) {
    const description = m[1] ?? ''
    registry.addUnnamed(description, null, false, null, m.index + m[0].length - description.length)
  }
}
