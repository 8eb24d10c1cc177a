import type { Config } from '../config.js'
import { startEmbeddedPostgres } from './embedded-postgres.js'
import { migrate } from './migrate.js'
import { describeDatabaseUrl } from '../startup-errors.js'

export interface PreparedDatabase {
  url: string
  embedded: boolean
  /** Which database this is, for people: never the password. */
  description: string
  stop: () => Promise<void>
}

/**
 * The database this process will use, migrated to the current schema: DATABASE_URL when
 * set, otherwise an embedded Postgres with its data in EMBEDDED_PG_DIR.
 */
export async function prepareDatabase (config: Config, log: (message: string) => void = () => {}): Promise<PreparedDatabase> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log })
  const url = config.DATABASE_URL ?? embedded!.url
  try {
    const { applied } = await migrate(url)
    if (applied.length > 0) log(`applied migrations: ${applied.map((file) => file.split('/').at(-1)).join(', ')}`)
  } catch (error) {
    await embedded?.stop()
    throw error
  }
  const description = embedded
    ? `embedded Postgres in ${embedded.dataDir} (${new URL(url).host})`
    : `DATABASE_URL (${describeDatabaseUrl(url)})`
  return { url, embedded: embedded !== undefined, description, stop: embedded?.stop ?? (async () => {}) }
}
