import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.js'
import type { QueryEvent } from './db/client.js'
import articleRoutes from './modules/articles/routes.js'
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
import auth from './plugins/app/auth.js'
import changeListener from './plugins/app/change-listener.js'
import database from './plugins/app/database.js'
import httpCache from './plugins/app/http-cache.js'
import problemDetails, { clientError, frameworkError } from './plugins/app/problem-details.js'
import responseCache from './plugins/app/response-cache.js'
import cacheTags from './plugins/app/cache-tags.js'
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
import { tidyNames } from './lib/names.js'
import { charsetProblem, utf8Text } from './lib/charset.js'
import { strictBodyValidators } from './lib/body-validators.js'

export interface AppOptions {
  config: Config
  databaseUrl: string
  logger?: FastifyServerOptions['logger']
  /** Sees every SQL statement Prisma sends; for the benchmark's query-plan check. */
  onQuery?: (event: QueryEvent) => void
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/** Builds the whole API; the server and the tests both start from here. */
export async function buildApp ({ config, databaseUrl, logger = false, onQuery }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Keys travel in Authorization: never write it to a log line, whatever the serializers do.
    logger: logger === false ? false : { ...(logger === true ? {} : logger), redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' } },
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // Partners must hear about typos: unknown fields and parameters are rejected, never dropped.
    // Types are coerced in query strings, params and headers only (strictBodyValidators).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    bodyLimit: config.BODY_LIMIT_BYTES,
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers(), buildValidator: strictBodyValidators() } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  // UTF-8 bodies only: another declared charset is a 415, bytes that are not UTF-8 a 400.
  app.addHook('preParsing', async (request, _reply, payload) => {
    // Only methods whose body is read (and whose 415 is documented).
    const problem = BODY_METHODS.has(request.method) ? charsetProblem(request.headers['content-type']) : null
    if (problem) throw problem
    return payload
  })
  const parseJson = app.getDefaultJsonParser('error', 'ignore')
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string
    try { text = utf8Text(body as Buffer) } catch (error) { return done(error as Error, undefined) }
    parseJson(request, text, done)
  })
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => {
    try { done(null, utf8Text(body as Buffer)) } catch (error) { done(error as Error, undefined) }
  })
  // Before validation, so a name of only spaces is refused as empty.
  app.addHook('preValidation', async (request) => { tidyNames(request.body) })

  await app.register(swagger)
  await app.register(problemDetails)
  await app.register(database, { url: databaseUrl, replicaUrl: config.DATABASE_REPLICA_URL, poolSize: config.DATABASE_POOL_SIZE, writePoolSize: config.DATABASE_WRITE_POOL_SIZE, ...(onQuery && { onQuery }) })
  await app.register(changeListener, { databaseUrl })
  await app.register(scheduler)
  await app.register(loadShedding, { maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS, maxPoolWaiting: config.MAX_POOL_WAITING })
  await app.register(securityHeaders)
  await app.register(cors, { origins: config.CORS_ORIGINS })
  await app.register(serverSentEvents)
  await app.register(auth)
  await app.register(rateLimits, { windowMs: config.RATE_LIMIT_WINDOW_MS, perIp: config.RATE_LIMIT_PER_IP, perKey: config.RATE_LIMIT_PER_KEY, redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX })
  await app.register(httpCache, { sMaxAge: config.CACHE_S_MAXAGE, staleWhileRevalidate: config.CACHE_STALE_WHILE_REVALIDATE, varyOrigin: Array.isArray(parseOrigins(config.CORS_ORIGINS)) && parseOrigins(config.CORS_ORIGINS).length > 0 })
  await app.register(cacheTags)

  if (config.RESPONSE_CACHE_MAX_ENTRIES > 0) {
    // Last of the hooks: rate limits and auth run before a cached answer is served.
    await app.register(responseCache, {
      databaseUrl,
      maxEntries: config.RESPONSE_CACHE_MAX_ENTRIES,
      maxBytes: config.RESPONSE_CACHE_MAX_MB * 2 ** 20,
      // A replica may lag the primary that announces changes: bound how long its answers live.
      maxAgeMs: config.DATABASE_REPLICA_URL ? 5_000 : undefined
    })
  }

  // Components referenced by name from route schemas.
  const components = [
    Article, ArticleListItem, ArticleSummary, Quote, QuoteListItem,
    Topic, TopicListItem, TopicSummary, Speaker, SpeakerListItem, SpeakerSummary, ChangeEvent
  ]
  for (const schema of components) app.addSchema(schema)

  await app.register(docs)
  await app.register(healthRoutes)
  await app.register(async (v1) => {
    await v1.register(articleRoutes)
    await v1.register(quoteRoutes)
    await v1.register(topicRoutes)
    await v1.register(speakerRoutes)
    await v1.register(searchRoutes, { concurrency: config.SEARCH_CONCURRENCY, maxWaiting: config.SEARCH_MAX_WAITING })
    await v1.register(bulkRoutes)
    await v1.register(importRoutes, { parseTimeoutMs: config.IMPORT_PARSE_TIMEOUT_MS })
    await v1.register(keyRoutes)
    await v1.register(webhookRoutes, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE, secretGraceMs: config.WEBHOOK_SECRET_GRACE_MS })
    await v1.register(changeRoutes, { maxStreams: config.CHANGE_STREAM_MAX_CLIENTS })
  }, { prefix: '/v1' })
  await app.register(cdnPurge, { url: config.CDN_PURGE_URL, secret: config.CDN_PURGE_SECRET })
  if (config.WEBHOOK_WORKER) await app.register(webhookWorker, { config, databaseUrl })

  return app
}
