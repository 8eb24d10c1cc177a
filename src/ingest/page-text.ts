// Splits scraped page text into header metadata (section, title, byline, date) and
// clean body paragraphs. Structure first: the header is everything before the first
// prose line, and link lists are runs of non-prose lines after a chrome heading or
// after the last paragraph. The chrome table only catches what structure cannot.
import { cleanParagraphs, joinWrappedLines, type Line } from './body-clean.js'
import { isChromeHeading, isChromeLine } from './chrome.js'
import { dateStart, parseDate } from './dates.js'
import { sameWords, wordCount } from './text.js'

export interface PageParts {
  title: string
  section: string | null
  byline: string | null
  publishedAt: string | null
  body: string[]
}

const PUBLISH_FRAGMENT = /^(published|posted|first published|updated|last updated|on|at)\s*:?$/i
const PUBLISH_LABEL = /^(published|posted|first published)\b/i
const UPDATE_LABEL = /^(updated|last updated|modified)\b/i
const BYLINE = /^(?:by|written by|words by|author\s*:)\s+(\S.*|[^\S\n\r\u2028\u2029])$/i
const SECTION_LABEL = /^(?:section|category|filed in)\s*:\s*(\S.*|[^\S\n\r\u2028\u2029])$/i
const BREADCRUMB = /^home\s*[›>»/|]\s*(\S.*|[^\S\n\r\u2028\u2029])$/i
const META_PART_SEPARATOR = /(?<!\s)\s+(?:[|•·]|[–—-])\s+/
// "03:20 PM", the time printed apart from the date it follows.
const CLOCK_TIME = /^\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?(?: [a-z]{2,4})?$/i

// "LAHORE, Sept 4 (APP): ", "ISLAMABAD - ", "HEREFORD: ": a wire dateline, left out of a title taken from the lead sentence.
// The spaces before the bracket or mark are bounded: they overlap the name's own spaces.
const LEADING_DATELINE = /^\p{Lu}[\p{Lu} .'-]{2,30}(?:,\s*\p{L}{3,9}\.?\s+\d{1,2})?[ \t]{0,3}(?:\([\p{L} ]{2,20}\)\s*)?[:—–-]\s+/u

export function parsePageText(text: string): PageParts {
  const meta: Meta = { byline: null, publishedAt: null }
  // Scrapers put the crawl's own metadata first: "date 2024-05-06", sometimes on the same line as the text.
  const dateLine = /^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*/i.exec(text)
  const fromPage = dateLine ? text.slice(dateLine[0].length) : text
  const lines = mergePublishFragments(joinWrappedLines(splitLines(fromPage)).map((l) => l.text))
  let section: string | null = null
  let title: string | null = null
  let i = 0
  for (; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (isChromeLine(line) || isChromeHeading(line)) continue
    if (readMeta(line, meta)) continue
    const label = SECTION_LABEL.exec(line) ?? BREADCRUMB.exec(line)
    if (label && title === null) {
      section = lastCrumb(label[1] ?? '')
      continue
    }
    // The headline printed again under the site's banner (a second h1 in the scrape) is header too, not the story's first paragraph.
    if (title !== null && sameWords(line, title)) continue
    if (title !== null) break
    if (section === null && isSectionLike(line) && nextIsHeading(lines, i + 1)) section = line
    else title = line
  }
  let body = lines.slice(i)
  // No headline: the page starts with prose. Keep that paragraph in the body; its first sentence stands in as the title.
  // A sentence of a dozen words or more that ends with a full stop is a lead paragraph, not a headline.
  if (title !== null && isLeadParagraph(title)) {
    body = [title, ...body]
    title = firstSentence(title.replace(LEADING_DATELINE, ''))
  }
  body = beforeNextStory(body)
  // "Published on: August 27, 2010" printed under the story rather than over it: the page's date, and no paragraph.
  if (meta.publishedAt === null) body = body.filter((line) => !isTrailingPublishLine(line, meta))
  meta.publishedAt ??= dateLine ? parseDate(dateLine[1] ?? '') : null
  return { title: title ?? '', section, byline: meta.byline, publishedAt: meta.publishedAt, body: cleanBody(body) }
}

// The next story's opening printed under this one (news themes' "next post" teaser): a section label, a headline and
// the outlet's name, then the same "Published on" line as the page's own header, then that story's prose.
const NEXT_STORY_HEADER_LINES = 3

/** The body up to a second story's header ("Featured / Headline / Outlet / Published on / its prose"), which is not this story. */
function beforeNextStory(body: string[]): string[] {
  for (let j = 1; j < body.length; j++) {
    const line = body[j] ?? ''
    // "Posted by Ann Lee" or "Posted at 21:02" under a heading is a blog's or live blog's own entry, not another story.
    if (!PUBLISH_LABEL.test(line) || wordCount(line) > 9 || /\b(?:by|at)\b|\d:\d/i.test(line)) continue
    let start = j
    while (start > 0 && j - start < NEXT_STORY_HEADER_LINES && isTeaserHeaderLine(body[start - 1] ?? '')) start--
    // A label and a headline at least: one heading over a publish line is an entry of the same page.
    if (j - start < 2) continue
    // A story's own byline box under a standfirst ("By Ann Lee" / "Posted …") has one prose line above it, not a story.
    const storyBefore = body.slice(0, start).filter(isProse).length >= 2
    const proseAfter = body.slice(j + 1, j + 4).some(isProse)
    if (storyBefore && proseAfter) return body.slice(0, start)
  }
  return body
}

/** A section label, headline or outlet name over a teaser; a byline belongs to the story's own header instead. */
function isTeaserHeaderLine(line: string): boolean {
  return !isProse(line) && wordCount(line) <= 20 && !BYLINE.test(line)
}

/** A sentence of a dozen words or more that ends with a full stop (or any 25 words of prose) is a lead paragraph, not a headline. */
export function isLeadParagraph(line: string): boolean {
  return isProse(line) && (wordCount(line) >= 25 || (wordCount(line) >= 12 && /[.!?]["”’']?$/.test(line)))
}

function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let blank = true
  for (const raw of text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim()
    if (!line) {
      blank = true
      continue
    }
    lines.push({ text: line, blankBefore: blank })
    blank = false
  }
  return lines
}

function firstSentence(text: string): string {
  const end = /[.!?](?=\s+[\p{Lu}"“‘])/u.exec(text)
  const sentence = end ? text.slice(0, end.index + 1) : text
  return sentence.length > 200 ? `${sentence.slice(0, 197).replace(/(^|\S)\s+\S*$/, '$1')}…` : sentence
}

/** A body paragraph: a sentence-like line rather than a heading or a link. */
export function isProse(line: string): boolean {
  return wordCount(line) >= 4 && /[.!?…:;]["”’'»)\]]*$|(?:^|[^"”’'»)\]])["”’'»]*[)\]]["”’'»)\]]*$|["”»]$/.test(line)
}

interface Meta { byline: string | null; publishedAt: string | null }

/** Records byline and date parts of a header line; false when the line is not metadata. */
function readMeta(line: string, meta: Meta): boolean {
  const parts = line.split(META_PART_SEPARATOR)
  const looksLikeMeta = parts.every((part) => BYLINE.test(part) || PUBLISH_LABEL.test(part) || UPDATE_LABEL.test(part) || isBareDate(part) ||
    CLOCK_TIME.test(part) || isBareDate(nameThenPublished(part)?.date ?? ''))
  if (!looksLikeMeta || parts.every((part) => CLOCK_TIME.test(part))) return false
  for (const part of parts) {
    const byline = BYLINE.exec(part)
    const named = nameThenPublished(part)
    if (CLOCK_TIME.test(part)) continue
    if (named && !byline && !PUBLISH_LABEL.test(part)) {
      meta.byline ??= named.name
      meta.publishedAt ??= parseDate(named.date)
    } else if (byline) {
      // "By PETER MWANGI March 3rd, 2025 2 min read": the date printed with the name.
      const at = dateStart(byline[1] ?? '')
      if (at > 0) meta.publishedAt ??= parseDate((byline[1] ?? '').slice(at))
      // "By Jane Doe, Staff Reporter" -> "Jane Doe"
      meta.byline ??= (at > 0 ? (byline[1] ?? '').slice(0, at) : byline[1] ?? '').split(/,\s*/)[0]?.trim() || null
    } else if (UPDATE_LABEL.test(part)) {
      // An update time is not the publication time; ignore it.
    } else if (meta.publishedAt === null) {
      meta.publishedAt = parseDate(part)
    }
  }
  return true
}

/**
 * "Jane Doe (@janedoe) Published April 29, 2024": a byline that runs into the publication date on one line. The name is
 * one to four capitalised words, maybe a handle in brackets; read word by word.
 */
function nameThenPublished(part: string): { name: string, date: string } | null {
  const verb = /\s(?:[Pp]ublished|[Pp]osted)\b/.exec(part)
  if (!verb) return null
  const words = part.slice(0, verb.index).split(' ')
  if (/^\(@\w{1,30}\)$/.test(words[words.length - 1] ?? '')) words.pop()
  if (words.length < 1 || words.length > 4 || !words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w))) return null
  const date = part.slice(verb.index + verb[0].length).replace(/^\s(?:on\b)?:?\s*/, '')
  return date.length > 0 && date.length <= 60 ? { name: words.join(' '), date } : null
}

/** A line after the headline that only says when the story was published ("Published on: August 27, 2010"); records the date. */
function isTrailingPublishLine(line: string, meta: Meta): boolean {
  if (meta.publishedAt !== null || !PUBLISH_LABEL.test(line) || wordCount(line) > 9) return false
  const found: Meta = { byline: null, publishedAt: null }
  if (!readMeta(line, found) || found.publishedAt === null) return false
  meta.publishedAt = found.publishedAt
  return true
}

function isBareDate(part: string): boolean {
  return wordCount(part) <= 9 && parseDate(part) !== null && !/[.!?]$/.test(part.replace(/\b(a|p)\.m\.$/i, ''))
}

/** Joins "Published" / "on" / "March 3, 2025" fragments that layouts put on separate lines. */
function mergePublishFragments(lines: string[]): string[] {
  const merged: string[] = []
  for (const line of lines) {
    const previous = merged[merged.length - 1]
    const previousIsOpenLabel = previous !== undefined && /^(published|posted|first published|updated|last updated)( on| at)?\s*:?$/i.test(previous)
    if (previousIsOpenLabel && (PUBLISH_FRAGMENT.test(line) || (isBareDate(line) && !BYLINE.test(line)))) {
      merged[merged.length - 1] = `${previous} ${line}`
    } else {
      merged.push(line)
    }
  }
  return merged
}

function isSectionLike(line: string): boolean {
  const words = line.split(' ')
  return words.length <= 4 && !/[.!?:;,"“”]/.test(line) && words.every((w) => /^[A-Z&]/.test(w))
}

/** True when the next content line is a heading too (so this short line is a section label). */
function nextIsHeading(lines: string[], from: number): boolean {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j] ?? ''
    if (isChromeLine(line) || readMeta(line, { byline: null, publishedAt: null })) continue
    return !isProse(line)
  }
  return false
}

function lastCrumb(crumbs: string): string {
  const parts = crumbs.split(/(?<!\s)\s*[›>»/|]\s*/).filter(Boolean)
  return parts[parts.length - 1] ?? crumbs
}

/**
 * The story's paragraphs as the text reader keeps them: chrome and link lists dropped, and the headlines and
 * links trailing the story. The HTML importer runs the DOM's paragraphs through it too, so a page gives the
 * same body, and the same quotes, from its text and from its HTML.
 */
export function cleanBody(lines: string[]): string[] {
  const body: string[] = []
  let inLinkList = false
  for (const line of lines) {
    if (isChromeHeading(line)) {
      inLinkList = true
      continue
    }
    if (inLinkList && !isProse(line)) continue
    inLinkList = false
    if (isChromeLine(line)) continue
    body.push(line)
  }
  // Headlines and links trailing the story (related lists without a heading); a long
  // paragraph cut off mid-sentence, or one with a quote in it, is story and stays.
  while (body.length > 0 && !isProse(body[body.length - 1] ?? '') && !isCutOffParagraph(body[body.length - 1] ?? '')) body.pop()
  return cleanParagraphs(body)
}

function isCutOffParagraph(line: string): boolean {
  return wordCount(line) >= 20 || (/[“"‘]/.test(line) && wordCount(line) >= 8) || opensUnclosedQuote(line)
}

/** "“It is important to": a page cut off inside a quote (a headline or link that quotes closes its marks). */
function opensUnclosedQuote(line: string): boolean {
  return (/^[“"]/.test(line) && !/[”"]/.test(line.slice(1))) || (line.startsWith('‘') && !/’(?!\p{L})/u.test(line))
}
