import type { Prisma } from '../../generated/prisma/client.js'
import { jsonValue, type JsonShape } from '../../lib/json-text.js'
import type { Shape } from '../../lib/sql.js'
import type { SpeakerDto, SpeakerRoleHeldDto, SpeakerSummaryDto } from './schemas.js'

export const SPEAKER_SUMMARY = { id: true, slug: true, name: true, kind: true, role: true, organization: true } as const
/** SPEAKER_SUMMARY for hand-written SQL on `speakers s`. */
export const SPEAKER_SUMMARY_SQL: Shape = {
  columns: { id: 's.id', slug: 's.slug', name: 's.name', kind: 's.kind', role: 's.role', organization: 's.organization' },
  times: []
}
/** SpeakerSummary as JSON text (lib/json-text.ts), on `speakers s`. */
export const SPEAKER_SUMMARY_JSON: JsonShape = [
  ['id', jsonValue.quoted('s.id')], ['slug', jsonValue.value('s.slug')], ['name', jsonValue.value('s.name')], ['kind', jsonValue.quoted('s.kind')],
  ['role', jsonValue.nullable('s.role')], ['organization', jsonValue.nullable('s.organization')]
]
export type SpeakerRow = Prisma.SpeakerGetPayload<object>
export type SpeakerCounts = { _count?: { quotes: number }, roles?: SpeakerRoleHeldDto[] }

export function toSpeakerSummary (row: SpeakerSummaryDto): SpeakerSummaryDto {
  return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, role: row.role, organization: row.organization }
}

export function toSpeakerDto (row: SpeakerRow & SpeakerCounts): SpeakerDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    role: row.role,
    organization: row.organization,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    ...(row._count && { quoteCount: row._count.quotes }),
    ...(row.roles && { roles: row.roles })
  }
}
