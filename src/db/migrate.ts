import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { projectPath } from '../lib/project-path.js'

export const MIGRATIONS_DIR = projectPath('prisma', 'migrations')

// Any constant works; it only has to be the same in every Newsdesk process.
const MIGRATION_LOCK = 7_305_001

/**
 * Applies the versioned SQL migrations in prisma/migrations (Prisma Migrate needs a native
 * engine these machines cannot download). Several instances may start at once: an
 * advisory lock lets one migrate while the others wait.
 */
export async function migrate (databaseUrl: string): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  let locked = false
  try {
    if (await upToDate(client)) return { applied: [] }
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    locked = true
    const { default: Postgrator } = await import('postgrator')
    const postgrator = new Postgrator({
      migrationPattern: path.join(MIGRATIONS_DIR, '*.sql'),
      driver: 'pg',
      schemaTable: 'schema_migrations',
      validateChecksums: true,
      execQuery: (query) => client.query(query),
      // Each migration and its bookkeeping row land together or not at all.
      execSqlScript: async (script) => {
        await client.query('BEGIN')
        try {
          await client.query(script)
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
    })
    const applied = await postgrator.migrate()
    return { applied: applied.map((migration) => migration.filename) }
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    await client.end()
  }
}

/**
 * Whether postgrator would find nothing to do: the highest version applied is at least every
 * file's, and no applied file's MD5 differs from the one recorded. Nearly every start finds the
 * schema current; this asks in one query, without the lock, where postgrator sends one per
 * migration. Anything else (a new file, a changed one, no table yet) goes through postgrator,
 * under the lock, which applies it or says what is wrong, as before.
 */
async function upToDate (client: pg.Client): Promise<boolean> {
  let applied: Array<{ version: string, md5: string | null }>
  try {
    // The columns postgrator would otherwise add (ensureTable).
    applied = (await client.query<{ version: string, md5: string | null }>('SELECT version::text, md5, name, run_at FROM schema_migrations')).rows
  } catch {
    return false
  }
  const databaseVersion = Math.max(0, ...applied.map((row) => Number(row.version)))
  const recorded = new Map(applied.map((row) => [Number(row.version), row.md5]))
  for (const file of readdirSync(MIGRATIONS_DIR)) {
    if (path.extname(file) !== '.sql') continue
    // Named as postgrator reads them: <version>.<action>.<name>.sql.
    const [versionText = '', action] = path.basename(file, '.sql').split('.')
    const version = Number(versionText)
    if (Number.isNaN(version)) continue
    if (version > databaseVersion) return false
    if (action !== 'do' || version <= 0) continue
    const md5 = recorded.get(version)
    if (md5 && md5 !== createHash('md5').update(readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'), 'utf8').digest('hex')) return false
  }
  return true
}
