import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// The CDN purge hook. With CDN_PURGE_URL set, each change is POSTed there as the cache tags
// to purge ({"type":"cdn.purge","data":{"all":false,"tags":["a:…","list:articles",…]}}; see
// src/lib/cache-tags.ts), so a CDN may keep public answers for long and still never serve a
// story after it changed. It is one more subscription of the webhook queue, of kind
// 'cdn-purge' with a fixed id, written here from configuration at every start-up: its
// deliveries are signed (Standard Webhooks, CDN_PURGE_SECRET), retried with backoff, leased
// and never lost when an instance dies, exactly like a webhook's, except that it is never
// disabled for failing (src/modules/webhooks/queue.ts): a CDN endpoint that was down gets the
// next purges as soon as it is back. Only CDN_PURGE_URL=off removes the row, and its pending
// purges with it; an instance started without the variable leaves the hook as the others set
// it, so one instance deployed without it cannot switch purging off for the whole fleet.

export const CDN_PURGE_SUBSCRIPTION_ID = '00000000-0000-4000-8000-00000000cd01'

export default fp(async function cdnPurge (fastify: FastifyInstance, opts: { url?: string | undefined, secret?: string | undefined }) {
  let retry: NodeJS.Timeout | undefined
  async function configure (): Promise<void> {
    if (opts.url === undefined) return
    if (opts.url === 'off') {
      await fastify.pool.query("DELETE FROM webhook_subscriptions WHERE kind = 'cdn-purge'")
      return
    }
    // Resuming it too: a purge endpoint that was down long enough to be disabled is tried again.
    await fastify.pool.query(`
      INSERT INTO webhook_subscriptions (id, kind, url, description, audience, secret)
      VALUES ($1, 'cdn-purge', $2, 'CDN purge hook (CDN_PURGE_URL)', 'public', $3)
      ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, status = 'active',
        disabled_reason = NULL, disabled_at = NULL, failed_deliveries_in_a_row = 0, updated_at = now()
      WHERE (webhook_subscriptions.url, webhook_subscriptions.secret, webhook_subscriptions.status) IS DISTINCT FROM (EXCLUDED.url, EXCLUDED.secret, 'active')`,
    [CDN_PURGE_SUBSCRIPTION_ID, opts.url, opts.secret])
  }
  // The database may be down at start-up, like at any other time: try again until it answers.
  const attempt = (): void => {
    configure().catch((err: unknown) => {
      fastify.log.warn({ err }, 'CDN purge hook: could not record the configuration; retrying')
      retry = setTimeout(attempt, 5_000)
      retry.unref()
    })
  }
  fastify.addHook('onReady', async () => {
    await configure().catch(() => { retry = setTimeout(attempt, 5_000); retry.unref() })
  })
  fastify.addHook('onClose', async () => { clearTimeout(retry) })
}, { name: 'cdn-purge', dependencies: ['database'] })
