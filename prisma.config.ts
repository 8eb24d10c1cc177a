import { defineConfig } from 'prisma/config'

// `prisma generate` never runs the native schema engine, but the CLI insists on locating
// one and would otherwise try to download it from a host these machines cannot reach.
// Any existing executable satisfies the lookup. Only for `generate`: other commands
// really need the engine and must fail loudly rather than pretend to work.
if (process.argv.includes('generate') && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/newsdesk' }
})
