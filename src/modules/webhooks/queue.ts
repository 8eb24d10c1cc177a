import type pg from 'pg'

// The delivery queue, in SQL over webhook_deliveries. Each subscription's deliveries go out
// one at a time, in `seq` order: only the head of a queue (its oldest pending or delivering
// delivery) may be claimed, which keeps every resource's events in order. A claim is a short
// transaction (FOR UPDATE SKIP LOCKED, so two instances never take the same row) that gives
// the attempt a lease; the HTTP request happens outside any transaction, and its result is
// recorded only by the holder of the lease. A lease that expires (its process was killed)
// makes the head claimable again, as the next attempt.

export interface ClaimedDelivery {
  id: string
  subscriptionId: string
  messageId: string
  body: string
  attempt: number
  leaseToken: string
  firstAttemptAt: Date
  url: string
  secrets: string[]
}

export interface RetryPolicy {
  baseMs: number
  maxDelayMs: number
  windowMs: number
  maxAttempts: number
  disableAfterFailures: number
}

const CLAIM = `
WITH heads AS MATERIALIZED (
  -- Each active subscription's oldest unfinished delivery: one probe of the queue index per subscription.
  SELECT h.id, h.next_attempt_at
  FROM webhook_subscriptions s
  CROSS JOIN LATERAL (
    SELECT id, status, next_attempt_at, lease_expires_at
    FROM webhook_deliveries
    WHERE subscription_id = s.id AND status IN ('pending', 'delivering')
    ORDER BY seq
    LIMIT 1
  ) h
  WHERE s.status = 'active'
    AND ((h.status = 'pending' AND h.next_attempt_at <= now()) OR (h.status = 'delivering' AND h.lease_expires_at <= now()))
), claimable AS (
  -- Conditions on d itself, so a row another worker changed meanwhile is re-checked once locked.
  SELECT d.id
  FROM heads h JOIN webhook_deliveries d ON d.id = h.id
  WHERE (d.status = 'pending' AND d.next_attempt_at <= now()) OR (d.status = 'delivering' AND d.lease_expires_at <= now())
  ORDER BY h.next_attempt_at
  LIMIT $1
  FOR UPDATE OF d SKIP LOCKED
)
UPDATE webhook_deliveries d
SET status = 'delivering', attempts = d.attempts + 1, lease_token = gen_random_uuid(),
    lease_expires_at = now() + make_interval(secs => $2::double precision / 1000),
    last_attempt_at = now(), first_attempt_at = coalesce(d.first_attempt_at, now())
FROM claimable c, webhook_subscriptions s
WHERE d.id = c.id AND s.id = d.subscription_id
RETURNING d.id, d.subscription_id, d.message_id, d.payload::text AS body, d.attempts, d.lease_token, d.first_attempt_at,
  s.url, s.secret, CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END AS previous_secret`

/** Claims up to `limit` due queue heads for this process, each with a lease of `leaseMs`. */
export async function claimDeliveries (pool: pg.Pool, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await pool.query<{
    id: string, subscription_id: string, message_id: string, body: string, attempts: number, lease_token: string,
    first_attempt_at: Date, url: string, secret: string, previous_secret: string | null
  }>(CLAIM, [limit, leaseMs])
  return rows.map((row) => ({
    id: row.id,
    subscriptionId: row.subscription_id,
    messageId: row.message_id,
    body: row.body,
    attempt: row.attempts,
    leaseToken: row.lease_token,
    firstAttemptAt: row.first_attempt_at,
    url: row.url,
    secrets: row.previous_secret ? [row.secret, row.previous_secret] : [row.secret]
  }))
}

export interface Outcome { ok: boolean, status: number | null, durationMs: number, error: string | null }

/** Exponential backoff with jitter: base·2^(attempt-1), capped, then scaled by a random factor in [0.5, 1]. */
export function retryDelayMs (attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxDelayMs'>, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.min(attempt - 1, 40))
  return Math.round(exponential * (0.5 + random() / 2))
}

const SUCCEEDED = `
WITH done AS (
  UPDATE webhook_deliveries
  SET status = 'delivered', delivered_at = now(), response_status = $3, duration_ms = $4, last_error = NULL,
      lease_token = NULL, lease_expires_at = NULL
  WHERE id = $1 AND lease_token = $2 AND status = 'delivering'
  RETURNING subscription_id
)
UPDATE webhook_subscriptions s SET failed_deliveries_in_a_row = 0
FROM done WHERE s.id = done.subscription_id AND s.failed_deliveries_in_a_row <> 0`

const RETRY = `
UPDATE webhook_deliveries
SET status = 'pending', next_attempt_at = now() + make_interval(secs => $5::double precision / 1000),
    response_status = $3, duration_ms = $4, last_error = $6, lease_token = NULL, lease_expires_at = NULL
WHERE id = $1 AND lease_token = $2 AND status = 'delivering'`

const GIVE_UP = `
WITH failed AS (
  UPDATE webhook_deliveries
  SET status = 'failed', failed_at = now(), response_status = $3, duration_ms = $4, last_error = $5,
      lease_token = NULL, lease_expires_at = NULL
  WHERE id = $1 AND lease_token = $2 AND status = 'delivering'
  RETURNING subscription_id
)
UPDATE webhook_subscriptions s
SET failed_deliveries_in_a_row = s.failed_deliveries_in_a_row + 1,
    status = CASE WHEN s.failed_deliveries_in_a_row + 1 >= $6 AND s.status = 'active' AND s.kind = 'webhook' THEN 'disabled' ELSE s.status END,
    disabled_at = CASE WHEN s.failed_deliveries_in_a_row + 1 >= $6 AND s.status = 'active' AND s.kind = 'webhook' THEN now() ELSE s.disabled_at END,
    disabled_reason = CASE WHEN s.failed_deliveries_in_a_row + 1 >= $6 AND s.status = 'active' AND s.kind = 'webhook'
      THEN format('%s deliveries in a row were given up after retrying; the last error: %s', s.failed_deliveries_in_a_row + 1, $5::text)
      ELSE s.disabled_reason END
FROM failed WHERE s.id = failed.subscription_id`

const GONE = `
UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(),
  disabled_reason = 'The receiver answered 410 Gone: it asked for no more deliveries.'
WHERE id = $1 AND status = 'active' AND kind = 'webhook'`

/**
 * Records an attempt's outcome, if this process still holds the lease (a lease that expired
 * was taken over, and the new holder records instead). Failures are retried with backoff
 * until the window or the attempts run out; then the delivery is failed, and a subscription
 * with too many failed deliveries in a row is disabled, with the reason. Not the CDN purge
 * hook (kind 'cdn-purge'): disabled, it would stay off until an operator noticed, and every
 * change meanwhile would stay cached; its failures are counted and its purges retried as ever.
 */
export async function recordOutcome (pool: pg.Pool, claimed: ClaimedDelivery, outcome: Outcome, policy: RetryPolicy, now = Date.now()): Promise<'delivered' | 'retry' | 'failed'> {
  if (outcome.ok) {
    await pool.query(SUCCEEDED, [claimed.id, claimed.leaseToken, outcome.status, outcome.durationMs])
    return 'delivered'
  }
  const error = outcome.error ?? 'failed'
  if (outcome.status === 410) await pool.query(GONE, [claimed.subscriptionId])
  const delay = retryDelayMs(claimed.attempt, policy)
  const outOfWindow = now + delay > claimed.firstAttemptAt.getTime() + policy.windowMs
  if (claimed.attempt >= policy.maxAttempts || outOfWindow) {
    await pool.query(GIVE_UP, [claimed.id, claimed.leaseToken, outcome.status, outcome.durationMs, error, policy.disableAfterFailures])
    return 'failed'
  }
  await pool.query(RETRY, [claimed.id, claimed.leaseToken, outcome.status, outcome.durationMs, delay, error])
  return 'retry'
}

/** Deletes finished deliveries older than the retention, a bounded batch at a time; returns how many. */
export async function pruneDeliveries (pool: pg.Pool, retentionDays: number, batch = 10_000): Promise<number> {
  const { rowCount } = await pool.query(`
    DELETE FROM webhook_deliveries WHERE id IN (
      SELECT id FROM webhook_deliveries
      WHERE status IN ('delivered', 'failed') AND created_at < now() - make_interval(days => $1)
      LIMIT $2)`, [retentionDays, batch])
  return rowCount ?? 0
}
