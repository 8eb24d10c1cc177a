// Entry point for saved article pages: HTML in, the same ParsedArticle as page text gives,
// plus the page's canonical URL. Metadata comes from what the publisher declares (JSON-LD,
// Open Graph, <meta>); the paragraphs from Readability's main content; quotes, speakers and
// topics from the same pipeline as text, so a story gives the same quotes either way.
import { parseArticleParts, type ArticleParts } from '../parse-article.js'
import { cleanBody, isLeadParagraph, parsePageText } from '../page-text.js'
import type { ParseOptions, ParsedArticle } from '../types.js'
import { extractMainContent } from './content.js'
import { cleanText, parseDocument } from './dom.js'
import { readMetadata, type PageMetadata } from './metadata.js'

export interface ParsedHtmlArticle extends ParsedArticle {
  /** The page's canonical URL (link rel=canonical, og:url or JSON-LD), or null. */
  canonicalUrl: string | null
}

/** What the DOM gives: the declared metadata, the headline and the story's paragraphs. */
export interface HtmlPage {
  metadata: PageMetadata
  title: string
  /** A byline found in the page text, for when the metadata has none. */
  textByline: string | null
  paragraphs: string[]
}

export function parseArticleHtml (html: string, options: ParseOptions = {}): ParsedHtmlArticle {
  return parseHtmlPage(readHtmlPage(html), options)
}

/** The DOM stage alone (the costly part): importers use its text to look up stored speakers and topics. */
export function readHtmlPage (html: string): HtmlPage {
  const document = parseDocument(html)
  // Metadata first: Readability rewrites the document it reads.
  const metadata = readMetadata(document)
  const content = extractMainContent(document)
  const title = metadata.title ?? content.title ?? ''
  // The headline repeated at the top of the content (above or below the standfirst) is not a paragraph…
  // …unless the "headline" is the story's lead sentence (a page with no headline, its title taken from the lead):
  // then the paragraph is the story's first, and the speaker's full name may be only there (as for a text import).
  const headline = comparable(title)
  const lead = isLeadParagraph(cleanText(title))
  const paragraphs = content.paragraphs.filter((paragraph, i) => i > 2 || lead || comparable(paragraph) !== headline)
  return { metadata, title, textByline: content.byline, paragraphs }
}

/** Text as a headline comparison sees it: whitespace collapsed, any case. */
const comparable = (text: string): string => cleanText(text).toLowerCase()

/** The page as text: the headline and a paragraph a line (what a text import of the same story holds). */
export function htmlPageText (page: HtmlPage): string {
  return [page.title, ...page.paragraphs].join('\n')
}

export function parseHtmlPage (page: HtmlPage, options: ParseOptions = {}): ParsedHtmlArticle {
  const { metadata } = page
  const parsed = parseParagraphs(page.title, page.paragraphs, options)
  return {
    ...parsed,
    title: page.title || parsed.title,
    section: metadata.section ?? parsed.section,
    byline: metadata.byline ?? page.textByline ?? parsed.byline,
    publishedAt: metadata.publishedAt ?? parsed.publishedAt,
    canonicalUrl: metadata.canonicalUrl
  }
}

/**
 * The paragraphs through the text pipeline. The page-text reader sees the headline and the
 * paragraphs one a line, so a byline or date line at the top of the content is read as such
 * (the fallback for missing metadata) and site chrome is dropped as for text; then
 * parseArticleParts runs the same quote, speaker and topic stages as a text import.
 */
function parseParagraphs (title: string, paragraphs: string[], options: ParseOptions): ParsedArticle {
  // A blank line between blocks: the DOM already knows where paragraphs end, so the reader must
  // not join a headline without a full stop to the first paragraph as wrapped text.
  const page = parsePageText([title, ...paragraphs].join('\n\n'))
  // A short headline over a short first line can read as a section label: keep the DOM's structure then.
  // The text reader keeps no paragraph of some pages (a script it cannot read as sentences): keep the DOM's then.
  // A headline that ends with a full stop ("… N.Y.C.") reads as a lead paragraph to the text
  // reader; the page's markup says it is the headline, so it is not kept in the body.
  const body = comparable(page.body[0] ?? '') === comparable(title) ? page.body.slice(1) : page.body
  // A lead sentence standing in as the headline and repeated as the first paragraph (kept by readHtmlPage): the
  // DOM's paragraphs are the body, lead included, as a text import of the same page keeps it.
  const leadRepeated = comparable(paragraphs[0] ?? '') === comparable(title) && isLeadParagraph(cleanText(title))
  // Where the DOM's paragraphs are kept, they still go through the text reader's body cleaning (chrome, link lists,
  // a cut-off last quote kept, trailing headlines dropped): the text import of the same page gets exactly that.
  const parts: ArticleParts = leadRepeated
    ? { title, section: null, byline: page.byline, publishedAt: page.publishedAt, body: storyParagraphs(paragraphs) }
    : (page.title === title || title === '') && (body.length > 0 || paragraphs.length === 0)
      ? { ...page, body, section: null }
      : { title, section: null, byline: null, publishedAt: null, body: storyParagraphs(paragraphs) }
  return parseArticleParts(parts, options)
}

/** The DOM's paragraphs after the text reader's body cleaning, unless it keeps none (a script it cannot read as sentences). */
function storyParagraphs (paragraphs: string[]): string[] {
  const kept = cleanBody(paragraphs)
  return kept.length > 0 ? kept : paragraphs
}
