// Names and titles as people type them: "  NATO " is NATO. Padding is trimmed and runs of
// white space become one space before validation, so a name of only spaces fails `minLength`
// (400) instead of tagging unrelated stories under the slug "item".

const NAME_KEYS = new Set(['name', 'title'])
const LIST_KEYS = new Set(['aliases'])
// Bodies nest a few levels (article → quotes → speaker); deeper values are not names.
const MAX_DEPTH = 6

export function tidyName (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Tidies, in place, every `name`, `title` and `aliases` string of a parsed JSON body. */
export function tidyNames (value: unknown, depth = 0): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    for (const item of value) tidyNames(item, depth + 1)
    return
  }
  const record = value as Record<string, unknown>
  for (const [key, field] of Object.entries(record)) {
    if (typeof field === 'string' && NAME_KEYS.has(key)) record[key] = tidyName(field)
    else if (Array.isArray(field) && LIST_KEYS.has(key)) record[key] = field.map((item) => (typeof item === 'string' ? tidyName(item) : item))
    else tidyNames(field, depth + 1)
  }
}
