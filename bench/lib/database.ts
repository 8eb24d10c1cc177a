import pg from 'pg'
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js'
import { migrate } from '../../src/db/migrate.js'
import { freePort } from './processes.js'

/** A Postgres server for the run: DATABASE_URL's, or an embedded one. */
export async function benchServer (): Promise<{ serverUrl: string, stop: () => Promise<void>, label: string }> {
  if (process.env.DATABASE_URL) return { serverUrl: process.env.DATABASE_URL, stop: async () => {}, label: 'DATABASE_URL' }
  const embedded = await startEmbeddedPostgres({ dir: '.data/bench-postgres', port: await freePort(), database: 'postgres' })
  return { serverUrl: embedded.url, stop: embedded.stop, label: 'embedded Postgres 18' }
}

/** Drops and recreates `name` on the server, migrated; returns its URL. */
export async function freshDatabase (serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  await migrate(url.toString())
  return url.toString()
}

export async function serverVersion (url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version')
  await client.end()
  return rows[0]!.server_version
}
