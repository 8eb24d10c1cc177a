import { createHash, randomBytes } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type pg from 'pg'
import type { Database } from '../../db/client.js'
import { prepared } from '../../lib/sql.js'
import { UUID_ANY_CASE } from '../../lib/uuid.js'

export const SCOPES = ['content:read-drafts', 'content:write', 'metrics:read', 'admin'] as const
export type Scope = typeof SCOPES[number]

/** What each scope allows; scopes add up and none implies another (`admin` implies all). */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'content:read-drafts': 'read drafts, scheduled and archived items, and the full export',
  'content:write': 'create, change and delete content; alone, it reads only what the public reads',
  'metrics:read': 'read the Prometheus metrics at /metrics, and nothing else',
  admin: 'anything, including keys and webhooks'
}

const KEY_PREFIX = 'nd_'

export function hashKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

// Hashes of keys this process has made or seen work. An IP over its rate limit still gets
// these looked up (so a partner is not locked out by anonymous traffic from the same NAT),
// while guessed keys from it cost no query. Only a hint: revocation is always read from the database.
const knownLive = new LRUCache<string, true>({ max: 10_000 })

/** Whether this key was made here or has worked here before (it may be revoked since). */
export function seenLive (secret: string): boolean {
  return knownLive.has(hashKey(secret))
}

/** Creates a key and returns it in clear once; only its hash is stored. */
export async function createApiKey (db: Database, input: { name: string, scopes: Scope[] }) {
  const secret = KEY_PREFIX + randomBytes(24).toString('base64url')
  const row = await db.apiKey.create({
    data: { name: input.name, scopes: input.scopes, prefix: secret.slice(0, 10), hash: hashKey(secret) },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true }
  })
  knownLive.set(hashKey(secret), true)
  return { ...row, key: secret }
}

// One round trip on plain pg (it runs before every keyed request, every editor's save among
// them): the key, and its last use recorded at most once a minute (last-used is for humans, not
// an audit log) by the same statement. Revocation is read from the database every time.
const VERIFY_KEY = `WITH k AS (SELECT id, name, scopes, revoked_at, last_used_at FROM api_keys WHERE hash = $1),
  used AS (UPDATE api_keys u SET last_used_at = $2 FROM k
            WHERE u.id = k.id AND k.revoked_at IS NULL AND (k.last_used_at IS NULL OR k.last_used_at < $2::timestamptz - interval '1 minute'))
  SELECT id, name, scopes FROM k WHERE revoked_at IS NULL`

export interface LiveKey { id: string, name: string, scopes: Set<Scope> }

// Keys the database confirmed live in the last minute, by hash. Only a route whose own statement
// checks that the key is still live starts from this (auth.ts, keyCheckedByStatement): an
// editor's save is then one round trip, not two. Every other request reads the key from the
// database, so a revoked key is refused at once everywhere. Scopes never change on a key.
const recentlyLive = new LRUCache<string, LiveKey>({ max: 10_000, ttl: 60_000 })

/** The key for a secret the database confirmed live in the last minute, if any (it may be revoked since). */
export function recentlyConfirmed (secret: string): LiveKey | undefined {
  return recentlyLive.get(hashKey(secret))
}

/** SQL that is true while key `$n` is live, for a statement that acts with a recentlyConfirmed key. */
export const keyLiveSql = (parameter: string): string => `EXISTS (SELECT 1 FROM api_keys k WHERE k.id = ${parameter}::uuid AND k.revoked_at IS NULL)`

/** The live key for a presented secret, or null; records when it was last used. */
export async function verifyApiKey (pool: pg.Pool, secret: string): Promise<LiveKey | null> {
  if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return null
  const hash = hashKey(secret)
  const { rows } = await pool.query<{ id: string, name: string, scopes: string[] }>(prepared(VERIFY_KEY, [hash, new Date()]))
  const row = rows[0]
  if (!row) return null
  knownLive.set(hash, true)
  const key = { id: row.id, name: row.name, scopes: new Set(row.scopes as Scope[]) }
  recentlyLive.set(hash, key)
  return key
}

const PUBLIC_FIELDS = { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const

/** Keys newest first, without their hashes; `after` is the keyset position (createdAt, id). */
export async function listApiKeys (db: Database, options: { limit: number, after?: { value: Date, id: string } | undefined, includeRevoked?: boolean }) {
  const after = options.after
  return db.apiKey.findMany({
    where: {
      ...(options.includeRevoked === false && { revokedAt: null }),
      ...(after && { OR: [{ createdAt: { lt: after.value } }, { createdAt: after.value, id: { lt: after.id } }] })
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit + 1,
    select: PUBLIC_FIELDS
  })
}

/** Finds a key by id, or by its displayed prefix when that is unambiguous. */
export async function findApiKey (db: Database, idOrPrefix: string) {
  const isId = UUID_ANY_CASE.test(idOrPrefix)
  const rows = await db.apiKey.findMany({ where: isId ? { id: idOrPrefix.toLowerCase() } : { prefix: idOrPrefix }, select: PUBLIC_FIELDS, take: 2 })
  return rows.length === 1 ? rows[0]! : null
}

/** Revokes a key at once (every later request with it is a 401); revoking twice keeps the first time. */
export async function revokeApiKey (db: Database, id: string) {
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } })
  return db.apiKey.findUnique({ where: { id }, select: PUBLIC_FIELDS })
}
