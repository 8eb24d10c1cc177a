import { createHmac, randomBytes } from 'node:crypto'

// Standard Webhooks (https://www.standardwebhooks.com): the receiver gets webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature, a space-separated list of
// "v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>", one per secret in force.
// The secret is "whsec_" + base64 of its bytes; the HMAC key is those bytes.

const SECRET_PREFIX = 'whsec_'

/** A new secret: 32 random bytes (the specification asks for 24 to 64). */
export function newSecret (): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64')
}

function keyOf (secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64')
}

/** "v1,<signature>" of one message with one secret. */
export function signature (secret: string, messageId: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${messageId}.${timestamp}.${body}`).digest('base64')
  return `v1,${mac}`
}

/** The three Standard Webhooks headers for one attempt, signed by every secret given. */
export function signedHeaders (secrets: string[], messageId: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000)
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signature(secret, messageId, timestamp, body)).join(' ')
  }
}
