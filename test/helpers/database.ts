import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { Test } from 'tap'
import { createDatabase } from '../../src/db/client.js'
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.js'

// Every test file gets its own database, copied from a migrated template, so files run
// in parallel against real Postgres without seeing each other's rows.

const TEMPLATE_LOCK = 7_305_002

function serverUrl (): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (!url) throw new Error('Run tests with `npm test` (it provides a Postgres), or set DATABASE_URL.')
  return url
}

function withDatabase (url: string, database: string): string {
  const next = new URL(url)
  next.pathname = `/${database}`
  return next.toString()
}

function migrationsHash (): string {
  const hash = createHash('sha1')
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(path.join(MIGRATIONS_DIR, file)))
  return hash.digest('hex').slice(0, 12)
}

async function withAdmin<T> (work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK])
    return await work(client)
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {})
    await client.end()
  }
}

/** A new, migrated, empty database; returns its URL and a function that drops it. */
export async function createTestDatabase (): Promise<{ url: string, drop: () => Promise<void> }> {
  const template = `newsdesk_template_${migrationsHash()}`
  const name = `newsdesk_test_${randomBytes(6).toString('hex')}`
  await withAdmin(async (admin) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`)
      await migrate(withDatabase(serverUrl(), template))
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  })
  const url = withDatabase(serverUrl(), name)
  return {
    url,
    drop: async () => {
      const admin = new pg.Client({ connectionString: serverUrl() })
      await admin.connect()
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end())
    }
  }
}

/** Two fresh databases with a client each (a primary and its stand-in replica, say), dropped when `t` ends. */
export async function twoDatabases (t: Test) {
  const [firstDb, secondDb] = await Promise.all([createTestDatabase(), createTestDatabase()])
  t.teardown(async () => { await firstDb.drop(); await secondDb.drop() })
  const first = { ...createDatabase(firstDb.url, 2), url: firstDb.url }
  const second = { ...createDatabase(secondDb.url, 2), url: secondDb.url }
  t.teardown(async () => {
    await first.db.$disconnect()
    await second.db.$disconnect()
    for (const { pool } of [first, second]) if (!pool.ended) await pool.end()
  })
  return [first, second] as const
}
