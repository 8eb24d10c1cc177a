// Output contract of the raw-article importer's parsing core.

export interface ParsedArticle {
  title: string
  section: string | null
  byline: string | null
  /** ISO 8601 date-time, or null when the page gives no date. */
  publishedAt: string | null
  /** The first body paragraph, or null when the body is empty. */
  summary: string | null
  /** Clean paragraphs, site chrome removed. */
  body: string[]
  quotes: ParsedQuote[]
  speakers: ParsedSpeaker[]
  topics: ParsedTopic[]
}

export interface ParsedQuote {
  text: string
  /** Equals the `name` of one entry in `ParsedArticle.speakers`. */
  speakerName: string
  /** 0-based order of the quote in the article. */
  position: number
  /** Index into `ParsedArticle.body` of the paragraph where the quote starts. */
  paragraph: number
  /** The sentence around the quote with the quote itself elided, or null. */
  context: string | null
}

export interface ParsedSpeaker {
  name: string
  role: string | null
  organization: string | null
}

export type TopicKind = 'organization' | 'place' | 'person' | 'subject'

export interface ParsedTopic {
  name: string
  kind: TopicKind
  aliases: string[]
}

export interface KnownTopic {
  name: string
  aliases: string[]
}

export interface ParseOptions {
  knownTopics?: KnownTopic[]
  knownSpeakers?: ParsedSpeaker[]
}
