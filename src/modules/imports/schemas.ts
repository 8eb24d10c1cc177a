import { Type, type Static } from 'typebox'
import { DateTime, HttpUrl, Nullable, Slug, Uuid } from '../../lib/schema-types.js'
import { ARTICLE_EXAMPLE, QUOTE_EXAMPLE, SPEAKER_SUMMARY_EXAMPLE, TOPIC_EXAMPLE, UNNAMED_QUOTE_EXAMPLE } from '../../lib/examples.js'
import { SpeakerKind } from '../speakers/schemas.js'
import { ArticleRef, Status } from '../articles/schemas.js'

const PAGE_EXAMPLE = 'Allies meet in Brussels\nWorld | 2 May 2024 | By Jane Doe\n' +
  'Foreign ministers met in Brussels on Thursday. "We will not look away," said Maria Lopez, the Spanish foreign minister.\n'

const HTML_EXAMPLE = '<html><head><link rel="canonical" href="https://example.org/news/2024/05/02/allies-meet-in-brussels">' +
  '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Allies meet in Brussels",' +
  '"datePublished":"2024-05-02T09:00:00Z","articleSection":"World","author":{"@type":"Person","name":"Jane Doe"}}</script></head>' +
  '<body><article><h1>Allies meet in Brussels</h1><p>Foreign ministers met in Brussels on Thursday. ' +
  '“We will not look away,” said Maria Lopez, the Spanish foreign minister.</p></article></body></html>'

// Page text: anything with a non-blank character; the parser decides whether it is an article.
const PageText = Type.String({ minLength: 1, maxLength: 900_000, pattern: '\\S', description: 'The article page as plain text, as copied or scraped: site chrome (menus, "Trending", share links) is removed.', examples: [PAGE_EXAMPLE] })
const PageHtml = Type.String({
  minLength: 1,
  maxLength: 900_000,
  pattern: '\\S',
  description: 'The saved article page as HTML: the story is found with Readability; headline, byline, section, date and canonical URL ' +
    'are read from JSON-LD (NewsArticle), Open Graph `article:*` and `<meta>` tags, else from the visible text.',
  examples: [HTML_EXAMPLE]
})

const importOptions = {
  sourceUrl: Type.Optional(Nullable(HttpUrl('An absolute http or https URL. Default: the page\'s canonical URL (HTML) when it is http(s), else null.'))),
  status: Type.Optional(Status),
  publishedAt: Type.Optional(Nullable(DateTime))
}
export const ImportRequest = Type.Union([
  Type.Object({ text: PageText, ...importOptions }, { additionalProperties: false, title: 'ImportTextRequest' }),
  Type.Object({ html: PageHtml, ...importOptions }, { additionalProperties: false, title: 'ImportHtmlRequest' })
], {
  title: 'ImportRequest',
  description: 'The page as `text` or as `html` (one of the two), with optional overrides.',
  examples: [
    { text: PAGE_EXAMPLE, sourceUrl: 'https://example.org/news/2024/05/02/allies-meet-in-brussels', status: 'draft' },
    { html: HTML_EXAMPLE, status: 'draft' }
  ]
})
export type ImportRequestDto = Static<typeof ImportRequest>

export const ImportTextBody = PageText
export const ImportHtmlBody = PageHtml

export const ImportQuery = Type.Object({
  dryRun: Type.Boolean({ default: false, description: 'Parse and match against stored topics and speakers, write nothing, answer with what would be created.' })
}, { additionalProperties: false })

const SpeakerSummary = Type.Object({
  id: Uuid, slug: Slug, name: Type.String(), kind: SpeakerKind, role: Nullable(Type.String()), organization: Nullable(Type.String())
})
/** Who said a quote then: the speaker's role and organisation in this story, or an unnamed source. */
const attribution = {
  speakerRole: Nullable(Type.String({ description: 'The speaker\'s role in this story (else their stored one).' })),
  speakerOrganization: Nullable(Type.String({ description: 'The speaker\'s organisation in this story, or the one an unnamed source speaks for.' })),
  speakerDescription: Nullable(Type.String({ description: 'An unnamed source as the story describes them ("a spokesperson for the airline").' }))
}

export const ImportedArticle = Type.Object({
  outcome: Type.Union([Type.Literal('created'), Type.Literal('existing')], { description: '`existing`: this page was imported before; nothing was written.' }),
  article: ArticleRef,
  quotes: Type.Array(Type.Object({
    id: Uuid,
    text: Type.String(),
    position: Type.Integer({ minimum: 0 }),
    context: Nullable(Type.String()),
    saidAt: Nullable(Type.String({ format: 'date-time' })),
    speaker: Type.Union([SpeakerSummary, Type.Null()], { description: 'Null for an unnamed source.' }),
    ...attribution
  }), { description: 'In article order.' }),
  topics: Type.Array(Type.Object({ id: Uuid, slug: Slug, name: Type.String(), aliases: Type.Array(Type.String()) }))
}, {
  title: 'ImportedArticle',
  examples: [{
    outcome: 'created',
    article: ARTICLE_EXAMPLE,
    quotes: [{
      id: QUOTE_EXAMPLE.id, text: QUOTE_EXAMPLE.text, position: QUOTE_EXAMPLE.position, context: QUOTE_EXAMPLE.context, saidAt: QUOTE_EXAMPLE.saidAt,
      speaker: SPEAKER_SUMMARY_EXAMPLE, speakerRole: 'Secretary General', speakerOrganization: 'NATO', speakerDescription: null
    }, {
      id: UNNAMED_QUOTE_EXAMPLE.id, text: UNNAMED_QUOTE_EXAMPLE.text, position: UNNAMED_QUOTE_EXAMPLE.position, context: UNNAMED_QUOTE_EXAMPLE.context,
      saidAt: UNNAMED_QUOTE_EXAMPLE.saidAt, speaker: null, speakerRole: null, speakerOrganization: 'NATO', speakerDescription: 'a NATO official'
    }],
    topics: [{ id: TOPIC_EXAMPLE.id, slug: TOPIC_EXAMPLE.slug, name: TOPIC_EXAMPLE.name, aliases: TOPIC_EXAMPLE.aliases }]
  }]
})

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
    sourceUrl: Nullable(Type.String({ format: 'uri' })),
    status: Status,
    publishedAt: Nullable(DateTime)
  }),
  quotes: Type.Array(Type.Object({
    text: Type.String(),
    position: Type.Integer({ minimum: 0 }),
    context: Nullable(Type.String()),
    speaker: Type.Union([Type.Object({ slug: Slug, name: Type.String() }), Type.Null()], { description: 'Null for an unnamed source.' }),
    ...attribution
  })),
  speakers: Type.Array(Type.Object({
    slug: Slug,
    name: Type.String(),
    kind: SpeakerKind,
    role: Nullable(Type.String()),
    organization: Nullable(Type.String()),
    exists: Type.Boolean({ description: 'A stored speaker would be reused, unchanged: the same name (or surname) and no conflicting organisation or role.' })
  })),
  topics: Type.Array(Type.Object({
    slug: Slug,
    name: Type.String(),
    kind: Nullable(Type.String({ description: 'organization, place, person or subject, as the parser saw it.' })),
    aliases: Type.Array(Type.String()),
    exists: Type.Boolean({ description: 'A stored topic (same slug, name or alias) would be reused, unchanged.' })
  })),
  authors: Type.Array(Type.Object({
    slug: Slug,
    name: Type.String(),
    exists: Type.Boolean({ description: 'A stored author (same name or slug) would be reused, unchanged.' })
  }), { description: 'The people the byline names, in order; agencies and staff credits ("Reuters", "Staff Reporter") stay in `byline` only.' })
}, {
  title: 'ImportPreview',
  examples: [{
    outcome: 'preview',
    article: {
      externalId: 'import:5f0c8a4e1b2d3c4f', slug: 'allies-meet-in-brussels', title: 'Allies meet in Brussels', section: 'World', byline: 'Jane Doe',
      summary: null, body: ['Foreign ministers met in Brussels on Thursday. "We will not look away," said Maria Lopez, the Spanish foreign minister.'],
      sourceUrl: null, status: 'draft', publishedAt: '2024-05-02T00:00:00.000Z'
    },
    quotes: [{
      text: 'We will not look away.', position: 0, context: null, speaker: { slug: 'maria-lopez', name: 'Maria Lopez' },
      speakerRole: 'Spanish foreign minister', speakerOrganization: null, speakerDescription: null
    }],
    speakers: [{ slug: 'maria-lopez', name: 'Maria Lopez', kind: 'person', role: 'Spanish foreign minister', organization: null, exists: false }],
    topics: [{ slug: 'brussels', name: 'Brussels', kind: 'place', aliases: [], exists: true }],
    authors: [{ slug: 'jane-doe', name: 'Jane Doe', exists: false }]
  }]
})
