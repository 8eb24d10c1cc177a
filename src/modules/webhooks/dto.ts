import type { WebhookDeliveryDto, WebhookSubscriptionDto } from './schemas.js'

const iso = (date: Date | null): string | null => date?.toISOString() ?? null

interface SubscriptionRow {
  id: string, url: string, description: string | null, kinds: string[], resources: string[], sections: string[], topicIds: string[],
  audience: string, status: string, disabledReason: string | null, disabledAt: Date | null, previousSecretExpiresAt: Date | null,
  createdAt: Date, updatedAt: Date, version: number
}

export function toSubscriptionDto (row: SubscriptionRow): WebhookSubscriptionDto {
  return {
    ...row,
    kinds: row.kinds as WebhookSubscriptionDto['kinds'],
    resources: row.resources as WebhookSubscriptionDto['resources'],
    audience: row.audience as WebhookSubscriptionDto['audience'],
    status: row.status as WebhookSubscriptionDto['status'],
    disabledAt: iso(row.disabledAt),
    // An expired previous secret no longer signs anything: not worth showing.
    previousSecretExpiresAt: row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > Date.now() ? row.previousSecretExpiresAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

interface DeliveryRow {
  id: string, seq: bigint, subscriptionId: string, messageId: string, eventType: string, eventCount: number, status: string, attempts: number,
  nextAttemptAt: Date, lastAttemptAt: Date | null, responseStatus: number | null, durationMs: number | null, lastError: string | null,
  redeliveryOf: string | null, createdAt: Date, deliveredAt: Date | null, failedAt: Date | null
}

export function toDeliveryDto (row: DeliveryRow): WebhookDeliveryDto {
  const { seq: _seq, messageId, ...rest } = row
  return {
    ...rest,
    webhookIdHeader: messageId,
    status: row.status as WebhookDeliveryDto['status'],
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(row.lastAttemptAt),
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
    failedAt: iso(row.failedAt)
  }
}
