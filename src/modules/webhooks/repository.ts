import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/client.js'
import { staleWrite } from '../../lib/http-cache.js'
import { httpProblem } from '../../lib/problem.js'
import { UUID_ANY_CASE } from '../../lib/uuid.js'
import { newSecret } from './signing.js'

// Subscriptions and their deliveries, for the admin routes. The worker's queue operations
// are in queue.ts and dispatcher.ts.

export interface SubscriptionInput {
  url?: string | undefined
  description?: string | null | undefined
  kinds?: string[] | undefined
  resources?: string[] | undefined
  sections?: string[] | undefined
  topics?: string[] | undefined
  audience?: 'public' | 'private' | undefined
  status?: 'active' | 'paused' | undefined
}


/** Topic ids for ids or slugs; a 400 naming those that match no topic. */
async function topicIdsOf (db: Database, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return []
  const ids = refs.filter((ref) => UUID_ANY_CASE.test(ref)).map((ref) => ref.toLowerCase())
  const slugs = refs.filter((ref) => !UUID_ANY_CASE.test(ref))
  const found = await db.topic.findMany({ where: { OR: [{ id: { in: ids } }, { slug: { in: slugs } }] }, select: { id: true, slug: true } })
  const unknown = refs.filter((ref) => !found.some((topic) => topic.id === ref.toLowerCase() || topic.slug === ref))
  if (unknown.length > 0) {
    throw httpProblem(400, `No topic ${unknown.map((ref) => `"${ref}"`).join(', ')}.`, { errors: [{ in: 'body', pointer: '/topics', detail: `unknown topic ${unknown.join(', ')}` }] })
  }
  return [...new Set(found.map((topic) => topic.id))]
}

async function wakeWorkers (db: Database): Promise<void> {
  await db.$executeRaw`SELECT pg_notify('newsdesk_webhooks', '')`
}

export const subscriptionSelect = {
  id: true, url: true, description: true, kinds: true, resources: true, sections: true, topicIds: true, audience: true, status: true,
  disabledReason: true, disabledAt: true, previousSecretExpiresAt: true, createdAt: true, updatedAt: true, version: true
} as const

export async function createSubscription (db: Database, input: SubscriptionInput & { url: string }) {
  const secret = newSecret()
  const row = await db.webhookSubscription.create({
    data: {
      url: input.url,
      description: input.description ?? null,
      kinds: input.kinds ?? [],
      resources: input.resources ?? [],
      sections: input.sections ?? [],
      topicIds: await topicIdsOf(db, input.topics ?? []),
      audience: input.audience ?? 'public',
      secret
    },
    select: subscriptionSelect
  })
  return { ...row, secret }
}

export async function listSubscriptions (db: Database, options: { limit: number, after?: { value: Date, id: string } | undefined }) {
  const after = options.after
  return db.webhookSubscription.findMany({
    where: { kind: 'webhook', ...(after && { OR: [{ createdAt: { lt: after.value } }, { createdAt: after.value, id: { lt: after.id } }] }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit + 1,
    select: subscriptionSelect
  })
}

export async function findSubscription (db: Database, id: string) {
  // The CDN purge hook is configuration, not a subscription the admin routes manage.
  return db.webhookSubscription.findUnique({ where: { id: id.toLowerCase(), kind: 'webhook' }, select: subscriptionSelect })
}

type Subscription = NonNullable<Awaited<ReturnType<typeof findSubscription>>>

/** A partial update at `expectedVersion` (412 when it moved on). Resuming clears a disabled subscription's record. */
export async function updateSubscription (db: Database, current: Subscription, expectedVersion: number, patch: SubscriptionInput) {
  const resumes = patch.status === 'active' && current.status !== 'active'
  const { count } = await db.webhookSubscription.updateMany({
    where: { id: current.id, version: expectedVersion },
    data: {
      ...(patch.url !== undefined && { url: patch.url }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.kinds !== undefined && { kinds: patch.kinds }),
      ...(patch.resources !== undefined && { resources: patch.resources }),
      ...(patch.sections !== undefined && { sections: patch.sections }),
      ...(patch.topics !== undefined && { topicIds: await topicIdsOf(db, patch.topics) }),
      ...(patch.audience !== undefined && { audience: patch.audience }),
      ...(patch.status !== undefined && { status: patch.status }),
      ...(resumes && { disabledReason: null, disabledAt: null, failedDeliveriesInARow: 0 }),
      version: { increment: 1 }
    }
  })
  if (count === 0) throw staleWrite()
  if (resumes) await wakeWorkers(db)
  return (await findSubscription(db, current.id))!
}

export async function deleteSubscription (db: Database, id: string, expectedVersion: number): Promise<void> {
  const { count } = await db.webhookSubscription.deleteMany({ where: { id, version: expectedVersion } })
  if (count === 0) throw staleWrite()
}

/** A new secret; the current one keeps signing alongside it for `graceMs`. */
export async function rotateSecret (db: Database, id: string, graceMs: number) {
  const secret = newSecret()
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    UPDATE webhook_subscriptions
    SET previous_secret = CASE WHEN ${graceMs}::bigint > 0 THEN secret END,
        previous_secret_expires_at = CASE WHEN ${graceMs}::bigint > 0 THEN now() + make_interval(secs => ${graceMs}::double precision / 1000) END,
        secret = ${secret}, version = version + 1, updated_at = now()
    WHERE id = ${id}::uuid AND kind = 'webhook' RETURNING id`
  if (rows.length === 0) return null
  return { ...(await findSubscription(db, id))!, secret }
}

export const deliverySelect = {
  id: true, seq: true, subscriptionId: true, messageId: true, eventType: true, eventCount: true, status: true, attempts: true,
  nextAttemptAt: true, lastAttemptAt: true, responseStatus: true, durationMs: true, lastError: true, redeliveryOf: true,
  createdAt: true, deliveredAt: true, failedAt: true
} as const

/** A subscription's deliveries, newest first; `afterSeq` is the keyset position. */
export async function listDeliveries (db: Database, subscriptionId: string, options: { limit: number, status?: string | undefined, afterSeq?: number | undefined }) {
  return db.webhookDelivery.findMany({
    where: {
      subscriptionId,
      ...(options.status !== undefined && { status: options.status }),
      ...(options.afterSeq !== undefined && { seq: { lt: BigInt(options.afterSeq) } })
    },
    orderBy: { seq: 'desc' },
    take: options.limit + 1,
    select: deliverySelect
  })
}

export async function findDelivery (db: Database, subscriptionId: string, deliveryId: string) {
  return db.webhookDelivery.findFirst({ where: { id: deliveryId.toLowerCase(), subscriptionId }, select: { ...deliverySelect, payload: true } })
}

type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>

/** Queues the same message again (same webhook-id and payload), behind what is already queued. */
export async function redeliver (db: Database, delivery: DeliveryRow) {
  if (delivery.status === 'pending' || delivery.status === 'delivering') {
    throw httpProblem(409, `Delivery ${delivery.id} is still ${delivery.status}: it will be sent without asking.`)
  }
  const row = await db.webhookDelivery.create({
    data: {
      subscriptionId: delivery.subscriptionId,
      messageId: delivery.messageId,
      eventType: delivery.eventType,
      eventCount: delivery.eventCount,
      payload: delivery.payload as object,
      redeliveryOf: delivery.id
    },
    select: deliverySelect
  })
  await wakeWorkers(db)
  return row
}

/** Queues a `webhook.ping`: a signed test message with no change in it. */
export async function enqueuePing (db: Database, subscriptionId: string) {
  const row = await db.webhookDelivery.create({
    data: {
      subscriptionId,
      messageId: `msg_${randomUUID().replaceAll('-', '')}`,
      eventType: 'webhook.ping',
      eventCount: 0,
      payload: { type: 'webhook.ping', timestamp: new Date().toISOString(), data: { subscriptionId, message: 'A test delivery from Newsdesk.' } }
    },
    select: deliverySelect
  })
  await wakeWorkers(db)
  return row
}
