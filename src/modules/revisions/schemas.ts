import { Type, type Static } from 'typebox'
import { REVISION_DIFF_EXAMPLE, REVISION_EXAMPLE, REVISION_SUMMARY_EXAMPLE } from '../../lib/examples.js'
import { PageOf, PageQuery } from '../../lib/pagination.js'
import { DateTime, IdOrSlugParams, Int, Nullable, Uuid } from '../../lib/schema-types.js'
import type { ArticleDto } from '../articles/schemas.js'

const ArticleRef = Type.Unsafe<ArticleDto>(Type.Ref('Article'))

const revisionProperties = {
  id: Uuid,
  number: Type.Integer({ minimum: 1, description: 'The revision\'s number within its article: 1 for the first, then 2, 3... Revisions are addressed by it.' }),
  version: Type.Integer({ minimum: 1, description: 'The article\'s version in this revision. A quote added or edited on its own makes a revision without a new article version, so it can trail `number`.' }),
  createdAt: DateTime,
  actor: Type.String({ description: 'How the change came in: `api`, `cli`, `scheduler`, `seed`, `sql` or `migration` (the revision every article had when revisions began).' }),
  actorKeyId: Nullable(Type.String({ format: 'uuid', description: 'The API key that made the change, when one did.' })),
  changed: Type.Array(Type.String(), { description: 'The article\'s properties (`topics`, `authors`, `quotes` included) that differ from the revision before; empty for the first.' })
}

export const RevisionSummary = Type.Object(revisionProperties, {
  $id: 'RevisionSummary',
  title: 'RevisionSummary',
  description: 'One revision in the list, without its snapshot.',
  examples: [REVISION_SUMMARY_EXAMPLE]
})
export type RevisionSummaryDto = Static<typeof RevisionSummary>

export const Revision = Type.Object({
  ...revisionProperties,
  article: ArticleRef
}, {
  $id: 'Revision',
  title: 'Revision',
  description: 'The article as it was after one write, as `GET /v1/articles/{idOrSlug}?include=topics,quotes` showed it then.',
  examples: [REVISION_EXAMPLE]
})
export type RevisionDto = Static<typeof Revision>

export const RevisionPage = PageOf(Type.Unsafe<RevisionSummaryDto>(Type.Ref('RevisionSummary')), 'Revision', {
  data: [REVISION_SUMMARY_EXAMPLE],
  nextCursor: Buffer.from(JSON.stringify(['-number', REVISION_SUMMARY_EXAMPLE.number, REVISION_SUMMARY_EXAMPLE.id])).toString('base64url')
})

export const RevisionListQuery = Type.Object({ limit: PageQuery.limit, cursor: PageQuery.cursor }, { additionalProperties: false })

const RevisionNumber = Int({ minimum: 1, maximum: 2_147_483_647, description: 'The revision\'s number (see `number`).' })
export const RevisionParams = Type.Object({ idOrSlug: IdOrSlugParams.properties.idOrSlug, revision: RevisionNumber }, { additionalProperties: false })

export const RevisionDiffQuery = Type.Object({
  to: Type.Optional(Int({ minimum: 1, maximum: 2_147_483_647, description: 'The revision to compare with; default: the latest.' }))
}, { additionalProperties: false })

const WordChange = Type.Object({
  op: Type.Union([Type.Literal('equal'), Type.Literal('added'), Type.Literal('removed')]),
  text: Type.String()
}, { title: 'WordChange' })

const AnyValue = Type.Unsafe<unknown>({ description: 'The value in that revision (any JSON).' })

export const FieldChange = Type.Object({
  field: Type.String({ description: 'The article property that differs.' }),
  from: AnyValue,
  to: AnyValue,
  words: Type.Optional(Type.Array(WordChange, {
    description: 'For `title`, `summary` and `body` (paragraphs joined by a blank line): the text word by word, in order; ' +
      'joining the `equal` and `removed` parts gives `from`, the `equal` and `added` parts `to`.'
  })),
  added: Type.Optional(Type.Array(AnyValue, { description: 'For `topics`, `authors` and `quotes`: the items only `to` has.' })),
  removed: Type.Optional(Type.Array(AnyValue, { description: 'For `topics`, `authors` and `quotes`: the items only `from` has.' })),
  reordered: Type.Optional(Type.Boolean({ description: 'For `authors`: whether the authors in both revisions stand in another byline order.' })),
  changed: Type.Optional(Type.Array(Type.Object({
    id: Uuid,
    fields: Type.Array(Type.String()),
    words: Type.Optional(Type.Array(WordChange))
  }), { description: 'For `quotes`: quotes in both revisions that differ, with the fields that do and the text word by word.' }))
}, { title: 'FieldChange' })
export type FieldChangeDto = Static<typeof FieldChange>

const RevisionPoint = Type.Object({ number: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) })
export const RevisionDiff = Type.Object({
  from: RevisionPoint,
  to: RevisionPoint,
  changes: Type.Array(FieldChange, { description: 'One entry per property that differs (`version` and `updatedAt` left out), in the order of the article\'s properties.' })
}, { title: 'RevisionDiff', examples: [REVISION_DIFF_EXAMPLE] })
export type RevisionDiffDto = Static<typeof RevisionDiff>
