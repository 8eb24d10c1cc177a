import { Type, type Static } from 'typebox'
import { PageOf, PageQuery } from '../../lib/pagination.js'
import { DateTime, Nullable, Uuid } from '../../lib/schema-types.js'

export const ScopeSchema = Type.Union([Type.Literal('content:read-drafts'), Type.Literal('content:write'), Type.Literal('metrics:read'), Type.Literal('admin')], {
  description: 'Scopes add up and do not imply one another: `content:read-drafts` reads unpublished items (drafts, scheduled, archived) and the full export; `content:write` creates, changes and deletes content and otherwise reads only what the public reads; `metrics:read` reads the Prometheus metrics at `/metrics` and nothing else (for a scraper); `admin` may do anything, including managing keys and webhooks. An editor key is usually `["content:write", "content:read-drafts"]`.'
})

const KEY_EXAMPLE = {
  id: '2c4e6a8b-1d3f-4a5b-9c7d-8e0f1a2b3c4d',
  name: 'newsroom-cms',
  prefix: 'nd_Xq3vB9k',
  scopes: ['content:write', 'content:read-drafts'],
  createdAt: '2021-10-20T09:00:00.000Z'
}

// A key as listed: never its secret or its hash, only the first characters to recognise it by.
export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart.' }),
  scopes: Type.Array(ScopeSchema),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime)
}, { $id: 'ApiKey', title: 'ApiKey', examples: [{ ...KEY_EXAMPLE, lastUsedAt: '2021-10-21T14:05:02.000Z', revokedAt: null }] })
export type ApiKeyDto = Static<typeof ApiKey>
export const ApiKeyRef = Type.Unsafe<ApiKeyDto>(Type.Ref('ApiKey'))

export const ApiKeyWithSecret = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(ScopeSchema),
  createdAt: DateTime,
  key: Type.String({ description: 'The key itself. Shown this once only: store it now; Newsdesk keeps only its hash.' })
}, { title: 'ApiKeyWithSecret', examples: [{ ...KEY_EXAMPLE, key: 'nd_Xq3vB9kT2mW8rL5pZ1yH7cN4fD6sJ0aG' }] })

export const ApiKeyCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Who or what uses the key, e.g. "web frontend".' }),
  scopes: Type.Array(ScopeSchema, { minItems: 1, uniqueItems: true })
}, { additionalProperties: false, title: 'ApiKeyCreate', examples: [{ name: KEY_EXAMPLE.name, scopes: KEY_EXAMPLE.scopes }] })

export const ApiKeyListQuery = Type.Object({
  limit: PageQuery.limit,
  cursor: PageQuery.cursor,
  includeRevoked: Type.Boolean({ default: true, description: 'Also list revoked keys.' })
}, { additionalProperties: false })

export const ApiKeyParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const ApiKeyPage = PageOf(ApiKeyRef, 'ApiKey')

type Row = { id: string, name: string, prefix: string, scopes: string[], createdAt: Date, lastUsedAt: Date | null, revokedAt: Date | null }
export function toApiKeyDto (row: Row): ApiKeyDto {
  return {
    ...row,
    scopes: row.scopes as ApiKeyDto['scopes'],
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null
  }
}
