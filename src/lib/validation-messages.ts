import { DATE_TIME_RULE } from './date-time.js'

// Ajv says "must match pattern "^(topics|quotes)(,(topics|quotes))*$"" or "must be equal to one
// of the allowed values": partners need the allowed values themselves. The patterns are the
// ones CsvOf, sortPattern, Slug and HttpUrl build (and Slug's `not` a UUID).
const CSV_PATTERN = /^\^\(([^()]+)\)\(,\(\1\)\)\*\$$/
const SORT_PATTERN = /^\^-\?\(([^()]+)\)\$$/
const list = (words: readonly unknown[]): string => words.map(String).join(', ')

/** Ajv's message for one validation issue, with the allowed values spelled out. */
export function readableMessage (issue: { keyword?: string, message?: string, params?: Record<string, unknown> }): string {
  const message = issue.message ?? 'is invalid'
  const params = issue.params ?? {}
  if (issue.keyword === 'format' && params.format === 'date-time') return DATE_TIME_RULE
  if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) return `must be one of: ${list(params.allowedValues)}`
  // The one `not` in the schemas: Slug's { not: { format: 'uuid' } }.
  if (issue.keyword === 'not') return 'must not be shaped like a UUID (a UUID in a path is read as an id)'
  if (issue.keyword !== 'pattern' || typeof params.pattern !== 'string') return message
  const csv = CSV_PATTERN.exec(params.pattern)
  if (csv) return `must be a comma-separated list of: ${list(csv[1]!.split('|'))}`
  const sort = SORT_PATTERN.exec(params.pattern)
  if (sort) return `must be one of: ${list(sort[1]!.split('|'))} (prefix \`-\` for descending)`
  if (params.pattern === '^[a-z0-9]+(?:-[a-z0-9]+)*$') return 'must be lowercase letters and digits in words joined by hyphens'
  if (params.pattern.startsWith('^[Hh][Tt][Tt][Pp]')) return 'must be an absolute http or https URL'
  return message
}
