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
  if (!text || text.length > 90 || /[.!?:;“”"‘’()]/.test(text) || /\p{Ll}/u.test(text)) return null
  const parts = text.split(SEPARATOR).map((part) => part.trim()).filter(Boolean)
  if (isCapitalsName(parts[0])) {
    const [role = null, organization = null] = parts.slice(1).map(titleCase)
    return { name: titleCase(parts[0] ?? ''), role, organization }
  }
  // "ROLE, NAME": a role of capitalised words (at least one a role word), then the name, last.
  if (parts.length !== 2 || !isCapitalsName(parts[1]) || !(parts[0] ?? '').split(/\s+/).some(isRoleWord)) return null
  return { name: titleCase(parts[1] ?? ''), role: titleCase(parts[0] ?? ''), organization: null }
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
