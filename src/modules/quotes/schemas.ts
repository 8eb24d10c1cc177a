import { Type, type Static } from 'typebox'
import { QUOTE_CREATE_EXAMPLE, QUOTE_EXAMPLE, QUOTE_UPDATE_EXAMPLE, QUOTE_WITH_SPEAKER_EXAMPLE, UNNAMED_QUOTE_CREATE_EXAMPLE, UNNAMED_QUOTE_EXAMPLE, page } from '../../lib/examples.js'
import { CsvOf, FieldsParam, SlugCsv, optionalProperties } from '../../lib/list-params.js'
import { PageOf, PageQuery, sortPattern, type SortField } from '../../lib/pagination.js'
import { DateTime, Int, Nullable, Uuid } from '../../lib/schema-types.js'
import type { ArticleSummaryDto } from '../articles/schemas.js'
import { SpeakerLink, SpeakerSummaryRef } from '../speakers/schemas.js'
import { TopicLink, TopicSummaryRef } from '../topics/schemas.js'

/** Who said it: a speaker by slug or name, or null for an unnamed source. */
const QuoteSpeaker = Type.Union([SpeakerLink, Type.Null()], {
  description: 'The speaker (an existing one by `slug`, or by `name`, created when new), or null for an unnamed source ' +
    '("a spokesperson said"): then give `speakerDescription`.'
})
/** The attribution as said at the time: the speaker's role and organisation, or an unnamed source's description. */
const attribution = {
  speakerRole: Nullable(Type.String({ maxLength: 200, description: 'The speaker\'s role when this was said. Default: their role now.' })),
  speakerOrganization: Nullable(Type.String({
    maxLength: 200,
    description: 'The speaker\'s organisation when this was said (default: their organisation now), or the organisation an unnamed source speaks for.'
  })),
  speakerDescription: Nullable(Type.String({ maxLength: 300, description: 'An unnamed source as the story describes them ("a spokesperson for the airline").' }))
}

/** A quote written as part of its article. */
export const QuoteInArticle = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 5000 }),
  speaker: QuoteSpeaker,
  speakerRole: Type.Optional(attribution.speakerRole),
  speakerOrganization: Type.Optional(attribution.speakerOrganization),
  speakerDescription: Type.Optional(attribution.speakerDescription),
  saidAt: Type.Optional(Nullable(DateTime)),
  context: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  topics: Type.Optional(Type.Array(TopicLink, { maxItems: 50 }))
}, { additionalProperties: false })
export type QuoteInArticleDto = Static<typeof QuoteInArticle>

const ArticleSummaryRef = Type.Unsafe<ArticleSummaryDto>(Type.Ref('ArticleSummary'))

const quoteProperties = {
  text: Type.String(),
  length: Type.Integer({ minimum: 0, description: 'Length of `text` in characters.' }),
  speakerId: Nullable(Type.String({ format: 'uuid', description: 'Null for an unnamed source (see `speakerDescription`).' })),
  speakerRole: Nullable(Type.String({ description: 'The speaker\'s role when this was said.' })),
  speakerOrganization: Nullable(Type.String({ description: 'The speaker\'s organisation when this was said, or the one an unnamed source speaks for.' })),
  speakerDescription: Nullable(Type.String({ description: 'An unnamed source as the story describes them ("a spokesperson for the airline"); null for a named speaker.' })),
  articleId: Uuid,
  position: Type.Integer({ minimum: 0, description: 'Order of the quote within its article.' }),
  saidAt: Nullable(DateTime),
  context: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ minimum: 1 })
}
const quoteEmbeds = {
  speaker: Type.Optional(Type.Union([SpeakerSummaryRef, Type.Null()], { description: 'With `include=speaker`; null for an unnamed source.' })),
  article: Type.Optional(ArticleSummaryRef),
  topics: Type.Optional(Type.Array(TopicSummaryRef))
}
export const QUOTE_FIELDS = Object.keys(quoteProperties)
export const QUOTE_INCLUDES = ['speaker', 'article', 'topics'] as const
export type QuoteInclude = typeof QUOTE_INCLUDES[number]

export const Quote = Type.Object({ id: Uuid, ...quoteProperties, ...quoteEmbeds }, {
  $id: 'Quote',
  title: 'Quote',
  description: 'Who said what, when, in which article. `speaker`, `article` and `topics` only with `include=`.',
  examples: [QUOTE_EXAMPLE, QUOTE_WITH_SPEAKER_EXAMPLE, UNNAMED_QUOTE_EXAMPLE]
})
export type QuoteDto = Static<typeof Quote>
export const QuoteRef = Type.Unsafe<QuoteDto>(Type.Ref('Quote'))
export const QuoteListItem = Type.Object({ id: Uuid, ...optionalProperties(quoteProperties), ...quoteEmbeds }, {
  $id: 'QuoteListItem',
  title: 'QuoteListItem',
  description: 'A quote in a list: every property is present unless `fields=` leaves it out.',
  examples: [QUOTE_EXAMPLE]
})
export const QuotePage = PageOf(Type.Unsafe<Partial<QuoteDto> & { id: string }>(Type.Ref('QuoteListItem')), 'Quote',
  page(QUOTE_EXAMPLE, '-saidAt', QUOTE_EXAMPLE.saidAt))

export const QUOTE_SORTS: Record<string, SortField> = {
  saidAt: { column: 'saidAt', type: 'date', nullable: true },
  createdAt: { column: 'createdAt', type: 'date' },
  position: { column: 'position', type: 'number' }
}

/** The filters of the quote list, shared by `/quotes/random`. */
export const quoteFilters = {
  speaker: SlugCsv('Only quotes by these speakers (slugs, any of).'),
  topic: SlugCsv('Only quotes on any of these topics (slugs).'),
  article: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only quotes from this article (id or slug).' })),
  saidAfter: Type.Optional(Type.String({ format: 'date-time', description: 'Said at or after this time.' })),
  saidBefore: Type.Optional(Type.String({ format: 'date-time', description: 'Said before this time.' })),
  minLength: Type.Optional(Int({ minimum: 0, maximum: 100_000, description: 'At least this many characters.' })),
  maxLength: Type.Optional(Int({ minimum: 0, maximum: 100_000, description: 'At most this many characters.' }))
}
export type QuoteFilterDto = { [K in keyof typeof quoteFilters]?: Static<typeof quoteFilters[K]> }
const includeParam = CsvOf(QUOTE_INCLUDES, 'Embed these relations.')

export const QuoteListQuery = Type.Object({
  ...PageQuery,
  sort: Type.Optional(Type.String({
    pattern: sortPattern(QUOTE_SORTS),
    description: 'Sort field, `-` for descending. Default `-saidAt` (unknown dates last); `position` only within one article.'
  })),
  ...quoteFilters,
  fields: FieldsParam(QUOTE_FIELDS),
  include: includeParam
}, { additionalProperties: false })
export type QuoteListQueryDto = Static<typeof QuoteListQuery>

export const QuoteRandomQuery = Type.Object({ ...quoteFilters, include: includeParam }, { additionalProperties: false })
export const QuoteGetQuery = Type.Object({ include: includeParam }, { additionalProperties: false })
export const QuoteIdParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'The quote id (quotes have no slug).' }) }, { additionalProperties: false })

const writable = {
  text: Type.String({ minLength: 1, maxLength: 5000 }),
  speaker: QuoteSpeaker,
  ...attribution,
  position: Int({ minimum: 0, maximum: 100_000 }),
  saidAt: Nullable(DateTime),
  context: Nullable(Type.String({ maxLength: 2000 })),
  topics: Type.Array(TopicLink, { maxItems: 50, description: 'Replaces the whole topic list.' })
}
export const QuoteCreate = Type.Object({
  text: writable.text,
  speaker: writable.speaker,
  speakerRole: Type.Optional(writable.speakerRole),
  speakerOrganization: Type.Optional(writable.speakerOrganization),
  speakerDescription: Type.Optional(writable.speakerDescription),
  article: Type.String({ minLength: 1, maxLength: 200, description: 'The article (id or slug) the quote appears in.' }),
  position: Type.Optional(writable.position),
  saidAt: Type.Optional(writable.saidAt),
  context: Type.Optional(writable.context),
  topics: Type.Optional(writable.topics)
}, {
  additionalProperties: false,
  title: 'QuoteCreate',
  description: 'Without `position`, the quote goes last in its article; without `saidAt`, it takes the article\'s publication time; ' +
    'without `speakerRole` / `speakerOrganization`, the speaker\'s current ones are recorded. `speaker: null` is an unnamed source.',
  examples: [QUOTE_CREATE_EXAMPLE, UNNAMED_QUOTE_CREATE_EXAMPLE]
})
export type QuoteCreateDto = Static<typeof QuoteCreate>
export const QuoteUpdate = Type.Object(optionalProperties(writable), {
  additionalProperties: false, minProperties: 1, title: 'QuoteUpdate', description: 'Only the properties sent change. A new `speaker` records their current role and organisation unless these are sent too.', examples: [QUOTE_UPDATE_EXAMPLE]
})
export type QuoteUpdateDto = Static<typeof QuoteUpdate>
