import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.js'
import type { QueryEvent } from './db/client.js'
import articleRoutes from './modules/articles/routes.js'
import authorRoutes from './modules/authors/routes.js'
import { Author, AuthorListItem, AuthorSummary } from './modules/authors/schemas.js'
import { Article, ArticleListItem, ArticleSummary } from './modules/articles/schemas.js'
import bulkRoutes from './modules/bulk/routes.js'
import quoteRoutes from './modules/quotes/routes.js'
import { Quote, QuoteListItem } from './modules/quotes/schemas.js'
import speakerRoutes from './modules/speakers/routes.js'
import { Speaker, SpeakerListItem, SpeakerSummary } from './modules/speakers/schemas.js'
import topicRoutes from './modules/topics/routes.js'
import { Topic, TopicListItem, TopicSummary } from './modules/topics/schemas.js'
import changeRoutes from './modules/changes/routes.js'
import scheduler from './modules/changes/scheduler.js'
import { ChangeEvent } from './modules/changes/schemas.js'
import healthRoutes from './modules/health/routes.js'
import importRoutes from './modules/imports/routes.js'
import searchRoutes from './modules/search/routes.js'
import discoveryRoutes from './modules/discovery/routes.js'
import feedRoutes from './modules/feeds/routes.js'
import sitemapRoutes from './modules/sitemaps/routes.js'
import revisionRoutes from './modules/revisions/routes.js'
import correctionRoutes from './modules/corrections/routes.js'
import { Correction } from './modules/corrections/schemas.js'
import { Revision, RevisionSummary } from './modules/revisions/schemas.js'
import auth from './plugins/app/auth.js'
import changeListener from './plugins/app/change-listener.js'
import database from './plugins/app/database.js'
import httpCache from './plugins/app/http-cache.js'
import problemDetails, { clientError, frameworkError } from './plugins/app/problem-details.js'
import requestBodies from './plugins/app/request-bodies.js'
import responseCache from './plugins/app/response-cache.js'
import searchLists from './plugins/app/search-lists.js'
import cacheTags from './plugins/app/cache-tags.js'
import metrics from './plugins/app/metrics.js'
import docs from './plugins/external/docs.js'
import cors, { parseOrigins } from './plugins/external/cors.js'
import securityHeaders from './plugins/external/helmet.js'
import serverSentEvents from './plugins/external/sse.js'
import rateLimits from './plugins/external/rate-limit.js'
import swagger from './plugins/external/swagger.js'
import loadShedding from './plugins/external/under-pressure.js'
import keyRoutes from './modules/keys/routes.js'
import webhookRoutes from './modules/webhooks/routes.js'
import webhookWorker from './modules/webhooks/worker-plugin.js'
import cdnPurge from './modules/webhooks/cdn-purge.js'
import { parseTrustProxy } from './config.js'
import { sharedSerializers } from './lib/shared-serializers.js'
import { strictBodyValidators } from './lib/body-validators.js'
import { ajvPlugins } from './lib/ajv-plugins.js'
import { SLUG_MAX_LENGTH } from './lib/slugs.js'
import { redactKeyParams } from './lib/key-in-query.js'
import { LOG_REDACTION, OneLinePerRequest, requestLogger } from './lib/request-logger.js'

export interface AppOptions {
  config: Config
  databaseUrl: string
  logger?: FastifyServerOptions['logger']
  /** Sees every SQL statement Prisma sends; for the benchmark's query-plan check. */
  onQuery?: (event: QueryEvent) => void
}

/** Builds the whole API; the server and the tests both start from here. */
export async function buildApp ({ config, databaseUrl, logger = false, onQuery }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === false ? false : {
      ...(logger === true ? {} : logger),
      redact: LOG_REDACTION,
      // Fastify's request line, with any key put in the query string redacted (such requests are refused).
      serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: redactKeyParams(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }) }
    },
    // Each request's logger is made on its first line, and a request has one line, when it is
    // answered (src/lib/request-logger.ts).
    ...(logger !== false && { childLoggerFactory: requestLogger, logController: new OneLinePerRequest() }),
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // Partners must hear about typos: unknown fields and parameters are rejected, never dropped.
    ajv: {
      // strictNumbers: a JSON body's 1e309 (Infinity) is not a number; query strings: see `Int`.
      // Types are coerced in query strings, params and headers only (strictBodyValidators).
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true, strictNumbers: true },
      // The usual formats, one date-time validator shared with TypeBox, finite integers.
      plugins: ajvPlugins
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Node refuses an HTTP/1.1 request without a Host with a bare 400 of its own, no problem body:
    // problem-details.ts refuses it instead.
    http: { requireHostHeader: false },
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    // A path segment may be as long as the longest slug, no longer (414).
    // `/v1/articles/` is a 404, not the list (see problem-details.ts).
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: SLUG_MAX_LENGTH },
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers(), buildValidator: strictBodyValidators() } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(requestBodies)
  await app.register(swagger)
  await app.register(problemDetails)
  await app.register(database, { url: databaseUrl, replicaUrl: config.DATABASE_REPLICA_URL, replicaMaxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS, replicaCheckMs: config.DATABASE_REPLICA_CHECK_MS, poolSize: config.DATABASE_POOL_SIZE, writePoolSize: config.DATABASE_WRITE_POOL_SIZE, writeQueueTimeoutMs: config.WRITE_QUEUE_TIMEOUT_MS, readQueueTimeoutMs: config.READ_QUEUE_TIMEOUT_MS, searchPoolSize: 2 * config.SEARCH_CONCURRENCY, searchTimeoutMs: config.SEARCH_TIMEOUT_MS, ...(onQuery && { onQuery }) })
  await app.register(changeListener, { databaseUrl })
  await app.register(scheduler)
  await app.register(searchLists, { intervalMs: config.SEARCH_LIST_MERGE_MS })
  await app.register(loadShedding, { maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS, maxPoolWaiting: config.MAX_POOL_WAITING, maxWriteWaiting: config.MAX_WRITE_WAITING, poolSize: config.DATABASE_POOL_SIZE })
  await app.register(securityHeaders)
  await app.register(cors, { origins: config.CORS_ORIGINS })
  await app.register(serverSentEvents)
  await app.register(auth)
  await app.register(rateLimits, { windowMs: config.RATE_LIMIT_WINDOW_MS, perIp: config.RATE_LIMIT_PER_IP, perKey: config.RATE_LIMIT_PER_KEY, redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX })
  await app.register(httpCache, { sMaxAge: config.CACHE_S_MAXAGE, staleWhileRevalidate: config.CACHE_STALE_WHILE_REVALIDATE, varyOrigin: Array.isArray(parseOrigins(config.CORS_ORIGINS)) && parseOrigins(config.CORS_ORIGINS).length > 0 })
  await app.register(cacheTags)
  // Before the response cache and the webhook worker, which count into it.
  await app.register(metrics, { lanes: () => app.databaseLanes(), replica: () => app.replicaState() })

  if (config.RESPONSE_CACHE_MAX_ENTRIES > 0) {
    // Last of the hooks: rate limits and auth run before a cached answer is served.
    await app.register(responseCache, {
      databaseUrl,
      maxEntries: config.RESPONSE_CACHE_MAX_ENTRIES,
      maxBytes: config.RESPONSE_CACHE_MAX_MB * 2 ** 20,
      // A replica may lag the primary that announces changes: bound how long its answers live.
      maxAgeMs: config.DATABASE_REPLICA_URL ? 5_000 : undefined,
      publicApiUrl: config.PUBLIC_API_URL
    })
  }

  // Components referenced by name from route schemas.
  const components = [
    Article, ArticleListItem, ArticleSummary, Quote, QuoteListItem,
    Topic, TopicListItem, TopicSummary, Speaker, SpeakerListItem, SpeakerSummary, Author, AuthorListItem, AuthorSummary, ChangeEvent,
    Revision, RevisionSummary, Correction
  ]
  for (const schema of components) app.addSchema(schema)

  await app.register(docs)
  await app.register(healthRoutes)
  await app.register(async (v1) => {
    await v1.register(articleRoutes)
    await v1.register(quoteRoutes)
    await v1.register(topicRoutes)
    await v1.register(speakerRoutes)
    await v1.register(discoveryRoutes)
    await v1.register(authorRoutes)
    await v1.register(searchRoutes, { concurrency: config.SEARCH_CONCURRENCY, busyConcurrency: config.SEARCH_CONCURRENCY_BUSY ?? config.SEARCH_CONCURRENCY, maxWaiting: config.SEARCH_MAX_WAITING, timeoutMs: config.SEARCH_TIMEOUT_MS })
    await v1.register(bulkRoutes, { maxLineBytes: config.NDJSON_MAX_LINE_BYTES })
    await v1.register(importRoutes, { parseTimeoutMs: config.IMPORT_PARSE_TIMEOUT_MS })
    await v1.register(keyRoutes)
    await v1.register(webhookRoutes, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE, secretGraceMs: config.WEBHOOK_SECRET_GRACE_MS })
    await v1.register(changeRoutes, { maxStreams: config.CHANGE_STREAM_MAX_CLIENTS })
    await v1.register(feedRoutes, { config })
    await v1.register(sitemapRoutes, { config })
    await v1.register(revisionRoutes)
    await v1.register(correctionRoutes)
  }, { prefix: '/v1' })
  await app.register(cdnPurge, { url: config.CDN_PURGE_URL, secret: config.CDN_PURGE_SECRET })
  if (config.WEBHOOK_WORKER) await app.register(webhookWorker, { config, databaseUrl })

  // A 304 has no body, so it carries neither Content-Type nor Content-Length (RFC 9110 15.4.5),
  // whichever plugin made it (@fastify/etag, http-cache, the response cache, item revalidation).
  // Fastify's HEAD handling sets Content-Length after every hook, so the headers are dropped
  // as they are written.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode !== 304) return done(null, payload)
    const raw = reply.raw
    const writeHead = raw.writeHead.bind(raw) as (...args: unknown[]) => typeof raw
    raw.writeHead = ((status: number, ...rest: unknown[]) => {
      for (const arg of rest) {
        if (arg && typeof arg === 'object' && !Array.isArray(arg)) for (const name of Object.keys(arg)) if (/^content-(type|length)$/i.test(name)) delete (arg as Record<string, unknown>)[name]
      }
      raw.removeHeader('content-type')
      raw.removeHeader('content-length')
      return writeHead(status, ...rest)
    }) as typeof raw.writeHead
    done(null, '')
  })

  return app
}
