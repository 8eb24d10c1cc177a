import { Type, type Static } from 'typebox'
import { CHANGE_EVENT_EXAMPLE } from '../../lib/examples.js'
import { PageOf, PageQuery } from '../../lib/pagination.js'
import { DateTime, Int, Nullable, Uuid } from '../../lib/schema-types.js'

export const KINDS = ['created', 'updated', 'published', 'unpublished', 'deleted'] as const
export const RESOURCES = ['article', 'quote', 'topic', 'speaker', 'author'] as const

const Kind = Type.Union(KINDS.map((kind) => Type.Literal(kind)), { description: 'A kind of change.' })
const Resource = Type.Union(RESOURCES.map((resource) => Type.Literal(resource)), { description: 'A kind of content.' })
const Audience = Type.Union([Type.Literal('public'), Type.Literal('private')], {
  description: '`public` (the default): only what a caller without a key may see; a story that is unpublished or deleted ' +
    'arrives as a tombstone and drafts never appear, so a partner can mirror public content. `private`: every change, drafts included.'
})
const Status = Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('disabled')], {
  description: '`active` sends; `paused` (by an admin) queues deliveries and sends them on resume; `disabled` (after repeated ' +
    'failures, see `disabledReason`) stops queueing new events; PATCH `status: active` resumes it.'
})
const Url = Type.String({ format: 'uri', minLength: 1, maxLength: 2000, description: 'Where deliveries are POSTed: http or https, on a public address.' })
const Description = Type.String({ minLength: 1, maxLength: 500, description: 'What this subscription is for.' })
const Kinds = Type.Array(Kind, { uniqueItems: true, maxItems: KINDS.length, description: 'Kinds of change to send; empty or absent: every kind.' })
const Resources = Type.Array(Resource, { uniqueItems: true, maxItems: RESOURCES.length, description: 'Resources to send changes of; empty or absent: all.' })
const Sections = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { uniqueItems: true, maxItems: 100, description: 'Only changes to articles in these sections (and their quotes); empty or absent: any.' })
const Topics = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  uniqueItems: true, maxItems: 100, description: 'Topic ids or slugs: only changes to articles and quotes tagged with one of them, and to those topics themselves; empty or absent: any.'
})

const EXAMPLE_ID = 'c1a2b3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d'
const SUBSCRIPTION_EXAMPLE = {
  id: EXAMPLE_ID,
  url: 'https://partner.example.com/hooks/newsdesk',
  description: 'Partner mirror of World stories',
  kinds: ['published', 'updated', 'unpublished', 'deleted'],
  resources: ['article'],
  sections: ['World'],
  topicIds: ['3f6b2a10-5c1d-4e8f-9a7b-1c2d3e4f5a6b'],
  audience: 'public',
  status: 'active',
  disabledReason: null,
  disabledAt: null,
  previousSecretExpiresAt: null,
  createdAt: '2021-10-21T09:00:00.000Z',
  updatedAt: '2021-10-21T09:00:00.000Z',
  version: 1
}
const SECRET_EXAMPLE = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

export const WebhookSubscription = Type.Object({
  id: Uuid,
  url: Type.String({ format: 'uri' }),
  description: Nullable(Type.String()),
  kinds: Type.Array(Kind),
  resources: Type.Array(Resource),
  sections: Type.Array(Type.String()),
  topicIds: Type.Array(Uuid, { description: 'The topics filtered on (the ids of the ids or slugs given).' }),
  audience: Audience,
  status: Status,
  disabledReason: Nullable(Type.String({ description: 'Why the subscription was disabled.' })),
  disabledAt: Nullable(DateTime),
  previousSecretExpiresAt: Nullable(Type.String({ format: 'date-time', description: 'Until then, deliveries are signed with the previous secret too.' })),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ minimum: 1 })
}, { $id: 'WebhookSubscription', title: 'WebhookSubscription', examples: [SUBSCRIPTION_EXAMPLE] })
export type WebhookSubscriptionDto = Static<typeof WebhookSubscription>
export const WebhookSubscriptionRef = Type.Unsafe<WebhookSubscriptionDto>(Type.Ref('WebhookSubscription'))

export const WebhookSubscriptionWithSecret = Type.Object({
  ...WebhookSubscription.properties,
  secret: Type.String({ description: 'The signing secret (Standard Webhooks, `whsec_` + base64). Shown here only: store it now.' })
}, { title: 'WebhookSubscriptionWithSecret', examples: [{ ...SUBSCRIPTION_EXAMPLE, secret: SECRET_EXAMPLE }] })

export const WebhookSubscriptionCreate = Type.Object({
  url: Url,
  description: Type.Optional(Description),
  kinds: Type.Optional(Kinds),
  resources: Type.Optional(Resources),
  sections: Type.Optional(Sections),
  topics: Type.Optional(Topics),
  audience: Type.Optional(Audience)
}, {
  additionalProperties: false,
  title: 'WebhookSubscriptionCreate',
  examples: [{ url: SUBSCRIPTION_EXAMPLE.url, description: SUBSCRIPTION_EXAMPLE.description, kinds: SUBSCRIPTION_EXAMPLE.kinds, resources: ['article'], sections: ['World'], topics: ['nato'] }]
})

export const WebhookSubscriptionUpdate = Type.Object({
  url: Type.Optional(Url),
  description: Type.Optional(Nullable(Description)),
  kinds: Type.Optional(Kinds),
  resources: Type.Optional(Resources),
  sections: Type.Optional(Sections),
  topics: Type.Optional(Topics),
  audience: Type.Optional(Audience),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')], {
    description: '`paused` holds deliveries (they queue up); `active` resumes a paused or disabled subscription.'
  }))
}, { additionalProperties: false, minProperties: 1, title: 'WebhookSubscriptionUpdate', examples: [{ status: 'paused' }] })

export const WebhookListQuery = Type.Object({ limit: PageQuery.limit, cursor: PageQuery.cursor }, { additionalProperties: false })
export const WebhookParams = Type.Object({ id: Uuid }, { additionalProperties: false })
export const DeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid }, { additionalProperties: false })
export const RotateQuery = Type.Object({
  graceSeconds: Type.Optional(Int({ minimum: 0, maximum: 7 * 86400, description: 'How long the previous secret keeps signing alongside the new one; default WEBHOOK_SECRET_GRACE_MS (a day). 0 retires it at once (a leaked secret).' }))
}, { additionalProperties: false })

const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivering'), Type.Literal('delivered'), Type.Literal('failed')], {
  description: '`pending`: waiting for its turn or its next try; `delivering`: an attempt is under way; `delivered`: a 2xx came back; `failed`: given up after retrying.'
})
export const DeliveryListQuery = Type.Object({
  limit: PageQuery.limit,
  cursor: PageQuery.cursor,
  status: Type.Optional(DeliveryStatus)
}, { additionalProperties: false })

const DELIVERY_EXAMPLE = {
  id: 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70',
  subscriptionId: EXAMPLE_ID,
  webhookIdHeader: 'msg_5b1f0e3c9a7d4f2e8c6b4a2d0e9f8c7b',
  eventType: 'content.changed',
  eventCount: 1,
  status: 'delivered',
  attempts: 2,
  nextAttemptAt: null,
  lastAttemptAt: '2021-10-21T14:05:06.000Z',
  responseStatus: 200,
  durationMs: 84,
  lastError: null,
  redeliveryOf: null,
  createdAt: '2021-10-21T14:05:00.000Z',
  deliveredAt: '2021-10-21T14:05:06.000Z',
  failedAt: null
}
const deliveryFields = {
  id: Uuid,
  subscriptionId: Uuid,
  webhookIdHeader: Type.String({ description: 'Sent as `webhook-id`; the same on every attempt and on a redelivery.' }),
  eventType: Type.String({ description: 'The payload\'s `type`: `content.changed` or `webhook.ping`.' }),
  eventCount: Type.Integer({ minimum: 0, description: 'Change events in the payload.' }),
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0 }),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time', description: 'When a pending delivery is tried next (if its turn has come).' })),
  lastAttemptAt: Nullable(DateTime),
  responseStatus: Nullable(Type.Integer({ description: 'The receiver\'s status code at the last attempt.' })),
  durationMs: Nullable(Type.Integer({ minimum: 0, description: 'How long the last attempt took.' })),
  lastError: Nullable(Type.String({ description: 'Why the last attempt failed: status and the start of the answer, a timeout, a refused address...' })),
  redeliveryOf: Nullable(Type.String({ format: 'uuid', description: 'The delivery this one resends.' })),
  createdAt: DateTime,
  deliveredAt: Nullable(DateTime),
  failedAt: Nullable(DateTime)
}
export const WebhookDelivery = Type.Object(deliveryFields, { $id: 'WebhookDelivery', title: 'WebhookDelivery', examples: [DELIVERY_EXAMPLE] })
export type WebhookDeliveryDto = Static<typeof WebhookDelivery>
export const WebhookDeliveryRef = Type.Unsafe<WebhookDeliveryDto>(Type.Ref('WebhookDelivery'))

// What receivers get: Standard Webhooks' { type, timestamp, data }, the events as /v1/changes shows them.
export const WebhookPayload = Type.Object({
  type: Type.Union([Type.Literal('content.changed'), Type.Literal('webhook.ping')]),
  timestamp: DateTime,
  data: Type.Object({
    events: Type.Optional(Type.Array(Type.Ref('ChangeEvent'), { description: '`content.changed`: the events, in commit order, as `GET /v1/changes` shows them to the subscription\'s audience.' })),
    subscriptionId: Type.Optional(Type.String({ format: 'uuid', description: '`webhook.ping`: the subscription pinged.' })),
    message: Type.Optional(Type.String())
  })
}, {
  $id: 'WebhookPayload',
  title: 'WebhookPayload',
  description: 'The JSON body POSTed to a subscription\'s URL.',
  examples: [{ type: 'content.changed', timestamp: '2021-10-21T14:05:01.000Z', data: { events: [CHANGE_EVENT_EXAMPLE] } }]
})

export const WebhookDeliveryDetail = Type.Object({
  ...deliveryFields,
  payload: Type.Ref('WebhookPayload')
}, { title: 'WebhookDeliveryDetail', examples: [{ ...DELIVERY_EXAMPLE, payload: { type: 'content.changed', timestamp: '2021-10-21T14:05:01.000Z', data: { events: [CHANGE_EVENT_EXAMPLE] } } }] })

export const WebhookPage = PageOf(WebhookSubscriptionRef, 'WebhookSubscription')
export const WebhookDeliveryPage = PageOf(WebhookDeliveryRef, 'WebhookDelivery')
