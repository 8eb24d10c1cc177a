import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'

// A Redis outage must cost a request nothing. Commands fail at once while the connection is
// down (no offline queue, no per-command retries), the connection is retried in the
// background, and the outage is logged once when it starts and once when it ends, not per
// request or per reconnect attempt. Callers treat a failed command as "no answer" (fail open).

const CONNECT_TIMEOUT_MS = 500
const MAX_RECONNECT_DELAY_MS = 2_000

/** What the outage and the recovery mean for the caller, for the two log lines. */
export interface RedisLogLines { outage: string, recovery: string }

/** A client for `url` that fails fast while Redis is unreachable. */
export async function connectRedis (url: string, log: FastifyBaseLogger, lines: RedisLogLines): Promise<Redis> {
  // ioredis (about 10 MB) is loaded only when there is a Redis to talk to.
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS)
  })
  let down = false
  const outage = (error?: Error): void => {
    if (down) return
    down = true
    log.warn({ redis: redactedUrl(url), reason: error?.message }, `Redis unavailable: ${lines.outage} (reconnecting in the background)`)
  }
  redis.on('error', outage)
  redis.on('reconnecting', () => outage())
  redis.on('ready', () => {
    if (!down) return
    down = false
    log.info({ redis: redactedUrl(url) }, `Redis is back: ${lines.recovery}`)
  })
  // At start-up, wait for the first connection (at most the connect timeout), so the first
  // requests are counted when Redis is there; when it is not, start anyway.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_TIMEOUT_MS)
    redis.once('ready', () => { clearTimeout(timer); resolve() })
  })
  return redis
}

/** The URL without its password, for logs. */
function redactedUrl (url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'redis://(unparsable URL)'
  }
}
