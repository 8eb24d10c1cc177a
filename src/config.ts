import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'

// One schema is both the validator and the type: no second interface to drift from it.
// Every variable is documented, with its default, in .env.example.
const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  HOST: Type.String({ default: '0.0.0.0' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  LOG_LEVEL: Type.String({ enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_REPLICA_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  EMBEDDED_PG_DIR: Type.String({ default: '.data/postgres' }),
  EMBEDDED_PG_PORT: Type.Integer({ minimum: 1024, maximum: 65535, default: 54329 }),
  SEED_SAMPLE_CONTENT: Type.Boolean({ default: true }),
  RESPONSE_CACHE_MAX_ENTRIES: Type.Integer({ minimum: 0, default: 10_000 }),
  RESPONSE_CACHE_MAX_MB: Type.Integer({ minimum: 1, default: 64 }),
  CACHE_S_MAXAGE: Type.Integer({ minimum: 0, default: 60 }),
  CACHE_STALE_WHILE_REVALIDATE: Type.Integer({ minimum: 0, default: 300 })
})

export type Config = Static<typeof ConfigSchema>

/** Reads and validates configuration; throws an error naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  // An empty value (`DATABASE_URL=` in a .env file) means "not set", as in most tools.
  const data = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  try {
    const config = envSchema<Config>({ schema: ConfigSchema, data, env: false, dotenv: false })
    return { ...config, ...overrides }
  } catch (error) {
    // Ajv says "env/PORT must be integer"; a person wants the variable's name first.
    const detail = (error as Error).message.replaceAll('env/', '').replaceAll('env ', '')
    throw new Error(`Invalid configuration: ${detail}. See .env.example for every variable and its default.`)
  }
}
