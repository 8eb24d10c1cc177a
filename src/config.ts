import ipaddr from 'ipaddr.js'
import { Type, type Static } from 'typebox'
import { validateEnvironment } from './config-validation.js'

// One schema is both the validator and the type: no second interface to drift from it.
// Every variable is documented, with its default, in .env.example.
export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  HOST: Type.String({ default: '0.0.0.0' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  LOG_LEVEL: Type.String({ enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_REPLICA_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_REPLICA_MAX_LAG_MS: Type.Integer({ minimum: 0, default: 5_000 }),
  DATABASE_REPLICA_CHECK_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1_000 }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DATABASE_WRITE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 50, default: 3 }),
  // How long a read waits for a connection when every one is busy (then 503 overloaded; src/db/admission.ts).
  READ_QUEUE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1_000 }),
  // How long a write waits in the writers' queue for a connection (src/db/admission.ts), and how many may wait.
  WRITE_QUEUE_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 60_000, default: 30_000 }),
  MAX_WRITE_WAITING: Type.Integer({ minimum: 1, default: 200 }),
  EMBEDDED_PG_DIR: Type.String({ default: '.data/postgres' }),
  EMBEDDED_PG_PORT: Type.Integer({ minimum: 1024, maximum: 65535, default: 54329 }),
  SEED_SAMPLE_CONTENT: Type.Boolean({ default: true }),
  RESPONSE_CACHE_MAX_ENTRIES: Type.Integer({ minimum: 0, default: 10_000 }),
  RESPONSE_CACHE_MAX_MB: Type.Integer({ minimum: 1, default: 64 }),
  CACHE_S_MAXAGE: Type.Integer({ minimum: 0, default: 60 }),
  CACHE_STALE_WHILE_REVALIDATE: Type.Integer({ minimum: 0, default: 300 }),
  // Abuse and load: see src/plugins/external/ and the Security section of README.md.
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  NDJSON_MAX_LINE_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 300_000 }),
  CORS_ORIGINS: Type.String({ default: '' }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1000, default: 60_000 }),
  RATE_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 300 }),
  RATE_LIMIT_PER_KEY: Type.Integer({ minimum: 1, default: 1200 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_KEY_PREFIX: Type.String({ default: 'newsdesk:' }),
  TRUST_PROXY: Type.String({ default: 'false' }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000 }),
  MAX_POOL_WAITING: Type.Integer({ minimum: 0, default: 50 }),
  SEARCH_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 100, default: 2 }),
  // Searches at once while other reads are in progress (unset: SEARCH_CONCURRENCY); lower favours story latency over search throughput.
  SEARCH_CONCURRENCY_BUSY: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  SEARCH_MAX_WAITING: Type.Integer({ minimum: 0, default: 200 }),
  SEARCH_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 3_000 }),
  // How often, at most, the full-text indexes' pending lists are merged after commits (0 = never); src/plugins/app/search-lists.ts.
  // A merge costs much the same for 20 saves as for 100 (bench/RESULTS.md, session 19): not too often.
  SEARCH_LIST_MERGE_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 10_000 }),
  // Webhooks: see src/modules/webhooks/ and the Webhooks section of README.md.
  WEBHOOK_WORKER: Type.Boolean({ default: true }),
  WEBHOOK_ALLOW_PRIVATE: Type.Boolean({ default: false }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  WEBHOOK_MAX_RESPONSE_BYTES: Type.Integer({ minimum: 0, maximum: 1024 * 1024, default: 64 * 1024 }),
  WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 1, default: 5_000 }),
  WEBHOOK_RETRY_MAX_DELAY_MS: Type.Integer({ minimum: 1, default: 6 * 3600_000 }),
  WEBHOOK_RETRY_WINDOW_MS: Type.Integer({ minimum: 0, default: 24 * 3600_000 }),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, default: 30 }),
  WEBHOOK_DISABLE_AFTER_FAILURES: Type.Integer({ minimum: 1, default: 3 }),
  WEBHOOK_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  WEBHOOK_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
  WEBHOOK_POLL_MS: Type.Integer({ minimum: 10, default: 1_000 }),
  WEBHOOK_SECRET_GRACE_MS: Type.Integer({ minimum: 0, default: 24 * 3600_000 }),
  WEBHOOK_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  CHANGE_STREAM_MAX_CLIENTS: Type.Integer({ minimum: 0, default: 1000 }),
  // A page whose analysis takes longer is refused (422); see src/ingest/parse-pool.ts.
  IMPORT_PARSE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  // Feeds and sitemaps: see src/modules/feeds/, src/modules/sitemaps/ and README "Feeds and sitemaps".
  // Unset URLs fall back to this API's own address (from the request, or PUBLIC_API_URL).
  PUBLIC_API_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' })),
  PUBLIC_SITE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' })),
  PUBLIC_ARTICLE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]*\\{(id|slug)\\}[^\\s]*$' })),
  PUBLICATION_NAME: Type.String({ minLength: 1, default: 'Newsdesk' }),
  PUBLICATION_LANGUAGE: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', default: 'en' }),
  FEED_MAX_ITEMS: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  SITEMAP_PAGE_SIZE: Type.Integer({ minimum: 1, maximum: 50_000, default: 50_000 }),
  // The CDN purge hook: see src/modules/webhooks/cdn-purge.ts and README "Caching and invalidation".
  // `off` removes the hook (and its queued purges) for every instance; unset leaves it as it is.
  CDN_PURGE_URL: Type.Optional(Type.String({ pattern: '^(https?://|off$)' })),
  CDN_PURGE_SECRET: Type.Optional(Type.String({ pattern: '^whsec_[A-Za-z0-9+/]{32,}={0,2}$' }))
})

export type Config = Static<typeof ConfigSchema>

/** Reads and validates configuration; throws an error naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  // An empty value (`DATABASE_URL=` in a .env file) means "not set", as in most tools.
  const data = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  try {
    const config = validateEnvironment<Config>(ConfigSchema, data)
    if (config.CDN_PURGE_URL !== undefined && config.CDN_PURGE_URL !== 'off' && config.CDN_PURGE_SECRET === undefined) {
      throw new Error('CDN_PURGE_URL needs CDN_PURGE_SECRET (whsec_ and base64 of 24 to 64 random bytes) to sign the purges')
    }
    if (!validTrustProxy(config.TRUST_PROXY)) {
      throw new Error(`TRUST_PROXY must be true, false, a hop count or a comma-separated list of proxy IP addresses or CIDR ranges (got "${config.TRUST_PROXY}")`)
    }
    return { ...config, ...overrides }
  } catch (error) {
    // Ajv says "env/PORT must be integer"; a person wants the variable's name first.
    const detail = (error as Error).message.replaceAll('env/', '').replaceAll('env ', '')
    throw new Error(`Invalid configuration: ${detail}. See .env.example for every variable and its default.`)
  }
}

/** Whether TRUST_PROXY is one of the forms `parseTrustProxy` understands (proxy-addr would throw later, or trust nothing). */
function validTrustProxy (value: string): boolean {
  if (/^(true|false|\d+)$/.test(value)) return true
  return value.split(',').map((part) => part.trim()).every((part) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(part)) return true
    const [address, bits, ...rest] = part.split('/')
    if (rest.length > 0 || address === undefined || !ipaddr.isValid(address)) return false
    if (bits === undefined) return true
    const max = ipaddr.parse(address).kind() === 'ipv4' ? 32 : 128
    return /^\d+$/.test(bits) && Number(bits) <= max
  })
}

/** TRUST_PROXY: "false", "true", a hop count, or a comma-separated list of proxy addresses/CIDRs. */
export function parseTrustProxy (value: string): boolean | string {
  if (value === 'true' || value === 'false') return value === 'true'
  // A hop count works at run time (proxy-addr) though Fastify's types only list strings.
  return /^\d+$/.test(value) ? Number(value) as unknown as string : value
}
