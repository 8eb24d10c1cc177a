import type pg from 'pg'
import { parsePosition, readChanges, toChangeEventDto, type ChangeRow } from '../changes/repository.js'
import type { ChangeEventDto } from '../changes/schemas.js'
import { eventTags } from '../../lib/cache-tags.js'

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

interface Subscription { id: string, kind: 'webhook' | 'cdn-purge', kinds: string[], resources: string[], sections: string[], topicIds: string[], audience: 'public' | 'private' }

/** Most tags in one purge (Fastly's batch purge takes 256 keys). */
export const PURGE_TAGS_PER_DELIVERY = 256
/** More tags than this from one pass (a bulk import): purge everything instead, in one request. */
const PURGE_ALL_ABOVE = 4 * PURGE_TAGS_PER_DELIVERY

// Whether any subscription is served: a read, no transaction. With none, a pass writes nothing
// (no cursor move and no WAL flush per commit); the subscription that starts to be served moves
// the cursor to the newest commit in its own transaction (migration 025).
const ANY_SERVED = "SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status <> 'disabled') AS served"

// A subscription may stop being served between that read and the locked pass: then jump to the
// newest commit instead of reading every event. One statement, one snapshot: a subscription it
// does not see was made after every commit it skips, and so is owed none of them.
const SKIP_TO_END = `
UPDATE webhook_dispatch_cursor SET commit_seq = last.seq, event_id = last.id, updated_at = now()
FROM (
  SELECT c.seq, (SELECT max(e.id) FROM change_events e WHERE e.txid = c.txid) AS id
  FROM change_commits c WHERE c.seq IS NOT NULL ORDER BY c.seq DESC LIMIT 1
) last
WHERE webhook_dispatch_cursor.id = 1 AND last.id IS NOT NULL AND (last.seq, last.id) > (commit_seq, event_id)
  AND NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status <> 'disabled')`

// Deliveries in the order given, so each subscription's `seq` follows commit order.
const INSERT_DELIVERIES = `
INSERT INTO webhook_deliveries (subscription_id, message_id, event_type, event_count, payload)
SELECT d.subscription_id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), d.payload->>'type', d.event_count, d.payload
FROM unnest($1::uuid[], $2::int[], $3::jsonb[]) WITH ORDINALITY AS d (subscription_id, event_count, payload, n)
ORDER BY d.n`

/**
 * Whether a subscription wants this event: its audience may see it, and every filter it set
 * matches. A section or topic filter matches the story's section and topics before the change
 * as well as after: a subscriber mirroring a section hears of a story that leaves it, and can drop it.
 */
function wants (subscription: Subscription, row: ChangeRow): boolean {
  if (subscription.audience === 'public' && !row.publicBefore && !row.publicAfter) return false
  if (subscription.kinds.length > 0 && !subscription.kinds.includes(row.kind)) return false
  if (subscription.resources.length > 0 && !subscription.resources.includes(row.resource)) return false
  if (subscription.sections.length > 0) {
    const inSection = (section: string | null): boolean => section !== null && subscription.sections.includes(section)
    if (!inSection(row.section) && !inSection(row.sectionBefore)) return false
  }
  if (subscription.topicIds.length > 0) {
    const tagged = row.topicIds.some((id) => subscription.topicIds.includes(id)) || row.topicsBefore.some((id) => subscription.topicIds.includes(id))
    if (!tagged && !(row.resource === 'topic' && subscription.topicIds.includes(row.resourceId))) return false
  }
  return true
}

export interface DispatchResult { events: number, deliveries: number, busy: boolean, idle: boolean }

/**
 * One pass of fan-out: up to `eventsPerPass` events. `busy` when another instance holds the
 * cursor; `idle` when no subscription is served (nothing read or written). Call again while
 * `events` comes back equal to `eventsPerPass`.
 */
export async function dispatchOnce (pool: pg.Pool, options: { batchSize: number, eventsPerPass: number }): Promise<DispatchResult> {
  const { rows: [any] } = await pool.query<{ served: boolean }>({ name: 'webhook-any-served', text: ANY_SERVED })
  if (any?.served !== true) return { events: 0, deliveries: 0, busy: false, idle: true }
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const cursor = await client.query<{ position: string }>(
      "SELECT commit_seq::text || '.' || event_id::text AS position FROM webhook_dispatch_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED")
    if (cursor.rowCount === 0) {
      await client.query('ROLLBACK')
      return { events: 0, deliveries: 0, busy: true, idle: false }
    }
    const skipped = await client.query(SKIP_TO_END)
    let result = { events: 0, deliveries: 0 }
    if (skipped.rowCount === 0) result = await fanOut(pool, client, parsePosition(cursor.rows[0]!.position), options)
    if (result.deliveries > 0) await client.query("SELECT pg_notify('newsdesk_webhooks', '')")
    await client.query('COMMIT')
    return { ...result, busy: false, idle: false }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

async function fanOut (pool: pg.Pool, client: pg.PoolClient, after: ReturnType<typeof parsePosition>, options: { batchSize: number, eventsPerPass: number }) {
  // Events first, then subscriptions: a subscription made before an event committed is seen.
  const { rows } = await readChanges(pool, { after, limit: options.eventsPerPass, audience: 'private' })
  if (rows.length === 0) return { events: 0, deliveries: 0 }
  const subscriptions = (await client.query<Subscription>(`
    SELECT id, kind, kinds, resources, sections, topic_ids AS "topicIds", audience
    FROM webhook_subscriptions WHERE status <> 'disabled' ORDER BY created_at, id`)).rows

  const ids: string[] = []
  const counts: number[] = []
  const payloads: string[] = []
  const timestamp = new Date().toISOString()
  for (const subscription of subscriptions) {
    if (subscription.kind === 'cdn-purge') {
      // The CDN purge hook: the cache tags of every answer these changes could alter (src/lib/cache-tags.ts).
      const purge = eventTags(rows)
      const all = purge.all || purge.tags.size > PURGE_ALL_ABOVE
      const list = all ? [] : [...purge.tags].sort()
      for (let start = 0; all ? start === 0 : start < list.length; start += PURGE_TAGS_PER_DELIVERY) {
        const batch = list.slice(start, start + PURGE_TAGS_PER_DELIVERY)
        ids.push(subscription.id)
        counts.push(batch.length)
        payloads.push(JSON.stringify({ type: 'cdn.purge', timestamp, data: { all, tags: batch } }))
      }
      continue
    }
    const events: ChangeEventDto[] = rows.filter((row) => wants(subscription, row)).map((row) => toChangeEventDto(row, subscription.audience))
    for (let start = 0; start < events.length; start += options.batchSize) {
      const batch = events.slice(start, start + options.batchSize)
      ids.push(subscription.id)
      counts.push(batch.length)
      payloads.push(JSON.stringify({ type: 'content.changed', timestamp, data: { events: batch } }))
    }
  }
  if (ids.length > 0) await client.query(INSERT_DELIVERIES, [ids, counts, payloads])
  const last = rows.at(-1)!
  await client.query('UPDATE webhook_dispatch_cursor SET commit_seq = $1, event_id = $2, updated_at = now() WHERE id = 1', [last.seq, last.id])
  return { events: rows.length, deliveries: ids.length }
}
