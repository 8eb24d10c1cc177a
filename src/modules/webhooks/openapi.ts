// The webhook a receiver implements, for the OpenAPI document's `webhooks` section
// (OpenAPI 3.1): what Newsdesk POSTs, with which headers, and what it expects back.

const header = (description: string, example: string) => ({ required: true, description, schema: { type: 'string' as const }, example })

const delivery = (summary: string, description: string) => ({
  post: {
    operationId: summary === 'content' ? 'receiveContentChanged' : 'receiveWebhookPing',
    summary: summary === 'content' ? 'Content changed (sent to your URL)' : 'Test delivery (sent to your URL)',
    description,
    tags: ['Webhooks'],
    security: [],
    parameters: [
      { name: 'webhook-id', in: 'header' as const, ...header('The message id: the same on every attempt and on a redelivery; deduplicate on it.', 'msg_5b1f0e3c9a7d4f2e8c6b4a2d0e9f8c7b') },
      { name: 'webhook-timestamp', in: 'header' as const, ...header('When this attempt was signed, in Unix seconds; refuse one far from your clock (replays).', '1634825101') },
      { name: 'webhook-signature', in: 'header' as const, ...header('Space-separated `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with each secret in force (two during a rotation); accept when any matches.', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=') }
    ],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookPayload' } } }
    },
    responses: {
      200: { description: 'Any 2xx within WEBHOOK_TIMEOUT_MS counts as delivered; the body is ignored.' },
      400: { description: 'Any other answer, a timeout or a refused connection is retried with exponential backoff for up to a day.' },
      410: { description: '410 Gone disables the subscription at once.' }
    }
  }
})

export const WEBHOOKS_DOCUMENT = {
  contentChanged: delivery('content', 'Up to WEBHOOK_BATCH_SIZE change events (`type: content.changed`), in commit order. A subscription\'s deliveries ' +
    'are sent one at a time, in order, so events about one item never overtake each other; delivery is at least once, so deduplicate on ' +
    '`webhook-id` and drop an event whose `version` is older than the one you hold.'),
  ping: delivery('ping', 'Sent by `POST /v1/webhooks/{id}/ping` (`type: webhook.ping`), to test a receiver.')
}
