// `npm run import -- [--dry-run] [--status published] <files or folders>` imports article pages,
// as text or saved HTML (a folder means its *.txt, *.html and *.htm files); `npm run import -- --ndjson file.ndjson` loads an
// export-format file. Same database as the server (DATABASE_URL, or the embedded one).
// Thin on purpose: arguments in, module functions called, results printed.
import 'dotenv/config'
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { createDatabase, type Database } from '../db/client.js'
import { prepareDatabase } from '../db/prepare.js'
import { STATUSES } from '../modules/articles/schemas.js'
import { actingAs } from '../lib/write-path.js'
import { closeParsePool } from '../ingest/parse-pool.js'
import { importArticleLines } from '../modules/bulk/import-lines.js'
import { ndjsonLines } from '../lib/ndjson.js'
import { importArticle, type ImportPlan } from '../modules/imports/service.js'
import { createProgress } from './progress.js'

const USAGE = `Usage:
  npm run import -- [--dry-run] [--status draft|published|...] <file.txt | page.html | folder>...
  npm run import -- --ndjson <file.ndjson>

Text and HTML files are article pages (.html and .htm are read as HTML: the story, its
metadata and canonical URL are found in the markup); a folder means the *.txt, *.html and
*.htm files in it. Imported articles are
drafts unless --status says otherwise. Importing a text again changes nothing.
--ndjson loads one article per line in the export format (GET /v1/export).`

type Status = typeof STATUSES[number]

const OPTIONS = {
  ndjson: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  status: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

async function main (): Promise<number> {
  let args: ReturnType<typeof parseArgs<{ options: typeof OPTIONS, allowPositionals: true }>>
  try {
    args = parseArgs({ options: OPTIONS, allowPositionals: true })
  } catch (error) {
    return usage(2, (error as Error).message)
  }
  const { values, positionals } = args
  if (values.help) return usage(0)
  const status = values.status as Status | undefined
  if (status !== undefined && !STATUSES.includes(status)) return usage(2, `--status must be one of ${STATUSES.join(', ')}`)
  if (values.ndjson !== undefined && (positionals.length > 0 || values['dry-run'] || status)) {
    return usage(2, '--ndjson takes one file and no other option (the lines carry their own status; there is no dry run for NDJSON)')
  }
  if (values.ndjson === undefined && positionals.length === 0) return usage(2, 'name at least one file or folder')

  const config = loadConfig()
  const database = await prepareDatabase(config, (message) => console.error(`[database] ${message}`))
  const { db, pool } = createDatabase(database.url, 2)
  try {
    return values.ndjson !== undefined
      ? await importNdjson(pool, values.ndjson, config.NDJSON_MAX_LINE_BYTES)
      : await importTexts(db, positionals, { dryRun: values['dry-run'], status, parseTimeoutMs: config.IMPORT_PARSE_TIMEOUT_MS })
  } finally {
    await db.$disconnect()
    await pool.end()
    await database.stop()
  }
}

function usage (code: number, problem?: string): number {
  if (problem) console.error(`import: ${problem}\n`)
  console.error(USAGE)
  return code
}

const PAGE_FILE = /\.(txt|html?)$/i
const HTML_FILE = /\.html?$/i

/** The files to import: files as given, folders as their page files; a missing path is a failure. */
function expandPaths (paths: string[]): { files: string[], missing: string[] } {
  const files: string[] = []
  const missing: string[] = []
  for (const given of paths) {
    const stat = statSync(given, { throwIfNoEntry: false })
    if (!stat) missing.push(given)
    else if (stat.isDirectory()) files.push(...readdirSync(given).filter((name) => PAGE_FILE.test(name)).sort().map((name) => path.join(given, name)))
    else files.push(given)
  }
  return { files, missing }
}

async function importTexts (db: Database, paths: string[], options: { dryRun: boolean, status: Status | undefined, parseTimeoutMs: number }): Promise<number> {
  const { files, missing } = expandPaths(paths)
  const created: string[] = []
  const present: string[] = []
  const failed = missing.map((file) => ({ file, reason: 'no such file or folder' }))
  const previews: { file: string, plan: ImportPlan }[] = []

  const progress = createProgress(files.length, 'files')
  for (const [index, file] of files.entries()) {
    let outcome: string
    try {
      const content = readFileSync(file, 'utf8')
      const page = HTML_FILE.test(file) ? { html: content } : { text: content }
      const result = await importArticle(db, { ...page, status: options.status }, { dryRun: options.dryRun, parseTimeoutMs: options.parseTimeoutMs })
      if (result.outcome === 'preview') previews.push({ file, plan: result.plan })
      else (result.outcome === 'created' ? created : present).push(`${file} -> ${result.imported.article.slug}`)
      outcome = result.outcome === 'preview' ? 'would be created' : result.outcome === 'created' ? 'created' : 'already present'
    } catch (error) {
      // The text's fault (empty, no article in it) fails this file; anything else stops the run.
      const status = (error as { statusCode?: number }).statusCode
      const unreadable = (error as NodeJS.ErrnoException).syscall !== undefined
      if (!unreadable && (status === undefined || status >= 500)) throw error
      failed.push({ file, reason: (error as Error).message })
      outcome = 'failed'
    }
    progress.update(index + 1, `${path.basename(file)}: ${outcome}`)
  }
  progress.stop()

  for (const { file, plan } of previews) console.log(describePlan(file, plan))
  const counts = options.dryRun
    ? `would create ${previews.length}, already present ${present.length}, failed ${failed.length}`
    : `created ${created.length}, already present ${present.length}, failed ${failed.length}`
  console.log(`\n${counts}${options.dryRun ? ' (dry run: nothing written)' : ''}`)
  for (const line of created) console.log(`  created          ${line}`)
  for (const line of present) console.log(`  already present  ${line}`)
  for (const { file, reason } of failed) console.log(`  failed           ${file}: ${reason}`)
  return failed.length > 0 ? 1 : 0
}

function describePlan (file: string, plan: ImportPlan): string {
  const mark = (exists: boolean): string => (exists ? 'existing' : 'new')
  return [
    `\n${file}: "${plan.article.title}" (${plan.article.section ?? 'no section'}, ${plan.article.publishedAt ?? 'no date'}, ${plan.article.status}) -> /v1/articles/${plan.article.slug}`,
    `  ${plan.article.body.length} paragraphs, ${plan.quotes.length} quotes`,
    ...plan.quotes.map((quote) => `  quote ${quote.position + 1} (${quote.speaker?.name ?? `unnamed: ${quote.speakerDescription ?? 'no description'}`}): ` +
      (quote.text.length > 90 ? `${quote.text.slice(0, 87)}...` : quote.text)),
    ...plan.speakers.map((speaker) => `  speaker ${mark(speaker.exists)}: ${speaker.name}${speaker.kind === 'organization' ? ' [organisation]' : ''}` +
      `${[speaker.role, speaker.organization].some(Boolean) ? ` (${[speaker.role, speaker.organization].filter(Boolean).join(', ')})` : ''} -> /v1/speakers/${speaker.slug}`),
    ...plan.topics.map((topic) => `  topic ${mark(topic.exists)}: ${topic.name}${topic.aliases.length > 0 ? ` [${topic.aliases.join(', ')}]` : ''}`),
    ...plan.authors.map((author) => `  author ${mark(author.exists)}: ${author.name} -> /v1/authors/${author.slug}`)
  ].join('\n')
}

async function importNdjson (pool: Parameters<typeof importArticleLines>[0], file: string, maxLineBytes: number): Promise<number> {
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return usage(2, `${file} is not a file`)
  const total = await countLines(file)
  const progress = createProgress(total, 'lines')
  const lines = ndjsonLines(createReadStream(file), maxLineBytes)
  const summary = await importArticleLines(pool, lines, {
    onProgress: (soFar) => { progress.update(Math.min(soFar.lines, total), `${soFar.created} created, ${soFar.failed} failed`) }
  })
  progress.update(total)
  progress.stop()
  console.log(`\n${summary.lines} lines: created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, failed ${summary.failed}`)
  for (const error of summary.errors) console.log(`  line ${error.line}: ${error.status} ${error.title}: ${error.detail}`)
  if (summary.failed > summary.errors.length) console.log(`  ... and ${summary.failed - summary.errors.length} more`)
  return summary.failed > 0 ? 1 : 0
}

async function countLines (file: string): Promise<number> {
  // Counts newlines without building lines: a huge line costs no memory here either.
  let count = 0
  let last = 0x0a
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) count++
    if (chunk.length > 0) last = chunk[chunk.length - 1]!
  }
  return last === 0x0a ? count : count + 1
}

try {
  process.exitCode = await actingAs({ via: 'cli', keyId: null }, main)
} catch (error) {
  console.error(`import failed: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await closeParsePool()
}
