import type pg from 'pg'

// Fan-out: turns change events (change_events, in commit order; see the changes module)
// into webhook deliveries. One row, webhook_dispatch_cursor, records how far it has got;
// the instance that locks it (FOR UPDATE SKIP LOCKED; the others skip and go on with their
// work) reads the next events, writes the deliveries and moves the cursor in one
// transaction, so each event is fanned out exactly once however many instances run.
//
// Batching, not collapsing: every matching event is sent, in commit order, but one delivery
// carries up to `batchSize` of them. A quiet newsroom gets one delivery per commit; a bulk
// import, whose commits hold hundreds of changes each, gets full batches: a million changes
// make a million / batchSize calls per subscription, not a million.

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`

// Public subscriptions see what /v1/changes shows a caller without a key: an event that is
// public after the change as it is, one that hides a public item as a tombstone
// (unpublished or deleted, without the fields changed), and nothing of drafts.
const FAN_OUT = `
WITH cursor AS (
  SELECT commit_seq, event_id FROM webhook_dispatch_cursor WHERE id = 1
), batch AS (
  SELECT c.seq, e.id, e.kind, e.resource, e.resource_id, e.slug, e.version, e.occurred_at, e.public_before, e.public_after,
         e.article_id, e.speaker_id, e.section, e.topic_ids, e.changed
  FROM change_events e JOIN change_commits c ON c.txid = e.txid, cursor
  WHERE (c.seq, e.id) > (cursor.commit_seq, cursor.event_id)
  ORDER BY c.seq, e.id
  LIMIT $1
), shown AS (
  SELECT s.id AS subscription_id, s.kinds, s.resources, s.sections, s.topic_ids AS wanted_topics, b.*,
    (s.audience = 'public' AND NOT b.public_after) AS tombstone,
    CASE WHEN s.audience = 'public' AND NOT b.public_after
      THEN CASE WHEN b.kind = 'deleted' THEN 'deleted' ELSE 'unpublished' END
      ELSE b.kind END AS shown_kind
  FROM batch b JOIN webhook_subscriptions s ON s.status <> 'disabled'
  WHERE s.audience = 'private' OR b.public_after OR b.public_before
), matched AS (
  SELECT *, (row_number() OVER (PARTITION BY subscription_id ORDER BY seq, id) - 1) / $2 AS chunk
  FROM shown
  WHERE (cardinality(kinds) = 0 OR shown_kind = ANY (kinds))
    AND (cardinality(resources) = 0 OR resource = ANY (resources))
    AND (cardinality(sections) = 0 OR section = ANY (sections))
    AND (cardinality(wanted_topics) = 0 OR topic_ids && wanted_topics OR (resource = 'topic' AND resource_id = ANY (wanted_topics)))
), inserted AS (
  INSERT INTO webhook_deliveries (subscription_id, message_id, event_type, event_count, payload)
  SELECT subscription_id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), 'content.changed', count(*),
    jsonb_build_object(
      'type', 'content.changed',
      'timestamp', to_char(now() AT TIME ZONE 'UTC', ${ISO}),
      'data', jsonb_build_object('events', jsonb_agg(jsonb_build_object(
        'cursor', seq::text || '.' || id::text,
        'kind', shown_kind,
        'resource', resource,
        'resourceId', resource_id,
        'slug', slug,
        'version', version,
        'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', ${ISO}),
        'articleId', article_id,
        'speakerId', speaker_id,
        'section', section,
        'topicIds', coalesce(to_jsonb(topic_ids), '[]'::jsonb),
        'changed', CASE WHEN tombstone THEN NULL ELSE to_jsonb(changed) END
      ) ORDER BY seq, id)))
  FROM matched
  GROUP BY subscription_id, chunk
  ORDER BY subscription_id, chunk
  RETURNING 1
), moved AS (
  UPDATE webhook_dispatch_cursor SET commit_seq = last.seq, event_id = last.id, updated_at = now()
  FROM (SELECT seq, id FROM batch ORDER BY seq DESC, id DESC LIMIT 1) last
  WHERE webhook_dispatch_cursor.id = 1
  RETURNING 1
)
SELECT (SELECT count(*) FROM batch)::int AS events, (SELECT count(*) FROM inserted)::int AS deliveries`

// With no subscription to serve, jump to the newest commit instead of reading every event.
// One statement, one snapshot: a subscription it does not see was made after every commit it
// skips, and so is owed none of them.
const SKIP_TO_END = `
UPDATE webhook_dispatch_cursor SET commit_seq = last.seq, event_id = last.id, updated_at = now()
FROM (
  SELECT c.seq, (SELECT max(e.id) FROM change_events e WHERE e.txid = c.txid) AS id
  FROM change_commits c ORDER BY c.seq DESC LIMIT 1
) last
WHERE webhook_dispatch_cursor.id = 1 AND last.id IS NOT NULL AND (last.seq, last.id) > (commit_seq, event_id)
  AND NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status <> 'disabled')`

export interface DispatchResult { events: number, deliveries: number, busy: boolean }

/**
 * One pass of fan-out: up to `eventsPerPass` events. `busy` when another instance holds the
 * cursor. Call again while `events` comes back equal to `eventsPerPass`.
 */
export async function dispatchOnce (pool: pg.Pool, options: { batchSize: number, eventsPerPass: number }): Promise<DispatchResult> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const { rowCount } = await client.query('SELECT 1 FROM webhook_dispatch_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED')
    if (rowCount === 0) {
      await client.query('ROLLBACK')
      return { events: 0, deliveries: 0, busy: true }
    }
    const skipped = await client.query(SKIP_TO_END)
    let result = { events: 0, deliveries: 0 }
    if (skipped.rowCount === 0) {
      const { rows } = await client.query<{ events: number, deliveries: number }>(FAN_OUT, [options.eventsPerPass, options.batchSize])
      result = rows[0]!
    }
    if (result.deliveries > 0) await client.query("SELECT pg_notify('newsdesk_webhooks', '')")
    await client.query('COMMIT')
    return { ...result, busy: false }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
