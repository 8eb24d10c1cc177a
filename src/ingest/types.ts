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
  /** The named speaker (a person or an organisation): equals the `name` of one entry in
   *  ParsedArticle.speakers; null when the source is unnamed ("a spokesperson said"). */
  speakerName: string | null
  /** Unnamed source only: how the page describes them ("a spokesperson for the airline",
   *  "officials"), else null. */
  description: string | null
  /** Unnamed source only: the organisation they speak for when one is named ("Ryanair"), else null. */
  organization: string | null
  /** 0-based order of the quote in the article. */
  position: number
  /** Index into `ParsedArticle.body` of the paragraph where the quote starts. */
  paragraph: number
  /** The sentence around the quote with the quote itself elided, or null. */
  context: string | null
}

export interface ParsedSpeaker {
  name: string
  /** 'organization' when an organisation itself is quoted ("the agency said"). */
  kind: 'person' | 'organization'
  /** The role/organisation the page gives them in THIS story (the role at the time said). */
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
