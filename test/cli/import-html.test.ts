import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import t from 'tap'
import { createTestDatabase } from '../helpers/database.js'

// Saved HTML pages through the import command (its own file: each run starts a process).

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

t.test('imports saved HTML pages: .html and .htm files, alone or in a folder', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const folder = mkdtempSync(path.join(tmpdir(), 'newsdesk-import-html-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  copyFileSync(new URL('../fixtures/html/01-island-ferry.html', import.meta.url), path.join(folder, 'ferry.html'))
  copyFileSync(new URL('../fixtures/html/03-airline-grounded.html', import.meta.url), path.join(folder, 'airline.htm'))

  const dry = await runImport(database.url, '--dry-run', folder)
  t.equal(dry.code, 0, dry.stderr)
  t.match(dry.stdout, /ferry\.html: "Island ferry service cut to three sailings a day as crew shortage bites" \(Local news, 2025-03-14T08:30:00\.000Z, draft\)/)
  t.match(dry.stdout, /airline\.htm: "Regional airline grounds fleet after software fault" \(Business, 2025-06-02T06:10:00\.000Z, draft\)/)
  t.match(dry.stdout, /speaker new: Alison Reid/)

  const run = await runImport(database.url, path.join(folder, 'ferry.html'))
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /created 1, already present 0, failed 0/)
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  t.teardown(() => client.end())
  const { rows } = await client.query<{ source_url: string }>('SELECT source_url FROM articles')
  t.same(rows, [{ source_url: 'https://coastalherald.example/news/local/island-ferry-service-cut-crew-shortage/' }], 'the canonical URL is the source')
})
