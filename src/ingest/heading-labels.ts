// Interview round-ups print who speaks as a heading in capitals, then that person's answers as
// paragraphs that are only quotes: "MARK ANSCOMBE – HEAD COACH, CANADA" ⏎ “…” ⏎ “…”. The heading
// is the speaker of the quotes under it, up to the next heading. Press-conference transcripts put the
// role first and end the heading with a colon: "INDIAN COACH, HARENDERA SINGH:".
import { isHonorific, isRoleWord } from './roles.js'

export interface HeadingLabel { name: string, role: string | null, organization: string | null }

// The name, then a dash or a comma, then the role and the organisation (commas between them).
const SEPARATOR = /\s[–—-]\s|,\s*/

/** The person a capitals heading names, or null when the line is not such a heading. */
export function headingLabel (line: string | undefined): HeadingLabel | null {
  const text = (line ?? '').trim().replace(/:$/, '')
  if (!text || text.length > 90 || /[.!?:;“”"‘’()]/.test(text)) return null
  if (/\p{Ll}/u.test(text)) return titleCaseLabel(text)
  const parts = text.split(SEPARATOR).map((part) => part.trim()).filter(Boolean)
  if (isCapitalsName(parts[0])) {
    const [role = null, organization = null] = parts.slice(1).map(titleCase)
    return { name: titleCase(parts[0] ?? ''), role, organization }
  }
  // "HEAD COACH DIRK KOETTER": role words, then the name, with no comma between (club sites' post-game quotes).
  if (parts.length === 1) return roleThenName(parts[0] ?? '')
  // "ROLE, NAME": a role of capitalised words (at least one a role word), then the name, last.
  if (parts.length !== 2 || !isCapitalsName(parts[1]) || !(parts[0] ?? '').split(/\s+/).some(isRoleWord)) return null
  return { name: titleCase(parts[1] ?? ''), role: titleCase(parts[0] ?? ''), organization: null }
}

/** "HEAD COACH DIRK KOETTER": the words up to the last role word are the role, the two to four after it the name. */
function roleThenName (text: string): HeadingLabel | null {
  const tokens = text.split(/\s+/)
  let last = -1
  tokens.forEach((token, i) => { if (isRoleWord(token)) last = i })
  if (last < 0 || !isCapitalsName(tokens.slice(last + 1).join(' '))) return null
  return { name: titleCase(tokens.slice(last + 1).join(' ')), role: titleCase(tokens.slice(0, last + 1).join(' ')), organization: null }
}

/** Two to four words in capitals, none of them a role word or an honorific. */
function isCapitalsName (part: string | undefined): boolean {
  const tokens = (part ?? '').split(/\s+/)
  if (tokens.length < 2 || tokens.length > 4) return false
  return tokens.every((token) => /^\p{Lu}[\p{Lu}'’-]+$/u.test(token) && !isRoleWord(token) && !isHonorific(token))
}

/** "MARK ANSCOMBE" -> "Mark Anscombe", "O'NEILL" -> "O'Neill". */
function titleCase (text: string): string {
  return text.toLowerCase().replace(/(^|[\s'’-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
}

/**
 * A TV newsroom's caption line in title case: "Allen Whylie - Commissioner of Police", "Phillip Willoughby - City
 * Councilor - CEMO". The name (two to four capitalised words), a dash, and a role that has a role word.
 */
function titleCaseLabel (text: string): HeadingLabel | null {
  const parts = text.split(/\s[–—-]\s/).map((part) => part.trim()).filter(Boolean)
  if (parts.length < 2 || parts.length > 3) return null
  const name = (parts[0] ?? '').split(/\s+/)
  if (name.length < 2 || name.length > 4 || !name.every((token) => /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(token) && !isRoleWord(token) && !isHonorific(token))) return null
  const role = parts[1] ?? ''
  if (!/^\p{Lu}/u.test(role) || !role.split(/\s+/).some(isRoleWord)) return null
  return { name: parts[0] ?? '', role, organization: parts[2] ?? null }
}
