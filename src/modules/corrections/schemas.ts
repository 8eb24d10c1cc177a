import { Type, type Static } from 'typebox'
import { CORRECTION_CREATE_EXAMPLE, CORRECTION_EXAMPLE, CORRECTION_WITH_ARTICLE_EXAMPLE } from '../../lib/examples.js'
import { PageOf, PageQuery } from '../../lib/pagination.js'
import { DateTime, Nullable, Uuid } from '../../lib/schema-types.js'

// No import from the articles module (it embeds corrections): the article summary is a $ref.

export const CORRECTION_KINDS = ['correction', 'clarification', 'update'] as const
const Kind = Type.Enum(CORRECTION_KINDS, {
  type: 'string',
  description: '`correction`: something was wrong; `clarification`: something was unclear; `update`: something happened since.'
})

const correctionProperties = {
  id: Uuid,
  articleId: Uuid,
  kind: Kind,
  text: Type.String(),
  supersedes: Nullable(Type.String({ format: 'uuid', description: 'The earlier correction this one replaces.' })),
  supersededBy: Nullable(Type.String({ format: 'uuid', description: 'The later correction that replaces this one; a superseded correction stays visible.' })),
  createdAt: DateTime
}

export const Correction = Type.Object(correctionProperties, {
  $id: 'Correction',
  title: 'Correction',
  description: 'A public note on a story: never changed or deleted, only superseded by a later one.',
  examples: [CORRECTION_EXAMPLE]
})
export type CorrectionDto = Static<typeof Correction>
export const CorrectionRef = Type.Unsafe<CorrectionDto>(Type.Ref('Correction'))

const ArticleSummaryRef = Type.Unsafe<{ id: string, slug: string, title: string, status: 'draft' | 'scheduled' | 'published' | 'archived', publishedAt: string | null }>(Type.Ref('ArticleSummary'))
export const CorrectionWithArticle = Type.Object({ ...correctionProperties, article: ArticleSummaryRef }, {
  title: 'CorrectionWithArticle',
  description: 'A correction with the story it is on.',
  examples: [CORRECTION_WITH_ARTICLE_EXAMPLE]
})
export type CorrectionWithArticleDto = Static<typeof CorrectionWithArticle>

export const CorrectionPage = PageOf(CorrectionWithArticle, 'Correction', {
  data: [CORRECTION_WITH_ARTICLE_EXAMPLE],
  nextCursor: Buffer.from(JSON.stringify(['-createdAt', CORRECTION_EXAMPLE.createdAt, CORRECTION_EXAMPLE.id])).toString('base64url')
})
export const CorrectionListQuery = Type.Object({ limit: PageQuery.limit, cursor: PageQuery.cursor }, { additionalProperties: false })
export const CorrectionIdParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const CorrectionCreate = Type.Object({
  kind: Kind,
  text: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S', description: 'What readers are told, as printed with the story.' }),
  supersedes: Type.Optional(Type.String({ format: 'uuid', description: 'An earlier correction on the same story that this one replaces (it stays visible, marked superseded).' }))
}, {
  additionalProperties: false,
  title: 'CorrectionCreate',
  examples: [CORRECTION_CREATE_EXAMPLE]
})
export type CorrectionCreateDto = Static<typeof CorrectionCreate>
