import { createHash, randomBytes } from 'node:crypto'
import type { Database } from '../../db/client.js'

export const SCOPES = ['content:read-drafts', 'content:write', 'admin'] as const
export type Scope = typeof SCOPES[number]

const KEY_PREFIX = 'nd_'

export function hashKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** Creates a key and returns it in clear once; only its hash is stored. */
export async function createApiKey (db: Database, input: { name: string, scopes: Scope[] }) {
  const secret = KEY_PREFIX + randomBytes(24).toString('base64url')
  const row = await db.apiKey.create({
    data: { name: input.name, scopes: input.scopes, prefix: secret.slice(0, 10), hash: hashKey(secret) },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true }
  })
  return { ...row, key: secret }
}

/** The live key for a presented secret, or null; records when it was last used. */
export async function verifyApiKey (db: Database, secret: string): Promise<{ id: string, name: string, scopes: Set<Scope> } | null> {
  if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return null
  const row = await db.apiKey.findUnique({ where: { hash: hashKey(secret) }, select: { id: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true } })
  if (!row || row.revokedAt) return null
  // At most one write a minute per key: last-used is for humans, not an audit log.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
  }
  return { id: row.id, name: row.name, scopes: new Set(row.scopes as Scope[]) }
}
