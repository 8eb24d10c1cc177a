import { diffWordsWithSpace } from 'diff'
import { isDeepStrictEqual } from 'node:util'
import { ARTICLE_FIELDS, type ArticleDto } from '../articles/schemas.js'
import type { FieldChangeDto } from './schemas.js'

// A field-by-field comparison of two snapshots. Text fields are compared word by word with
// jsdiff (diffWordsWithSpace keeps the spaces and line breaks, so the parts join back into
// the exact texts); topics, authors and quotes as sets of items by id, authors with their order.

type WordChange = NonNullable<FieldChangeDto['words']>[number]
type Snapshot = Record<string, unknown>

const WORDED = new Set(['title', 'summary', 'body'])
const LISTS = new Set(['topics', 'authors', 'quotes'])
// What every write changes: not news.
const IGNORED = new Set(['version', 'updatedAt'])
const QUOTE_IGNORED = new Set(['version', 'updatedAt', 'createdAt', 'length'])

/** Paragraphs as one text, a blank line between them. */
const asText = (value: unknown): string => Array.isArray(value) ? value.join('\n\n') : typeof value === 'string' ? value : ''

export function wordChanges (from: string, to: string): WordChange[] {
  return diffWordsWithSpace(from, to).map((part) => ({ op: part.added ? 'added' : part.removed ? 'removed' : 'equal', text: part.value }))
}

function byId (items: unknown): Map<string, Snapshot> {
  return new Map((Array.isArray(items) ? items as Snapshot[] : []).map((item) => [String(item.id), item]))
}

function listChange (field: string, from: unknown, to: unknown): FieldChangeDto {
  const before = byId(from)
  const after = byId(to)
  const change: FieldChangeDto = {
    field,
    from,
    to,
    added: [...after.values()].filter((item) => !before.has(String(item.id))),
    removed: [...before.values()].filter((item) => !after.has(String(item.id)))
  }
  if (field === 'authors') {
    // Byline order: the authors both revisions name, in each one's order.
    const kept = (ids: Iterable<string>, other: Map<string, Snapshot>) => [...ids].filter((id) => other.has(id))
    change.reordered = !isDeepStrictEqual(kept(before.keys(), after), kept(after.keys(), before))
  }
  if (field === 'quotes') {
    change.changed = []
    for (const [id, old] of before) {
      const now = after.get(id)
      if (!now) continue
      const fields = Object.keys({ ...old, ...now }).filter((key) => !QUOTE_IGNORED.has(key) && !isDeepStrictEqual(old[key], now[key]))
      if (fields.length === 0) continue
      change.changed.push({ id, fields, ...(fields.includes('text') && { words: wordChanges(asText(old.text), asText(now.text)) }) })
    }
  }
  return change
}

/** The properties of `to` that differ from `from`, in the article's property order. */
export function diffSnapshots (from: ArticleDto, to: ArticleDto): FieldChangeDto[] {
  const before = from as unknown as Snapshot
  const after = to as unknown as Snapshot
  const changes: FieldChangeDto[] = []
  // The snapshots are jsonb, whose keys come back in its own order: use the article's.
  for (const field of new Set([...ARTICLE_FIELDS, 'topics', 'authors', 'quotes', ...Object.keys(after), ...Object.keys(before)])) {
    if (IGNORED.has(field) || isDeepStrictEqual(before[field], after[field])) continue
    const old = before[field] ?? null
    const now = after[field] ?? null
    if (LISTS.has(field)) changes.push(listChange(field, old, now))
    else if (WORDED.has(field)) changes.push({ field, from: old, to: now, words: wordChanges(asText(old), asText(now)) })
    else changes.push({ field, from: old, to: now })
  }
  return changes
}
