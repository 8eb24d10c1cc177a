import { parseFeed } from '@rowanmanning/feed-parser'
import { XMLParser, XMLValidator } from 'fast-xml-parser'

// Independent checks of a feed as a feed reader and a validator see it: well-formed XML (or
// JSON), the elements each format requires, dates in the format's own syntax, absolute links.
// Each returns the problems found (empty when none) and the entries as a reader reads them.

export interface ReadEntry { id: string, title: string, link: string, published: string | null, updated: string | null, authors: string[], content: string | null }
export interface ReadFeed { problems: string[], title: string, entries: ReadEntry[] }

// RFC 822 (as RFC 1123 updates it): "Wed, 02 Oct 2002 13:00:00 GMT".
export const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UT|[+-]\d{4})$/
// RFC 3339: "2002-10-02T10:00:00.000Z" or with an offset.
export const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const absolute = (url: unknown): boolean => typeof url === 'string' && /^https?:\/\/[^/\s]+/.test(url)

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry', 'link', 'category', 'author'].includes(name) })
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value)
const text = (node: unknown): string => (typeof node === 'object' && node !== null ? String((node as Record<string, unknown>)['#text'] ?? '') : String(node ?? ''))

export function readRss (xml: string): ReadFeed {
  const problems: string[] = []
  const valid = XMLValidator.validate(xml)
  if (valid !== true) return { problems: [`not well-formed XML: ${JSON.stringify(valid)}`], title: '', entries: [] }
  const doc = parser.parse(xml)
  const channel = doc.rss?.channel
  if (doc.rss?.['@version'] !== '2.0') problems.push('rss@version is not 2.0')
  for (const required of ['title', 'link', 'description']) if (channel?.[required] === undefined) problems.push(`channel has no <${required}>`)
  if (!absolute(first(channel?.link))) problems.push(`channel link is not absolute: ${channel?.link}`)
  if (channel?.lastBuildDate !== undefined && !RFC_822.test(channel.lastBuildDate)) problems.push(`lastBuildDate is not RFC 822: ${channel.lastBuildDate}`)
  for (const item of channel?.item ?? []) {
    if (item.title === undefined && item.description === undefined) problems.push('an item has neither title nor description')
    if (!absolute(first(item.link))) problems.push(`item link is not absolute: ${item.link}`)
    if (item.pubDate !== undefined && !RFC_822.test(item.pubDate)) problems.push(`pubDate is not RFC 822: ${item.pubDate}`)
    if (item.guid?.['@isPermaLink'] !== 'false') problems.push('guid is not marked isPermaLink="false"')
  }
  // And as a feed reader reads it.
  const read = parseFeed(xml)
  return {
    problems,
    title: read.title ?? '',
    entries: read.items.map((item) => ({ id: item.id ?? '', title: item.title ?? '', link: item.url ?? '', published: item.published?.toISOString() ?? null, updated: null, authors: item.authors.map((author) => author.name ?? ''), content: item.content }))
  }
}

export function readAtom (xml: string): ReadFeed {
  const problems: string[] = []
  const valid = XMLValidator.validate(xml)
  if (valid !== true) return { problems: [`not well-formed XML: ${JSON.stringify(valid)}`], title: '', entries: [] }
  const doc = parser.parse(xml)
  const feed = doc.feed
  if (feed?.['@xmlns'] !== 'http://www.w3.org/2005/Atom') problems.push('not in the Atom namespace')
  for (const required of ['id', 'title', 'updated']) if (feed?.[required] === undefined) problems.push(`feed has no <${required}>`)
  if (!RFC_3339.test(text(feed?.updated))) problems.push(`feed updated is not RFC 3339: ${text(feed?.updated)}`)
  const feedAuthor = feed?.author !== undefined
  const selfLink = (feed?.link ?? []).find((link: Record<string, string>) => link['@rel'] === 'self')
  if (!absolute(selfLink?.['@href'])) problems.push('no absolute rel="self" link')
  for (const entry of feed?.entry ?? []) {
    for (const required of ['id', 'title', 'updated']) if (entry[required] === undefined) problems.push(`an entry has no <${required}>`)
    if (!RFC_3339.test(text(entry.updated))) problems.push(`entry updated is not RFC 3339: ${text(entry.updated)}`)
    if (entry.published !== undefined && !RFC_3339.test(text(entry.published))) problems.push(`entry published is not RFC 3339: ${text(entry.published)}`)
    if (!feedAuthor && entry.author === undefined) problems.push('an entry has no author and the feed none either (RFC 4287 4.1.1)')
    if (!(entry.category ?? []).every((category: Record<string, string>) => typeof category['@term'] === 'string')) problems.push('a category has no term')
    if (!(entry.link ?? []).every((link: Record<string, string>) => absolute(link['@href']))) problems.push('an entry link is not absolute')
  }
  const read = parseFeed(xml)
  return {
    problems,
    title: read.title ?? '',
    entries: read.items.map((item) => ({ id: item.id ?? '', title: item.title ?? '', link: item.url ?? '', published: item.published?.toISOString() ?? null, updated: item.updated?.toISOString() ?? null, authors: item.authors.map((author) => author.name ?? ''), content: item.content }))
  }
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): its required members and formats. */
export function readJsonFeed (body: string): ReadFeed {
  const problems: string[] = []
  let feed: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    feed = JSON.parse(body)
  } catch {
    return { problems: ['not JSON'], title: '', entries: [] }
  }
  if (feed.version !== 'https://jsonfeed.org/version/1.1') problems.push(`version is ${feed.version}`)
  if (typeof feed.title !== 'string') problems.push('no title')
  if (!Array.isArray(feed.items)) problems.push('no items')
  for (const key of ['home_page_url', 'feed_url']) if (feed[key] !== undefined && !absolute(feed[key])) problems.push(`${key} is not absolute`)
  if (feed.author !== undefined) problems.push('`author` is deprecated in 1.1 (use `authors`)')
  for (const item of feed.items ?? []) {
    if (typeof item.id !== 'string' || item.id === '') problems.push('an item has no id')
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string') problems.push('an item has neither content_html nor content_text')
    if (!absolute(item.url)) problems.push(`item url is not absolute: ${item.url}`)
    for (const key of ['date_published', 'date_modified']) if (item[key] !== undefined && !RFC_3339.test(item[key])) problems.push(`${key} is not RFC 3339: ${item[key]}`)
    if (item.author !== undefined) problems.push('item `author` is deprecated in 1.1')
  }
  return {
    problems,
    title: feed.title,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    entries: (feed.items ?? []).map((item: Record<string, any>) => ({
      id: item.id, title: item.title, link: item.url, published: item.date_published ?? null, updated: item.date_modified ?? null,
      authors: (item.authors ?? []).map((author: { name: string }) => author.name), content: item.content_html ?? null
    }))
  }
}

export const readers = { rss: readRss, atom: readAtom, json: readJsonFeed }
