import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Test } from 'tap'

/** A data folder for an embedded Postgres under a 0755 temp folder (the postgres user must reach it). */
export function embeddedDataDir (t: Test, name = 'pg'): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'newsdesk-test-'))
  chmodSync(parent, 0o755)
  t.teardown(() => rmSync(parent, { recursive: true, force: true }))
  return path.join(parent, name)
}

export function postgresRunningOn (dataDir: string): boolean {
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
  return processes.split('\n').some((line) => line.includes('postgres') && line.includes(`-D ${dataDir} `))
}
