import { Readable } from 'node:stream'
import { ErrorLevel, SitemapIndexStream, SitemapStream, streamToPromise, type IndexItem, type SitemapItemLoose } from 'sitemap'

// Sitemap XML written by the `sitemap` library, which escapes every value and checks each
// entry (ErrorLevel.THROW: an entry it finds invalid is a bug here, not something to ship).

const NO_EXTENSIONS = { news: false, video: false, xhtml: false, image: false }

async function written (stream: SitemapStream | SitemapIndexStream, items: Array<SitemapItemLoose | IndexItem>): Promise<string> {
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8')
}

const NEWS_NAMESPACE = 'http://www.google.com/schemas/sitemap-news/0.9'

/** A sitemap of `items`; `news` adds the Google News namespace. */
export async function sitemapXml (items: SitemapItemLoose[], options: { news?: boolean } = {}): Promise<string> {
  // The library refuses to end a sitemap it wrote nothing into; an empty archive (or two quiet
  // days for the news sitemap) is an empty <urlset>, not an error.
  if (items.length === 0) {
    return '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' +
      `${options.news ? ` xmlns:news="${NEWS_NAMESPACE}"` : ''}></urlset>`
  }
  return written(new SitemapStream({ level: ErrorLevel.THROW, xmlns: { ...NO_EXTENSIONS, news: options.news ?? false } }), items)
}

/** A sitemap index of `items`. */
export function sitemapIndexXml (items: IndexItem[]): Promise<string> {
  return written(new SitemapIndexStream({ level: ErrorLevel.THROW }), items)
}
