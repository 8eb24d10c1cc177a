import { Type, type Static } from 'typebox'
import { PageOf, PageQuery } from '../../lib/pagination.js'
import { DateTime, Nullable, Uuid } from '../../lib/schema-types.js'

export const ScopeSchema = Type.Union([Type.Literal('content:read-drafts'), Type.Literal('content:write'), Type.Literal('admin')], {
  description: '`content:read-drafts` reads unpublished items; `content:write` also writes; `admin` may do anything, including managing keys.'
})

// A key as listed: never its secret or its hash, only the first characters to recognise it by.
export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart.' }),
  scopes: Type.Array(ScopeSchema),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime)
}, { $id: 'ApiKey', title: 'ApiKey' })
export type ApiKeyDto = Static<typeof ApiKey>
export const ApiKeyRef = Type.Unsafe<ApiKeyDto>(Type.Ref('ApiKey'))

export const ApiKeyWithSecret = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(ScopeSchema),
  createdAt: DateTime,
  key: Type.String({ description: 'The key itself. Shown this once only: store it now; Newsdesk keeps only its hash.' })
}, { title: 'ApiKeyWithSecret' })

export const ApiKeyCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Who or what uses the key, e.g. "web frontend".' }),
  scopes: Type.Array(ScopeSchema, { minItems: 1, uniqueItems: true })
}, { additionalProperties: false })

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
