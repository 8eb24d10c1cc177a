// Interview round-ups print who speaks as a heading in capitals, then that person's answers as
// paragraphs that are only quotes: "MARK ANSCOMBE – HEAD COACH, CANADA" ⏎ “…” ⏎ “…”. The heading
// is the speaker of the quotes under it, up to the next heading.
import { isHonorific, isRoleWord } from './roles.js'

export interface HeadingLabel { name: string, role: string | null, organization: string | null }

// The name, then a dash or a comma, then the role and the organisation (commas between them).
const SEPARATOR = /\s[–—-]\s|,\s*/

/** The person a capitals heading names, or null when the line is not such a heading. */
export function headingLabel (line: string | undefined): HeadingLabel | null {
  const text = (line ?? '').trim()
  if (!text || text.length > 90 || /[.!?:;“”"‘’()]/.test(text) || /\p{Ll}/u.test(text)) return null
  const parts = text.split(SEPARATOR).map((part) => part.trim()).filter(Boolean)
  const nameTokens = (parts[0] ?? '').split(/\s+/)
  if (nameTokens.length < 2 || nameTokens.length > 4) return null
  if (!nameTokens.every((token) => /^\p{Lu}[\p{Lu}'’-]+$/u.test(token) && !isRoleWord(token) && !isHonorific(token))) return null
  const [role = null, organization = null] = parts.slice(1).map(titleCase)
  return { name: titleCase(parts[0] ?? ''), role, organization }
}

/** "MARK ANSCOMBE" -> "Mark Anscombe", "O'NEILL" -> "O'Neill". */
function titleCase (text: string): string {
  return text.toLowerCase().replace(/(^|[\s'’-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
}
