import { Feed } from 'feed'
import { xmlText } from '../../lib/xml-text.js'
import type { FeedEntry } from './entries.js'

// RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one list of entries, written by the `feed`
// library. Its JSON output is JSON Feed 1.0; render lifts it to 1.1 (the version URL, `authors`
// lists instead of `author`, `language`), the only changes between the two that apply here.

export const FEED_FORMATS = ['rss', 'atom', 'json'] as const
export type FeedFormat = typeof FEED_FORMATS[number]

export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json'
}

export interface FeedChannel {
  /** Permanent id of the feed (Atom `id`). */
  id: string
  title: string
  description: string
  /** The HTML page the feed is about. */
  link: string
  /** This feed in each format, absolute. */
  self: Record<FeedFormat, string>
  language: string
  publisher: { name: string, link: string }
  /** The newest change among the entries (or of the subject when there are none). */
  updated: Date
}

// The library writes text in CDATA sections and splits only the first `]]>`: HTML may carry it
// escaped (`&gt;` reads the same), a plain title with a space.
const cdataHtml = (html: string): string => xmlText(html).replaceAll(']]>', ']]&gt;')
const cdataText = (text: string): string => xmlText(text).replaceAll(']]>', ']] >')

function buildFeed (channel: FeedChannel, entries: FeedEntry[]): Feed {
  const feed = new Feed({
    id: channel.id,
    title: xmlText(channel.title),
    description: xmlText(channel.description),
    link: channel.link,
    language: channel.language,
    updated: channel.updated,
    generator: 'Newsdesk',
    feedLinks: channel.self,
    author: { name: xmlText(channel.publisher.name), link: channel.publisher.link }
  })
  for (const entry of entries) {
    feed.addItem({
      id: entry.guid,
      guid: entry.guid,
      title: cdataText(entry.title),
      link: entry.link,
      date: entry.updated,
      ...(entry.published && { published: entry.published }),
      ...(entry.summary && { description: cdataHtml(entry.summary.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!)) }),
      content: cdataHtml(entry.contentHtml),
      // The library reads the first author of a non-empty list only.
      ...(entry.authors.length > 0 && { author: entry.authors.map((name) => ({ name: xmlText(name) })) }),
      // Atom needs a category's `term`; `name` is its label (and RSS's and JSON Feed's tag).
      category: entry.categories.map((name) => ({ name: xmlText(name), term: xmlText(name) }))
    })
  }
  return feed
}

interface JsonFeedOut { [key: string]: unknown, items: Array<Record<string, unknown>> }

/** The library's JSON Feed 1.0 as JSON Feed 1.1. */
function jsonFeed11 (feed: Feed, channel: FeedChannel, entries: FeedEntry[]): string {
  const out = JSON.parse(feed.json1()) as JsonFeedOut
  const { version: _version, author, ...rest } = out
  const items = out.items.map((item, i) => {
    const { author: _author, ...keep } = item
    const { authors, summary } = entries[i]!
    return {
      ...keep,
      // JSON Feed's summary is plain text (RSS and Atom carry it as HTML).
      ...(summary && { summary: xmlText(summary) }),
      ...(authors.length > 0 && { authors: authors.map((name) => ({ name })) })
    }
  })
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    ...rest,
    language: channel.language,
    ...(author !== undefined && { authors: [author] }),
    items
  })
}

/** The feed in `format`: its body and its media type. */
export function renderFeed (format: FeedFormat, channel: FeedChannel, entries: FeedEntry[]): string {
  const feed = buildFeed(channel, entries)
  if (format === 'rss') return feed.rss2()
  if (format === 'atom') return feed.atom1()
  return jsonFeed11(feed, channel, entries)
}
