import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { created, setItemValidators, versionedWrite } from '../../lib/http-cache.js'
import { decodeCursor, parseSort, toPage } from '../../lib/pagination.js'
import { httpProblem, notFound, problemResponses } from '../../lib/problem.js'
import { destinationProblem } from './destination.js'
import { toDeliveryDto, toSubscriptionDto } from './dto.js'
import {
  createSubscription, deleteSubscription, enqueuePing, findDelivery, findSubscription, listDeliveries, listSubscriptions,
  redeliver, rotateSecret, updateSubscription
} from './repository.js'
import {
  DeliveryListQuery, DeliveryParams, RotateQuery, WebhookDelivery, WebhookDeliveryDetail, WebhookDeliveryPage,
  WebhookDeliveryRef, WebhookListQuery, WebhookPage, WebhookParams, WebhookPayload, WebhookSubscription, WebhookSubscriptionCreate,
  WebhookSubscriptionRef, WebhookSubscriptionUpdate, WebhookSubscriptionWithSecret
} from './schemas.js'

export interface WebhookRouteOptions { allowPrivate: boolean, secretGraceMs: number }

const tags = ['Webhooks']
const security = [{ apiKey: [] }]
const SUBSCRIPTION_SORT = { createdAt: { column: 'createdAt', type: 'date' as const } }
const DELIVERY_SORT = { seq: { column: 'seq', type: 'number' as const } }

// Webhook subscriptions and their deliveries, for admins. Deliveries are made by the worker
// (worker.ts); these routes only read and queue them.
// The POSTs that take no body still parse one sent anyway (413 when too large, 415 when not JSON).
const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRouteOptions> = async (fastify, options) => {
  fastify.removeContentTypeParser('text/plain')
  for (const schema of [WebhookSubscription, WebhookDelivery, WebhookPayload]) fastify.addSchema(schema)
  const adminOnly = fastify.requireScope('admin')

  async function checkUrl (url: string | undefined): Promise<void> {
    if (url === undefined) return
    const problem = await destinationProblem(url, { allowPrivate: options.allowPrivate })
    if (problem) throw httpProblem(400, `The webhook URL ${problem}.`, { errors: [{ in: 'body', pointer: '/url', detail: problem }] })
  }
  async function subscriptionOr404 (id: string) {
    const row = await findSubscription(fastify.db, id)
    if (!row) throw notFound(`Webhook subscription "${id}"`)
    return row
  }

  fastify.post('/webhooks', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'createWebhook',
      summary: 'Subscribe a URL to change events',
      description: 'With only a `url`, every change a public caller could see is sent. `kinds`, `resources`, `sections` and `topics` narrow it ' +
        '(all given must match). The URL must be http(s) on a public address (400 otherwise, unless `WEBHOOK_ALLOW_PRIVATE`). The answer ' +
        'holds the signing `secret`, this once only.',
      security,
      body: WebhookSubscriptionCreate,
      response: { 201: WebhookSubscriptionWithSecret, ...problemResponses(400, 401, 403, 413, 415) }
    }
  }, async (request, reply) => {
    await checkUrl(request.body.url)
    const row = await createSubscription(fastify.db, request.body)
    created(reply, row, `/v1/webhooks/${row.id}`).header('cache-control', 'no-store')
    return { ...toSubscriptionDto(row), secret: row.secret }
  })

  fastify.get('/webhooks', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'listWebhooks',
      summary: 'List webhook subscriptions',
      description: 'Newest first. Secrets are never listed.',
      security,
      querystring: WebhookListQuery,
      response: { 200: WebhookPage, ...problemResponses(400, 401, 403) }
    }
  }, async (request, reply) => {
    const sort = parseSort('-createdAt', SUBSCRIPTION_SORT, '-createdAt')
    const after = request.query.cursor ? decodeCursor(request.query.cursor, sort) as { value: Date, id: string } : undefined
    const rows = await listSubscriptions(fastify.db, { limit: request.query.limit, after })
    const page = toPage(request, reply, rows, request.query.limit, sort, (row) => row.createdAt)
    return { data: page.rows.map(toSubscriptionDto), nextCursor: page.nextCursor }
  })

  fastify.get('/webhooks/:id', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'getWebhook',
      summary: 'Get a webhook subscription',
      description: 'With its status and, when disabled, why. Its `ETag` goes in `If-Match` to update or delete it.',
      security,
      params: WebhookParams,
      response: { 200: WebhookSubscriptionRef, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    const row = await subscriptionOr404(request.params.id)
    setItemValidators(reply, row)
    return toSubscriptionDto(row)
  })

  fastify.patch('/webhooks/:id', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'updateWebhook',
      summary: 'Update, pause or resume a webhook subscription',
      description: 'Partial update; honours `If-Match` (412 when stale). `status: paused` holds deliveries, which queue up; ' +
        '`status: active` resumes a paused or disabled subscription and sends what is queued, in order.',
      security,
      params: WebhookParams,
      body: WebhookSubscriptionUpdate,
      response: { 200: WebhookSubscriptionRef, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415) }
    }
  }, async (request, reply) => {
    const updated = await versionedWrite(request, () => subscriptionOr404(request.params.id), async (current, expected) => {
      await checkUrl(request.body.url)
      return updateSubscription(fastify.db, current, expected, request.body)
    })
    setItemValidators(reply, updated)
    return toSubscriptionDto(updated)
  })

  fastify.delete('/webhooks/:id', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook subscription',
      description: 'Stops deliveries at once and deletes its delivery history. Honours `If-Match` (412 when stale).',
      security,
      params: WebhookParams,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(400, 401, 403, 404, 409, 412) }
    }
  }, async (request, reply) => {
    await versionedWrite(request, () => subscriptionOr404(request.params.id), (current, expected) => deleteSubscription(fastify.db, current.id, expected))
    return reply.code(204).send(null)
  })

  fastify.post('/webhooks/:id/rotate-secret', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'rotateWebhookSecret',
      summary: 'Rotate a subscription\'s signing secret',
      description: 'Answers the new secret, this once only. For `graceSeconds` (default a day) deliveries carry two signatures, ' +
        'by the new and the previous secret, so receivers can switch without missing one; `graceSeconds=0` retires the old one at once.',
      security,
      params: WebhookParams,
      querystring: RotateQuery,
      response: { 200: WebhookSubscriptionWithSecret, ...problemResponses(400, 401, 403, 404, 413, 415) }
    }
  }, async (request, reply) => {
    const graceMs = request.query.graceSeconds !== undefined ? request.query.graceSeconds * 1000 : options.secretGraceMs
    const row = await rotateSecret(fastify.db, request.params.id.toLowerCase(), graceMs)
    if (!row) throw notFound(`Webhook subscription "${request.params.id}"`)
    setItemValidators(reply, row)
    reply.header('cache-control', 'no-store')
    return { ...toSubscriptionDto(row), secret: row.secret }
  })

  fastify.post('/webhooks/:id/ping', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'pingWebhook',
      summary: 'Send a test delivery',
      description: 'Queues a signed `webhook.ping` message with no change in it, to check a receiver and its signature check. ' +
        'It goes out after anything already queued (at once when nothing is), and is listed with the deliveries.',
      security,
      params: WebhookParams,
      response: { 202: WebhookDeliveryRef, ...problemResponses(400, 401, 403, 404, 413, 415) }
    }
  }, async (request, reply) => {
    const subscription = await subscriptionOr404(request.params.id)
    const row = await enqueuePing(fastify.db, subscription.id)
    reply.code(202).header('location', `/v1/webhooks/${subscription.id}/deliveries/${row.id}`)
    return toDeliveryDto(row)
  })

  fastify.get('/webhooks/:id/deliveries', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'listWebhookDeliveries',
      summary: 'List a subscription\'s deliveries',
      description: 'Newest first, with status, attempts, the last response code, how long it took and why it failed. `status=` filters.',
      security,
      params: WebhookParams,
      querystring: DeliveryListQuery,
      response: { 200: WebhookDeliveryPage, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    const subscription = await subscriptionOr404(request.params.id)
    const sort = parseSort('-seq', DELIVERY_SORT, '-seq')
    const after = request.query.cursor ? decodeCursor(request.query.cursor, sort).value as number : undefined
    const rows = await listDeliveries(fastify.db, subscription.id, { limit: request.query.limit, status: request.query.status, afterSeq: after })
    const page = toPage(request, reply, rows, request.query.limit, sort, (row) => Number(row.seq))
    return { data: page.rows.map(toDeliveryDto), nextCursor: page.nextCursor }
  })

  fastify.get('/webhooks/:id/deliveries/:deliveryId', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'getWebhookDelivery',
      summary: 'Get a delivery, with its payload',
      description: 'The delivery and the exact JSON body sent (signed anew, with a new `webhook-timestamp`, at each attempt).',
      security,
      params: DeliveryParams,
      response: { 200: WebhookDeliveryDetail, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request) => {
    const row = await findDelivery(fastify.db, request.params.id, request.params.deliveryId)
    if (!row) throw notFound(`Delivery "${request.params.deliveryId}" of webhook subscription "${request.params.id}"`)
    return { ...toDeliveryDto(row), payload: row.payload as never }
  })

  fastify.post('/webhooks/:id/deliveries/:deliveryId/redeliver', {
    preHandler: adminOnly,
    schema: {
      tags,
      operationId: 'redeliverWebhookDelivery',
      summary: 'Send a delivery again',
      description: 'Queues the same message (same `webhook-id` and payload) as a new delivery, after anything already queued. ' +
        'For a delivered or failed delivery; one still pending or under way is a 409.',
      security,
      params: DeliveryParams,
      response: { 202: WebhookDeliveryRef, ...problemResponses(400, 401, 403, 404, 409, 413, 415) }
    }
  }, async (request, reply) => {
    const original = await findDelivery(fastify.db, request.params.id, request.params.deliveryId)
    if (!original) throw notFound(`Delivery "${request.params.deliveryId}" of webhook subscription "${request.params.id}"`)
    const row = await redeliver(fastify.db, original)
    reply.code(202).header('location', `/v1/webhooks/${row.subscriptionId}/deliveries/${row.id}`)
    return toDeliveryDto(row)
  })
}

export default webhookRoutes
