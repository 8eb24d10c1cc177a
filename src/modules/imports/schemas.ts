import { Type, type Static } from 'typebox'
import { DateTime, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { ArticleRef, Status } from '../articles/schemas.js'

// Page text: anything with a non-blank character; the parser decides whether it is an article.
const PageText = Type.String({ minLength: 1, maxLength: 900_000, pattern: '\\S', description: 'The article page as plain text, as copied or scraped: site chrome (menus, "Trending", share links) is removed.' })

export const ImportRequest = Type.Object({
  text: PageText,
  sourceUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 2000 }))),
  status: Type.Optional(Status),
  publishedAt: Type.Optional(Nullable(DateTime))
}, { additionalProperties: false, title: 'ImportRequest' })
export type ImportRequestDto = Static<typeof ImportRequest>

export const ImportTextBody = PageText

export const ImportQuery = Type.Object({
  dryRun: Type.Boolean({ default: false, description: 'Parse and match against stored topics and speakers, write nothing, answer with what would be created.' })
}, { additionalProperties: false })

const SpeakerSummary = Type.Object({
  id: Uuid, slug: Slug, name: Type.String(), role: Nullable(Type.String()), organization: Nullable(Type.String())
})

export const ImportedArticle = Type.Object({
  outcome: Type.Union([Type.Literal('created'), Type.Literal('existing')], { description: '`existing`: this text was imported before; nothing was written.' }),
  article: ArticleRef,
  quotes: Type.Array(Type.Object({
    id: Uuid,
    text: Type.String(),
    position: Type.Integer({ minimum: 0 }),
    context: Nullable(Type.String()),
    saidAt: Nullable(Type.String({ format: 'date-time' })),
    speaker: SpeakerSummary
  }), { description: 'In article order.' }),
  topics: Type.Array(Type.Object({ id: Uuid, slug: Slug, name: Type.String(), aliases: Type.Array(Type.String()) }))
}, { title: 'ImportedArticle' })

export const ImportPreview = Type.Object({
  outcome: Type.Literal('preview'),
  article: Type.Object({
    externalId: Type.String({ description: '`import:` and a hash of the normalised text: the same text always gets the same id.' }),
    slug: Type.String({ description: 'The slug it would get now.' }),
    title: Type.String(),
    section: Nullable(Type.String()),
    byline: Nullable(Type.String()),
    summary: Nullable(Type.String()),
    body: Type.Array(Type.String()),
    sourceUrl: Nullable(Type.String()),
    status: Status,
    publishedAt: Nullable(Type.String())
  }),
  quotes: Type.Array(Type.Object({
    text: Type.String(),
    position: Type.Integer({ minimum: 0 }),
    context: Nullable(Type.String()),
    speaker: Type.Object({ slug: Slug, name: Type.String() })
  })),
  speakers: Type.Array(Type.Object({
    slug: Slug,
    name: Type.String(),
    role: Nullable(Type.String()),
    organization: Nullable(Type.String()),
    exists: Type.Boolean({ description: 'A stored speaker with this slug would be reused, unchanged.' })
  })),
  topics: Type.Array(Type.Object({
    slug: Slug,
    name: Type.String(),
    kind: Nullable(Type.String({ description: 'organization, place, person or subject, as the parser saw it.' })),
    aliases: Type.Array(Type.String()),
    exists: Type.Boolean({ description: 'A stored topic (same slug, name or alias) would be reused, unchanged.' })
  }))
}, { title: 'ImportPreview' })
