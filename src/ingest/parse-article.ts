// Entry point: scraped page text in, clean article with quotes, speakers and topics out.
import type { ParseOptions, ParsedArticle, ParsedSpeaker } from './types.js'
import { parsePageText } from './page-text.js'
import { extractQuotes } from './quotes.js'
import { SpeakerRegistry } from './speakers.js'
import { extractTopics } from './topics.js'

export type { ParseOptions, ParsedArticle } from './types.js'

export function parseArticle(text: string, options: ParseOptions = {}): ParsedArticle {
  const page = parsePageText(text)
  const registry = new SpeakerRegistry(options.knownSpeakers)
  const quotes = extractQuotes(page.body, registry)
  const speakers = quotedSpeakers(quotes.flatMap((q) => q.speakerName ?? []), registry)
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

/** One entry per quoted person, in order of first quote. */
function quotedSpeakers(names: string[], registry: SpeakerRegistry): ParsedSpeaker[] {
  const speakers: ParsedSpeaker[] = []
  for (const name of new Set(names)) {
    const person = registry.find(name)
    speakers.push({ name, kind: 'person', role: person?.role ?? null, organization: person?.organization ?? null })
  }
  return speakers
}
