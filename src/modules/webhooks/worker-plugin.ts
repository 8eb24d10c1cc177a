import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../../config.js'
import { startWebhookWorker, type WebhookWorker } from './worker.js'

/** Runs the webhook worker alongside the API: started when the app is ready, stopped (in-flight attempts finished) on close. */
export default fp(async function webhookWorker (fastify: FastifyInstance, opts: { config: Config, databaseUrl: string }) {
  const { config } = opts
  let worker: WebhookWorker | undefined
  fastify.addHook('onReady', async () => {
    worker = startWebhookWorker({
      pool: fastify.pool,
      databaseUrl: opts.databaseUrl,
      log: fastify.log.child({ module: 'webhooks' }),
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: config.WEBHOOK_MAX_RESPONSE_BYTES,
      retry: {
        baseMs: config.WEBHOOK_RETRY_BASE_MS,
        maxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
        windowMs: config.WEBHOOK_RETRY_WINDOW_MS,
        maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
        disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES
      },
      batchSize: config.WEBHOOK_BATCH_SIZE,
      concurrency: config.WEBHOOK_CONCURRENCY,
      pollMs: config.WEBHOOK_POLL_MS,
      retentionDays: config.WEBHOOK_RETENTION_DAYS,
      onOutcome: (outcome) => { fastify.metrics.webhookDeliveries.inc({ outcome }) }
    })
  })
  // Before the database plugin closes the pool: onClose hooks run in reverse order of registration.
  fastify.addHook('onClose', async () => { await worker?.stop() })
}, { name: 'webhook-worker', dependencies: ['database', 'metrics'] })
