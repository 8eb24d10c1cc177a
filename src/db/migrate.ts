import path from 'node:path'
import pg from 'pg'
import Postgrator from 'postgrator'
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
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
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
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    await client.end()
  }
}
