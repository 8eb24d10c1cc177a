// Entry points: scraped page text (parseArticle) or parts whose structure is already known,
// such as paragraphs read from HTML (parseArticleParts), in; clean article with quotes,
// speakers and topics out. Both run the same quote extractor.
import type { ParseOptions, ParsedArticle } from './types.js'
import { parsePageText, type PageParts } from './page-text.js'
import { cleanParagraphs } from './body-clean.js'
import { extractQuotes } from './quotes.js'
import { SpeakerRegistry } from './registry.js'
import { extractTopics } from './topics.js'
import { repairMojibake } from './text.js'

export type { ParseOptions, ParsedArticle } from './types.js'
export type { PageParts as ArticleParts } from './page-text.js'

export function parseArticle(text: string, options: ParseOptions = {}): ParsedArticle {
  // Marks garbled by a wrong character set are repaired first: page-text tells prose lines by their closing marks.
  return parseArticleParts(parsePageText(repairMojibake(text)), options)
}

/** The same pipeline for an article whose title, metadata and body paragraphs are already separated. */
export function parseArticleParts(parts: PageParts, options: ParseOptions = {}): ParsedArticle {
  // Paragraphs read from HTML get the same cleaning as page text (captions, chrome, page furniture).
  const page = { ...parts, title: repairMojibake(parts.title), body: cleanParagraphs(parts.body.map(repairMojibake)) }
  const registry = new SpeakerRegistry(options.knownSpeakers)
  const { quotes, speakers } = extractQuotes(page.body, registry, page.title, page.section)
  return {
    title: page.title,
    section: page.section,
    byline: page.byline,
    publishedAt: page.publishedAt,
    // The lead paragraph doubles as the summary: scraped pages rarely carry a separate standfirst.
    summary: page.body[0] ?? null,
    body: page.body,
    quotes,
    speakers,
    topics: extractTopics({ title: page.title, body: page.body, speakers, knownTopics: options.knownTopics ?? [] }),
  }
}
