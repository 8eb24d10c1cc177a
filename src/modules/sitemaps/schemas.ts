import { Type, type TSchema } from 'typebox'
import { ARTICLE_EXAMPLE } from '../../lib/examples.js'

export const SITEMAP_MEDIA_TYPE = 'application/xml'

export const SitemapPageQuery = Type.Object({
  after: Type.Optional(Type.String({
    maxLength: 512,
    description: 'Where the page starts: the cursor the sitemap index gives each page after the first (a story\'s creation time and id).'
  }))
}, { additionalProperties: false })

const API = 'https://api.news.example.com'
const STORY = `https://news.example.com/world/${ARTICLE_EXAMPLE.slug}`
const AFTER = Buffer.from(JSON.stringify(['createdAt', ARTICLE_EXAMPLE.createdAt, ARTICLE_EXAMPLE.id])).toString('base64url')

const INDEX_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
  `<sitemap><loc>${API}/v1/sitemaps/articles.xml</loc><lastmod>2024-05-02T09:30:00.000Z</lastmod></sitemap>` +
  `<sitemap><loc>${API}/v1/sitemaps/articles.xml?after=${AFTER}</loc><lastmod>2024-05-02T09:30:00.000Z</lastmod></sitemap>` +
  `<sitemap><loc>${API}/v1/sitemaps/news.xml</loc></sitemap></sitemapindex>`
const PAGE_EXAMPLE = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
  `<url><loc>${STORY}</loc><lastmod>${ARTICLE_EXAMPLE.updatedAt}</lastmod></url></urlset>`
const NEWS_EXAMPLE = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" ' +
  'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' +
  `<url><loc>${STORY}</loc><lastmod>${ARTICLE_EXAMPLE.updatedAt}</lastmod><news:news><news:publication><news:name>Newsdesk</news:name>` +
  `<news:language>en</news:language></news:publication><news:publication_date>${ARTICLE_EXAMPLE.publishedAt}</news:publication_date>` +
  `<news:title>${ARTICLE_EXAMPLE.title}</news:title></news:news></url></urlset>`

const xml = (description: string, example: string): { description: string, content: Record<string, { schema: TSchema }> } => ({
  description,
  content: { [SITEMAP_MEDIA_TYPE]: { schema: Type.String({ description, examples: [example] }) } }
})

export const SITEMAP_RESPONSES = {
  index: xml('A sitemap index (sitemaps.org 0.9): every article sitemap, then the news sitemap.', INDEX_EXAMPLE),
  page: xml('A sitemap (sitemaps.org 0.9) of at most SITEMAP_PAGE_SIZE (50,000) stories: `loc` their public URL, `lastmod` their last change.', PAGE_EXAMPLE),
  news: xml('A Google News sitemap: the stories published in the last 48 hours (at most 1,000), newest first.', NEWS_EXAMPLE)
}
