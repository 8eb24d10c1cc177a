// Who wrote a story, from its byline: "By Jane Doe and John Roe", "Jane Doe, Reuters",
// "JANE DOE | Staff Writer". The people are the article's authors; news agencies, desks and
// staff credits ("Reuters", "By Staff Reporter", "Web Desk") name no person and stay as the
// byline text only. Plain string work and small linear expressions: bylines are anyone's text.

// News agencies and pooled credits that appear in bylines in place of a person.
const AGENCIES = new Set([
  'reuters', 'thomson reuters', 'ap', 'the associated press', 'associated press', 'afp', 'agence france-presse', 'agence france presse',
  'pa', 'pa media', 'press association', 'the press association', 'bloomberg', 'dpa', 'ani', 'pti', 'ians', 'upi', 'xinhua', 'kyodo',
  'kyodo news', 'efe', 'ansa', 'aap', 'australian associated press', 'cp', 'the canadian press', 'canadian press', 'tass', 'yonhap',
  'anadolu', 'anadolu agency', 'nan', 'kna', 'apa', 'sapa', 'bernama', 'antara', 'irna', 'wafa', 'mena', 'agencies', 'wires', 'wire services'
])
// A credit with one of these words is a desk or a role, not a person's name.
const CREDIT_WORDS = new Set([
  'staff', 'reporter', 'reporters', 'correspondent', 'correspondents', 'desk', 'newsroom', 'team', 'editor', 'editors', 'editorial',
  'writer', 'writers', 'contributor', 'contributors', 'bureau', 'agency', 'agencies', 'news', 'online', 'digital', 'web', 'service', 'services',
  'board', 'sport', 'sports', 'media', 'press', 'wire', 'wires', 'report', 'admin', 'administrator', 'guest'
])
// Words that join names, or start a place or a role after the name: "Jane Doe in Brussels".
const JOINERS = new Set(['and', '&', 'with'])
const TAIL_WORDS = new Set(['in', 'at', 'from', 'for', 'reporting', 'reports', 'report', 'additional'])
const LEADING_BY = /^(?:by|written by|words by|reporting by|author:|authors:)\s/i
const MAX_NAME_WORDS = 4
// Longer is page junk, not a name (an author record holds at most 200 characters; a longer name made the import a 422).
const MAX_NAME_LENGTH = 100

/** The people a byline names, in order, each once; agencies and staff credits are left out. */
export function authorsFromByline (byline: string | null): string[] {
  if (byline === null) return []
  const names: string[] = []
  for (const part of splitCredits(byline)) {
    const name = personName(part)
    if (name !== null && !names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name)
  }
  return names
}

/** "By Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe", "Reuters"]. */
function splitCredits (byline: string): string[] {
  const parts: string[] = []
  for (const chunk of byline.replace(/\s+/g, ' ').trim().split(/[,;|/•·–—]|\s-\s/)) {
    let words: string[] = []
    for (const word of chunk.replace(LEADING_BY, '').trim().split(' ')) {
      if (JOINERS.has(word.toLowerCase())) {
        parts.push(words.join(' '))
        words = []
      } else {
        words.push(word)
      }
    }
    parts.push(words.join(' '))
  }
  return parts.map((part) => part.replace(LEADING_BY, '').trim()).filter((part) => part !== '')
}

/** A person's name as printed ("JANE DOE" -> "Jane Doe"), or null for an agency, a credit or anything else. */
function personName (credit: string): string | null {
  const words: string[] = []
  for (const word of credit.split(' ')) {
    if (TAIL_WORDS.has(word.toLowerCase())) break // "Jane Doe in Brussels"
    words.push(word)
  }
  const name = words.join(' ').replace(/^[("'“]|[)"'”.:]$/g, '')
  const lower = name.toLowerCase()
  if (AGENCIES.has(lower) || AGENCIES.has(lower.replace(/^the /, ''))) return null
  const count = words.length
  if (count < 2 || count > MAX_NAME_WORDS || name.length > MAX_NAME_LENGTH) return null
  if (words.some((word) => CREDIT_WORDS.has(word.toLowerCase().replace(/[^a-z]/g, '')))) return null
  // Every word of a name starts with a capital ("van", "de", "bin" and kin aside), and has no digit or @.
  if (/[\d@#]/.test(name) || !words.every((word, i) => /^\p{Lu}/u.test(word) || (i > 0 && i < count - 1 && /^\p{Ll}{1,3}$/u.test(word)))) return null
  return name === name.toUpperCase() ? titleCase(name) : name
}

function titleCase (name: string): string {
  return name.toLowerCase().replace(/(^|[\s'-])(\p{Ll})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase())
}
