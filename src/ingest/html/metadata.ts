// The article's metadata as publishers declare it, most specific source first: JSON-LD
// (NewsArticle and kin), Open Graph `article:*`, then plain and vendor <meta> tags (Parse.ly,
// Sailthru, Dublin Core) and <link rel=canonical>. Anything missing here is left null for
// the caller to read from the visible text.
import { parseDate } from '../dates.js'
import { normalizeForMatch } from '../text.js'
import { cleanText, metaContent, metaContents, type DomDocument } from './dom.js'
import { isArticleNode, jsonLdNodes, namesOf, textOf, typesOf, urlOf, type JsonLdNode } from './json-ld.js'

export interface PageMetadata {
  title: string | null
  byline: string | null
  section: string | null
  /** ISO 8601 UTC. */
  publishedAt: string | null
  /** Absolute http(s) URL. */
  canonicalUrl: string | null
}

const PUBLISHED_META = ['article:published_time', 'og:article:published_time', 'datePublished', 'parsely-pub-date', 'sailthru.date',
  'article:publicationdate', 'pubdate', 'publishdate', 'publish-date', 'publish_date', 'publication_date', 'article.published', 'dc.date.issued',
  'dcterms.issued', 'dc.date', 'dc.date.created', 'dcterms.date', 'dcterms.created', 'displaydate', 'date']
const AUTHOR_META = ['author', 'article:author', 'parsely-author', 'sailthru.author', 'byl', 'dc.creator', 'dcterms.creator']
const SECTION_META = ['article:section', 'parsely-section', 'section', 'articleSection', 'category', 'dc.subject']
const TITLE_META = ['og:title', 'twitter:title', 'parsely-title', 'title', 'dc.title']

export function readMetadata (document: DomDocument): PageMetadata {
  const nodes = jsonLdNodes(document)
  const canonicalUrl = canonicalOf(document, nodes)
  const article = mainArticleNode(nodes, canonicalUrl)
  const siteName = metaContent(document, ['og:site_name', 'application-name'])
  const declaredTitle = (article && textOf(article.headline ?? article.name, nodes)) ?? withoutSiteName(metaContent(document, TITLE_META), siteName)
  return {
    // Without a declared headline, the page's own h1 (the visible text) is the headline.
    title: declaredTitle ? printedHeadline(document, declaredTitle) : documentTitleHeading(document, siteName) ?? firstHeadline(document),
    byline: bylineOf(article, nodes, document),
    section: sectionOf(article, nodes, document, canonicalUrl),
    publishedAt: firstDate([article && textOf(article.datePublished ?? article.dateCreated), ...metaContents(document, PUBLISHED_META), ...timeElements(document),
      ...printedDates(document)]),
    canonicalUrl
  }
}

/** The article node about this page: the one whose URL is the canonical URL, else the first with a headline. */
function mainArticleNode (nodes: JsonLdNode[], canonicalUrl: string | null): JsonLdNode | null {
  const articles = nodes.filter(isArticleNode)
  const same = (url: string | null): boolean => url !== null && canonicalUrl !== null && sameUrl(url, canonicalUrl)
  return articles.find((node) => same(urlOf(node.url)) || same(urlOf(node.mainEntityOfPage)) || same(urlOf(node['@id']))) ??
    articles.find((node) => textOf(node.headline) !== null) ?? articles[0] ?? null
}

function canonicalOf (document: DomDocument, nodes: JsonLdNode[]): string | null {
  const link = Array.from(document.querySelectorAll('link')).find((element) => /(^|\s)canonical(\s|$)/i.test(element.getAttribute('rel') ?? ''))
  const ogUrl = metaContent(document, ['og:url', 'parsely-link'])
  const article = nodes.find(isArticleNode)
  const candidates = [link?.getAttribute('href') ?? null, ogUrl, article ? urlOf(article.mainEntityOfPage) ?? urlOf(article.url) : null]
  for (const candidate of candidates) {
    const url = absoluteUrl(candidate, ogUrl)
    if (url) return url
  }
  return null
}

/** An absolute http(s) URL, resolving a relative one against `base` when there is one. */
function absoluteUrl (value: string | null, base: string | null): string | null {
  if (!value) return null
  try {
    const url = base && !/^https?:/i.test(value) ? new URL(value, base) : new URL(value)
    // Credentials in a page's link are never part of the story's address (and must not be stored).
    url.username = ''
    url.password = ''
    return /^https?:$/.test(url.protocol) ? url.href : null
  } catch {
    return null
  }
}

function sameUrl (a: string, b: string): boolean {
  const bare = (url: string): string => withoutQueryOrFragment(url.replace(/^https?:\/\//i, '')).replace(/\/$/, '').toLowerCase()
  return bare(a) === bare(b)
}

function bylineOf (article: JsonLdNode | null, nodes: JsonLdNode[], document: DomDocument): string | null {
  const fromJsonLd = article ? namesOf(article.author ?? article.creator, nodes) : []
  // article:author is often a profile URL rather than a name.
  const names = fromJsonLd.length > 0 ? fromJsonLd : metaContents(document, AUTHOR_META).filter((name) => !/^(https?:|www\.|@)/i.test(name)).slice(0, 1)
  const cleaned = [...new Set(names.map((name) => name.replace(/^by\s+/i, '').trim()).filter(Boolean))]
  return cleaned.length > 0 ? cleaned.join(', ').slice(0, 500) : null
}

function sectionOf (article: JsonLdNode | null, nodes: JsonLdNode[], document: DomDocument, canonicalUrl: string | null): string | null {
  const declared = [article && textOf(article.articleSection), ...metaContents(document, SECTION_META)]
    .find((value): value is string => typeof value === 'string' && value !== '' && !/^(https?:|\/)/i.test(value))
  return declared ? declared.slice(0, 200) : breadcrumbSection(nodes, canonicalUrl)
}

/** The crumb just above the story in a JSON-LD BreadcrumbList ("Home › World › Europe" -> Europe). */
function breadcrumbSection (nodes: JsonLdNode[], canonicalUrl: string | null): string | null {
  const list = nodes.find((node) => typesOf(node).includes('breadcrumblist'))
  if (!list || !Array.isArray(list.itemListElement)) return null
  const crumbs = (list.itemListElement as JsonLdNode[])
    .filter((item) => item && typeof item === 'object')
    .sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
    .map((item) => ({ name: textOf(item.name ?? item.item), url: urlOf(item.item) }))
    .filter((crumb) => crumb.name !== null && !/^home$/i.test(crumb.name))
  if (canonicalUrl && crumbs.length > 0 && sameUrl(crumbs[crumbs.length - 1]!.url ?? '', canonicalUrl)) crumbs.pop()
  return crumbs[crumbs.length - 1]?.name ?? null
}

function timeElements (document: DomDocument): string[] {
  const times = Array.from(document.querySelectorAll('time[itemprop="datePublished"], time[pubdate], article time[datetime], time[datetime]'))
  return times.map((time) => time.getAttribute('datetime') ?? '').filter(Boolean)
}

/** Dates printed in the page's date and timestamp boxes (the visible text), publication before update. */
function printedDates (document: DomDocument): string[] {
  const boxes = Array.from(document.querySelectorAll('[class*="date"], [class*="timestamp"], [class*="published"], [class*="dateline"]'))
    .filter((box) => !/updat|modif/i.test(box.getAttribute('class') ?? ''))
  return boxes.map((box) => cleanText(box.textContent)).filter((text) => text.length > 0 && text.length <= 80).slice(0, 10)
}

/** The first value that is an absolute date: full ISO times keep their offset; other forms go through parseDate. */
function firstDate (values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    if (!value) continue
    const text = cleanText(value)
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
      const time = new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
      if (!Number.isNaN(time.getTime())) return time.toISOString()
    }
    const parsed = parseDate(text)
    if (parsed) return parsed
  }
  return null
}

/**
 * The headline as the page prints it when it is the declared one in other typography
 * (curly quotes where the JSON-LD has straight ones), else the declared headline.
 */
function printedHeadline (document: DomDocument, declared: string): string {
  const printed = Array.from(document.querySelectorAll('h1')).map((h1) => cleanText(h1.textContent)).filter((text) => text !== '')
  const key = normalizeForMatch(declared)
  return printed.find((text) => normalizeForMatch(text) === key) ??
    // "Asia-pacific - Third blogger …" declared, "Third blogger …" printed: the section's name before a separator is no part of it.
    printed.find((text) => {
      const parts = splitAtSeparators(declared)
      return parts.length === 2 && (parts[0] ?? '').split(' ').length <= 3 && normalizeForMatch(parts[1] ?? '') === normalizeForMatch(text)
    }) ?? declared
}

/**
 * No declared headline: the <title>'s words (without the site's name) when a heading prints them. The first h1
 * may be the site section's name ("Allergies Health Center") over the story's own h2.
 */
function documentTitleHeading (document: DomDocument, siteName: string | null): string | null {
  const title = withoutSiteName(cleanText(document.querySelector('title')?.textContent) || null, siteName)
  if (!title) return null
  const key = normalizeForMatch(title)
  return Array.from(document.querySelectorAll('h1, h2')).map((heading) => cleanText(heading.textContent)).find((text) => text !== '' && normalizeForMatch(text) === key) ?? null
}

function firstHeadline (document: DomDocument): string | null {
  return Array.from(document.querySelectorAll('h1')).map((h1) => cleanText(h1.textContent)).find((text) => text !== '') ?? null
}

/** "Headline - BBC News" / "Headline | The Site" -> "Headline". */
function withoutSiteName (title: string | null, siteName: string | null): string | null {
  if (!title) return null
  const parts = splitAtSeparators(title)
  if (parts.length > 1 && (siteName === null || parts[parts.length - 1]!.toLowerCase() === siteName.toLowerCase() || parts[parts.length - 1]!.split(' ').length <= 3)) {
    return parts.slice(0, -1).join(' - ')
  }
  return cleanText(title)
}

/** `url.replace(/[?#].*$/, '')` in code: from the first "?" or "#" on the last line to the end. */
function withoutQueryOrFragment(url: string): string {
  const lineStart = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((lineBreak) => url.lastIndexOf(lineBreak))) + 1
  const query = url.slice(lineStart).search(/[?#]/)
  return query < 0 ? url : url.slice(0, lineStart + query)
}

/** `title.split(/\s+[|–—-]\s+/)` walked run by run: each space run is read once, whatever follows it. */
function splitAtSeparators(title: string): string[] {
  const parts: string[] = []
  const separator = /[|–—-]\s+/y
  let start = 0
  for (const run of title.matchAll(/\s+/g)) {
    if (run.index < start) continue
    separator.lastIndex = run.index + run[0].length
    if (!separator.test(title)) continue
    parts.push(title.slice(start, run.index))
    start = separator.lastIndex
  }
  parts.push(title.slice(start))
  return parts
}
