import { Type, type Static } from 'typebox'
import { DateTime, Nullable } from '../../lib/schema-types.js'
import { SpeakerLink } from '../speakers/schemas.js'
import { TopicLink } from '../topics/schemas.js'

/** A quote written as part of its article. */
export const QuoteInArticle = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 5000 }),
  speaker: SpeakerLink,
  saidAt: Type.Optional(Nullable(DateTime)),
  context: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  topics: Type.Optional(Type.Array(TopicLink, { maxItems: 50 }))
}, { additionalProperties: false })
export type QuoteInArticleDto = Static<typeof QuoteInArticle>
