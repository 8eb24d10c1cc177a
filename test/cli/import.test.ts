import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import t from 'tap'
import { createTestDatabase } from '../helpers/database.js'

const SEED = new URL('../../prisma/seed/000_07f2eec5293161bf.txt', import.meta.url)
const FIXTURE = new URL('../fixtures/articles/test/01-council-housing.txt', import.meta.url)

/** `npm run import -- ...args` as a child process, stdout and stderr piped (so: no bar). */
async function runImport (databaseUrl: string, ...args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, IMPORT_PARSE_TIMEOUT_MS: '120000' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, stdout, stderr }
}

async function counts (url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM articles) AS articles, (SELECT count(*)::int FROM quotes) AS quotes,
      (SELECT count(*)::int FROM speakers) AS speakers, (SELECT count(*)::int FROM topics) AS topics`)
    return rows[0]!
  } finally {
    await client.end()
  }
}

/** The article events written so far, by kind and actor. */
async function articleEvents (url: string): Promise<Array<{ kind: string, actor: string, n: number }>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ kind: string, actor: string, n: number }>(
      "SELECT kind, actor, count(*)::int AS n FROM change_events WHERE resource = 'article' GROUP BY kind, actor ORDER BY kind, actor")
    return rows
  } finally {
    await client.end()
  }
}

t.test('imports a folder of page texts: dry run, import, re-import, failures with reasons', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const folder = mkdtempSync(path.join(tmpdir(), 'newsdesk-import-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  copyFileSync(SEED, path.join(folder, 'nato.txt'))
  copyFileSync(FIXTURE, path.join(folder, 'housing.txt'))
  writeFileSync(path.join(folder, 'blank.txt'), '\n  \n')
  writeFileSync(path.join(folder, 'notes.md'), 'not an article: only *.txt files are read')

  const dry = await runImport(database.url, '--dry-run', folder)
  t.equal(dry.code, 1, 'a failed file makes the exit code 1')
  t.match(dry.stdout, /nato\.txt: "Allies have the capabilities to strike from afar against terrorist threats: NATO" \(Latest News, no date, draft\)/)
  t.match(dry.stdout, /9 paragraphs, 9 quotes/)
  t.match(dry.stdout, /speaker new: Jens Stoltenberg \(Secretary General, NATO\)/)
  t.match(dry.stdout, /topic new: Islamic State \[Islamic State group, Daesh, ISIS, ISIL/)
  t.match(dry.stdout, /would create 2, already present 0, failed 1 \(dry run: nothing written\)/)
  t.match(dry.stdout, /failed +\S*blank\.txt: The text is empty\./)
  t.notMatch(dry.stdout + dry.stderr, /notes\.md/)
  t.same(await counts(database.url), { articles: 0, quotes: 0, speakers: 0, topics: 0 }, 'the dry run wrote nothing')

  const first = await runImport(database.url, folder)
  t.equal(first.code, 1)
  t.match(first.stderr, /\[1\/3\] blank\.txt: failed\n\[2\/3\] housing\.txt: created\n\[3\/3\] nato\.txt: created\n/, 'plain progress lines when stderr is not a terminal')
  t.match(first.stdout, /created 2, already present 0, failed 1/)
  t.match(first.stdout, /created +\S*nato\.txt -> allies-have-the-capabilities-to-strike-from-afar-against-terrorist-threats-nato/)
  const after = await counts(database.url)
  t.match(after, { articles: 2, quotes: 16, speakers: 4 })
  t.same(await articleEvents(database.url), [{ kind: 'created', actor: 'cli', n: 2 }], 'each story created is in the change feed, made by the CLI')

  const again = await runImport(database.url, path.join(folder, 'nato.txt'), path.join(folder, 'housing.txt'), path.join(folder, 'missing.txt'))
  t.equal(again.code, 1)
  t.match(again.stdout, /created 0, already present 2, failed 1/)
  t.match(again.stdout, /failed +\S*missing\.txt: no such file or folder/)
  t.same(await counts(database.url), after, 'importing the same texts again writes nothing')

  const published = await runImport(database.url, '--status', 'published', path.join(folder, 'housing.txt'))
  t.equal(published.code, 0)
  t.match(published.stdout, /already present 1/)
})

t.test('--ndjson streams the lines through the bulk importer and names the bad lines', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const folder = mkdtempSync(path.join(tmpdir(), 'newsdesk-import-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  const file = path.join(folder, 'articles.ndjson')
  writeFileSync(file, [
    JSON.stringify({ title: 'First story', status: 'published', quotes: [{ text: 'Hello there', speaker: { name: 'Ann Lee' } }] }),
    '{"title": "broken',
    '',
    JSON.stringify({ title: 'Third story', topics: [{ name: 'NATO' }] }),
    JSON.stringify({ title: 'Typo story', staus: 'draft' })
  ].join('\n') + '\n')

  const run = await runImport(database.url, '--ndjson', file)
  t.equal(run.code, 1)
  t.match(run.stdout, /4 lines: created 2, updated 0, unchanged 0, failed 2/)
  t.match(run.stdout, /line 2: 400 Bad Request: Not JSON/)
  t.match(run.stdout, /line 5: 400 Bad Request: .*staus/)
  t.match(await counts(database.url), { articles: 2, quotes: 1, speakers: 1, topics: 1 })

  const again = await runImport(database.url, '--ndjson', file)
  t.match(again.stdout, /created 0, updated 0, unchanged 2, failed 2/, 'idempotent')
})

t.test('usage errors exit 2 before touching a database', async (t) => {
  for (const args of [['--bogus'], ['--ndjson', 'a.ndjson', 'b.txt']]) {
    const run = await runImport('postgresql://nobody@127.0.0.1:1/none', ...args)
    t.equal(run.code, 2, args.join(' ') || '(no arguments)')
    t.match(run.stderr, /Usage:/)
  }
})
