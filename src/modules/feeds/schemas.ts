import { Type, type TSchema } from 'typebox'
import { ARTICLE_EXAMPLE, AUTHOR_SUMMARY_EXAMPLE, CORRECTION_EXAMPLE, QUOTE_EXAMPLE, SPEAKER_EXAMPLE } from '../../lib/examples.js'
import { SLUG_MAX_LENGTH } from '../../lib/slugs.js'
import { articleEntry, correctionsHtml, quoteEntry, type FeedEntry } from './entries.js'
import { FEED_MEDIA_TYPES, renderFeed, type FeedChannel, type FeedFormat } from './render.js'

export const SectionParams = Type.Object({
  section: Type.String({ minLength: 1, maxLength: SLUG_MAX_LENGTH, description: 'The section\'s name, as stories carry it (`World`).' })
}, { additionalProperties: false })

const JsonFeedAuthor = Type.Object({
  name: Type.String(),
  url: Type.Optional(Type.String({ format: 'uri' }))
})

const JsonFeedItem = Type.Object({
  id: Type.String({ description: '`urn:uuid:<id>` of the story (or quote): stable across edits, slug changes included.' }),
  url: Type.String({ format: 'uri', description: 'Where a reader reads it (PUBLIC_ARTICLE_URL).' }),
  title: Type.String(),
  content_html: Type.String(),
  summary: Type.Optional(Type.String()),
  date_published: Type.Optional(Type.String({ format: 'date-time' })),
  date_modified: Type.String({ format: 'date-time' }),
  authors: Type.Optional(Type.Array(JsonFeedAuthor)),
  tags: Type.Optional(Type.Array(Type.String()))
})

// The example feeds are rendered by the code that renders real ones, from the sample story.
const API = 'https://api.news.example.com'
const SITE = 'https://news.example.com/'
const articleUrl = (slug: string): string => `https://news.example.com/world/${slug}`
const exampleUrls = { api: API, site: SITE, apiPath: (path: string) => `${API}${path}`, article: (a: { slug: string }) => articleUrl(a.slug) }
const sampleArticle = {
  ...ARTICLE_EXAMPLE,
  publishedAt: new Date(ARTICLE_EXAMPLE.publishedAt),
  createdAt: new Date(ARTICLE_EXAMPLE.createdAt),
  updatedAt: new Date(ARTICLE_EXAMPLE.updatedAt)
}
const sampleEntry = articleEntry(sampleArticle, exampleUrls)
const sampleCorrection = { ...CORRECTION_EXAMPLE, createdAt: new Date(CORRECTION_EXAMPLE.createdAt), superseded: false }
// As the enrichers leave it: topics, author records, corrections (entries.ts).
const articleEntries: FeedEntry[] = [{
  ...sampleEntry,
  categories: ['World', 'Afghanistan', 'NATO'],
  authors: [AUTHOR_SUMMARY_EXAMPLE.name],
  contentHtml: sampleEntry.contentHtml + correctionsHtml([sampleCorrection]),
  updated: sampleCorrection.createdAt > sampleEntry.updated ? sampleCorrection.createdAt : sampleEntry.updated
}]
const quoteEntries: FeedEntry[] = [quoteEntry({
  ...QUOTE_EXAMPLE,
  saidAt: new Date(QUOTE_EXAMPLE.saidAt),
  updatedAt: new Date(QUOTE_EXAMPLE.updatedAt),
  article: { id: ARTICLE_EXAMPLE.id, slug: ARTICLE_EXAMPLE.slug, title: ARTICLE_EXAMPLE.title, section: 'World', publishedAt: sampleArticle.publishedAt }
}, SPEAKER_EXAMPLE.name, exampleUrls)]

const channel = (path: string, title: string, description: string): FeedChannel => ({
  id: `${API}${path}.atom`,
  title,
  description,
  link: SITE,
  self: { rss: `${API}${path}.rss`, atom: `${API}${path}.atom`, json: `${API}${path}.json` },
  language: 'en',
  publisher: { name: 'Newsdesk', link: SITE },
  updated: sampleArticle.updatedAt
})

/** An example body of each kind of feed in each format. */
export function feedExample (kind: 'articles' | 'quotes', format: FeedFormat): string {
  const entries = kind === 'articles' ? articleEntries : quoteEntries
  const example = kind === 'articles'
    ? channel('/v1/feeds/articles', 'Newsdesk', 'The newest stories.')
    : channel(`/v1/feeds/speakers/${SPEAKER_EXAMPLE.slug}`, 'Jens Stoltenberg · Newsdesk', 'What Jens Stoltenberg said, newest first.')
  return renderFeed(format, example, entries)
}

/** The 200 of a feed route in `format`: its media type, schema and example. */
export function feedResponse (kind: 'articles' | 'quotes', format: FeedFormat): { description: string, content: Record<string, { schema: TSchema }> } {
  const example = feedExample(kind, format)
  const schema = format === 'json'
    ? Type.Object({
      version: Type.Literal('https://jsonfeed.org/version/1.1'),
      title: Type.String(),
      home_page_url: Type.String({ format: 'uri' }),
      feed_url: Type.String({ format: 'uri' }),
      description: Type.Optional(Type.String()),
      language: Type.String(),
      authors: Type.Optional(Type.Array(JsonFeedAuthor)),
      items: Type.Array(JsonFeedItem)
    }, { title: kind === 'articles' ? 'JsonFeed' : 'QuoteJsonFeed', description: 'JSON Feed 1.1 (https://jsonfeed.org/version/1.1).' })
    : Type.String({ description: format === 'rss' ? 'RSS 2.0' : 'Atom 1.0 (RFC 4287)' })
  const described: Record<FeedFormat, string> = {
    rss: 'RSS 2.0: dates RFC 822, `guid` the story\'s `urn:uuid` (isPermaLink="false").',
    atom: 'Atom 1.0: dates RFC 3339, entry `id` the story\'s `urn:uuid`.',
    json: 'JSON Feed 1.1: dates RFC 3339, item `id` the story\'s `urn:uuid`.'
  }
  return {
    description: described[format],
    content: { [FEED_MEDIA_TYPES[format]]: { schema: { ...schema, examples: [format === 'json' ? JSON.parse(example) : example] } } }
  }
}
