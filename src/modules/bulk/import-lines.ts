import type pg from 'pg'
import { articleCreateValidator } from '../articles/schemas.js'
import { hasReplacementCharacters } from '../../lib/charset.js'
import { tidyNames } from '../../lib/names.js'
import { readableMessage } from '../../lib/validation-messages.js'
import { contentClientTransaction } from '../../lib/write-path.js'
import { writeBatch, type BatchItem, type LineError } from './write-batch.js'
import type { NdjsonLine } from '../../lib/ndjson.js'
import { badValueDetail, isBadValueError } from '../../plugins/app/problem-details.js'

// Streams NDJSON article lines into the database in batches: memory stays flat however long
// the input, a bad line is reported with its number while good lines land, and each batch
// is one transaction. A batch the database rejects is retried line by line, so one bad line
// cannot sink its neighbours.

const BATCH_SIZE = 500
const MAX_REPORTED_ERRORS = 1000

export interface ImportSummary {
  lines: number
  created: number
  updated: number
  unchanged: number
  failed: number
  errors: LineError[]
}

export interface ImportOptions {
  onProgress?: (summary: ImportSummary) => void
  /** The caller may not read drafts: a line about a story it cannot read is a 404 (write-batch.ts). */
  visibleOnly?: boolean
}

/** Imports the lines of `ndjsonLines` (src/lib/ndjson.ts): an oversized line is a 413 for that line. */
export async function importArticleLines (pool: pg.Pool, lines: AsyncIterable<NdjsonLine>, options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { lines: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [] }
  const report = (error: LineError): void => {
    summary.failed++
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push(error)
  }
  let batch: BatchItem[] = []
  let keysInBatch = new Set<string>()

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const result = await writeInTransaction(pool, batch, options.visibleOnly).catch(async () => {
      // Isolate the line(s) the database refused.
      const merged = { created: 0, updated: 0, unchanged: 0, errors: [] as LineError[] }
      for (const item of batch) {
        const one = await writeInTransaction(pool, [item], options.visibleOnly).catch((error: unknown) => ({
          created: 0, updated: 0, unchanged: 0, errors: [databaseLineError(item.line, error)]
        }))
        merged.created += one.created
        merged.updated += one.updated
        merged.unchanged += one.unchanged
        merged.errors.push(...one.errors)
      }
      return merged
    })
    summary.created += result.created
    summary.updated += result.updated
    summary.unchanged += result.unchanged
    result.errors.forEach(report)
    batch = []
    keysInBatch = new Set()
    options.onProgress?.(summary)
  }

  let lineNumber = 0
  for await (const raw of lines) {
    lineNumber++
    if (typeof raw !== 'string') {
      summary.lines++
      report({ line: lineNumber, status: 413, title: 'Content Too Large', detail: `The line is ${raw.oversizedBytes} bytes, longer than NDJSON_MAX_LINE_BYTES allows; it was skipped.` })
      continue
    }
    const text = raw.trim()
    if (text === '') continue
    summary.lines++
    const parsed = parseLine(lineNumber, text)
    if ('status' in parsed) {
      report(parsed)
      continue
    }
    // The same article twice in one batch: the later line must see the earlier one stored.
    const key = parsed.data.externalId ?? parsed.data.slug ?? parsed.data.title
    if (keysInBatch.has(key)) await flush()
    batch.push(parsed)
    keysInBatch.add(key)
    if (batch.length >= BATCH_SIZE) await flush()
  }
  await flush()
  summary.errors.sort((a, b) => a.line - b.line)
  return summary
}

function parseLine (line: number, text: string): BatchItem | LineError {
  // The line reader decodes leniently: invalid bytes arrive as U+FFFD, never stored.
  if (hasReplacementCharacters(text)) return { line, status: 400, title: 'Bad Request', detail: 'The line is not valid UTF-8 (or has U+FFFD characters: escape them as \\ufffd).' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { line, status: 400, title: 'Bad Request', detail: `Not JSON: ${(error as Error).message}` }
  }
  tidyNames(value) // as the API does for a single article
  if (!articleCreateValidator().Check(value)) {
    const detail = articleCreateValidator().Errors(value).slice(0, 5).map((e) => `${e.instancePath || '/'} ${readableMessage(e)}`).join('; ')
    return { line, status: 400, title: 'Bad Request', detail }
  }
  return { line, data: value }
}

async function writeInTransaction (pool: pg.Pool, items: BatchItem[], visibleOnly = false) {
  return contentClientTransaction(pool, (client) => writeBatch(client, items, visibleOnly))
}

function databaseLineError (line: number, error: unknown): LineError {
  const code = (error as { code?: string }).code ?? ''
  if (code === '23505') return { line, status: 409, title: 'Conflict', detail: 'A unique value in this line (slug or external id) is already taken.' }
  // The status and text POST /v1/articles gives the same value (a NUL, say), not Postgres's own message.
  if (isBadValueError(error)) return { line, status: 400, title: 'Bad Request', detail: badValueDetail(error) }
  if (code.startsWith('22') || code.startsWith('23')) return { line, status: 422, title: 'Unprocessable Content', detail: (error as Error).message }
  throw error // not the line's fault: let the caller see a real failure
}
