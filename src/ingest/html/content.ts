// The story's paragraphs: Mozilla's Readability (the engine of Firefox Reader View) finds the
// main content and drops the page's chrome; this file only turns what it keeps into plain
// paragraphs, in order, one per <p>, <li>, heading or quotation block, without captions,
// pull quotes and embedded posts, which repeat or interrupt the story.
import { Readability } from '@mozilla/readability'
import { ELEMENT_NODE, TEXT_NODE, cleanText, type DomDocument, type DomElement, type DomNode } from './dom.js'
import { builtRegExp } from '../../lib/built-regex.js'
import { SPEECH_VERB } from '../speech-verbs.js'

export interface MainContent {
  /** Readability's view of the title (the page title cleaned of the site name, or the h1). */
  title: string | null
  /** A byline found in the page text (Readability's), for when the metadata has none. */
  byline: string | null
  paragraphs: string[]
}

// A <br> while text is gathered: source line breaks are only spaces.
const LINE_BREAK = '\u2028'
const BLOCK_LEAVES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'dd', 'dt'])
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'ul', 'ol', 'dl', 'blockquote', 'header', 'center', 'span'])
const SKIPPED = new Set(['figcaption', 'figure', 'caption', 'aside', 'nav', 'footer', 'form', 'button', 'script', 'style', 'noscript',
  'iframe', 'svg', 'template', 'select', 'table', 'video', 'audio', 'picture', 'img'])
// Class or id words of blocks that are not the story's prose, even inside it.
const NOT_PROSE = /(^|[\s_-])(caption|credit|pull-?quote|related|share|sharing|social|newsletter|promo|advert(isement)?|cookie|consent|subscribe|byline|dateline|timestamp|twitter-tweet|instagram-media|tiktok-embed|embed)([\s_-]|$)/i

/** Runs Readability on the document (which it changes) and returns the story's paragraphs. */
export function extractMainContent (document: DomDocument): MainContent {
  const captions = captionTexts(document)
  // Read before Readability rewrites the document: the page's one <article>, the fallback when Readability keeps no prose.
  const articles = document.querySelectorAll('article')
  const ownArticle = articles.length === 1 && articles[0] ? blocksOf(articles[0]) : []
  let article: { title?: string | null, byline?: string | null, content?: DomElement | null } | null = null
  try {
    article = new Readability(document as never, { keepClasses: true, serializer: (node) => node as unknown as DomElement }).parse()
  } catch {
    // Readability gives up on some odd documents; the whole body is the fallback.
  }
  const root = article?.content ?? document.body
  // Some layouts print a caption as a plain list or paragraph beside the figure: it repeats the image's alt text.
  // Readability may keep a column of teaser headlines instead of the story; a page's one <article> with prose is the story then.
  const kept = root ? blocksOf(root) : []
  const story = !kept.some(isStoryProse) && ownArticle.some(isStoryProse) ? ownArticle : kept
  const paragraphs = story.filter((block) => !isCaption(block, captions))
  return { title: cleanText(article?.title) || null, byline: plausibleByline(article?.byline), paragraphs }
}

/** A sentence of a story: twenty words or more, ending as a sentence ends. */
function isStoryProse (block: string): boolean {
  return block.split(' ').length >= 20 && /[.!?…"”’)]$/.test(block)
}

/** The image descriptions and captions of the page, to recognise a caption set outside its figure. */
function captionTexts (document: DomDocument): Set<string> {
  const texts = [
    ...Array.from(document.querySelectorAll('img[alt]')).map((image) => image.getAttribute('alt') ?? ''),
    ...Array.from(document.querySelectorAll('figcaption')).map((caption) => caption.textContent ?? '')
  ]
  return new Set(texts.map(captionKey).filter((key) => key.split(' ').length >= 4))
}

function captionKey (text: string): string {
  return cleanText(text).toLowerCase().replace(/(^|[^.\s])[.\s]+$/, '$1')
}

/** The block is an image's description, or starts with one (a caption with a credit after it). */
function isCaption (block: string, captions: Set<string>): boolean {
  const key = captionKey(block)
  if (captions.has(key)) return true
  for (const caption of captions) if (key.startsWith(caption) && key.length - caption.length < 60) return true
  return false
}

/** Readability's byline is whatever text sat in a byline box: keep it only when it reads as names. */
// The box often prints the date (and a comment count) after the names: "by Ann Lee22 Dec 2016", "By ANN LEE March 11, 2015".
const MONTH_AT_END = /(?<![\p{L}])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?$/iu

function plausibleByline (text: string | null | undefined): string | null {
  const printed = cleanText(text).replace(/^by\s+/i, '')
  const digit = printed.search(/\d/)
  let byline = (digit >= 0 ? printed.slice(0, digit) : printed).trimEnd().replace(MONTH_AT_END, '')
  while (byline !== '' && /[\s|,•·–—-]/.test(byline[byline.length - 1] ?? '')) byline = byline.slice(0, -1)
  return byline !== '' && byline.split(' ').length <= 8 && /\p{Lu}/u.test(byline) ? byline : null
}

function blocksOf (root: DomElement): string[] {
  const blocks: string[] = []
  let inline = ''
  const flush = (): void => {
    pushLines(blocks, inline)
    inline = ''
  }
  const walk = (element: DomElement): void => {
    let previousTag = ''
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === TEXT_NODE) {
        inline += child.textContent ?? ''
        continue
      }
      if (child.nodeType !== ELEMENT_NODE) continue
      const node = child as DomElement
      const tag = node.tagName.toLowerCase()
      const afterFigure = previousTag === 'figure'
      previousTag = tag
      if (isSkipped(node, tag)) continue
      // A list straight after a figure is that figure's caption in some layouts.
      if (afterFigure && (tag === 'ul' || tag === 'ol')) continue
      if (tag === 'br') {
        inline += LINE_BREAK
      } else if (tag === 'blockquote') {
        flush()
        if (hasBlockChild(node) || !isMostlyLinks(node)) blocks.push(...asQuotation(blocks[blocks.length - 1], blocksOf(node)))
      } else if (BLOCK_LEAVES.has(tag) && !hasBlockChild(node)) {
        flush()
        if (!isMostlyLinks(node)) pushLines(blocks, textWithBreaks(node))
      } else if (CONTAINERS.has(tag) || hasBlockChild(node)) {
        flush()
        walk(node)
        flush()
      } else {
        inline += textWithBreaks(node)
      }
    }
  }
  walk(root)
  flush()
  return blocks
}

// A line that introduces someone's words has a speech verb and ends in a colon ("One reader, Ann Lee, wrote:"); the colon
// is checked in code, so the pattern never scans from each verb to the line's end.
const SPEECH_WORD = builtRegExp('content SPEECH_WORD', `(?<![\\p{L}])${SPEECH_VERB}(?![\\p{L}])`, 'iu')
const OPENING_MARK = /^[“"‘'«„]/

/**
 * A block quotation introduced as someone's words is set off by indentation where print would use marks: it gets the
 * marks back (each paragraph opens, the last closes), so the text pipeline reads it as that speaker's quote. Block
 * quotations with marks of their own, and those after any other line (tables of figures, excerpts), stay as they are.
 */
function asQuotation (intro: string | undefined, paragraphs: string[]): string[] {
  if (intro === undefined || !intro.endsWith(':') || !SPEECH_WORD.test(intro) || paragraphs.length === 0) return paragraphs
  // Double marks inside (someone quoted in the letter) would close the added ones early: such a block stays as it is.
  if (paragraphs.some((paragraph) => OPENING_MARK.test(paragraph) || /[“”"]/.test(paragraph) || !readsAsWords(paragraph))) return paragraphs
  return paragraphs.map((paragraph, i) => `“${paragraph}${i === paragraphs.length - 1 ? '”' : ''}`)
}

/** A sentence or more of words, not a table of names and figures. */
function readsAsWords (text: string): boolean {
  const words = text.split(' ')
  return words.length >= 4 && words.filter((word) => /^\p{Ll}/u.test(word)).length * 3 >= words.length
}

function isSkipped (element: DomElement, tag: string): boolean {
  if (SKIPPED.has(tag)) return true
  if (element.getAttribute('hidden') !== null || element.getAttribute('aria-hidden') === 'true') return true
  return NOT_PROSE.test(`${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`)
}

function hasBlockChild (element: DomElement): boolean {
  return Array.from(element.childNodes).some((child) => child.nodeType === ELEMENT_NODE &&
    (BLOCK_LEAVES.has(child.nodeName.toLowerCase()) || CONTAINERS.has(child.nodeName.toLowerCase()) && child.nodeName.toLowerCase() !== 'span' && hasText(child)))
}

function hasText (node: DomNode): boolean {
  return cleanText(node.textContent) !== ''
}

/** Related-story lists and "Read more" lines: almost all of the text is links. */
function isMostlyLinks (element: DomElement): boolean {
  const total = cleanText(element.textContent).length
  if (total === 0) return true
  const linked = Array.from(element.querySelectorAll('a')).reduce((sum, link) => sum + cleanText(link.textContent).length, 0)
  return linked / total >= 0.8
}

/** The element's text with <br> as line breaks and <q> with the quotation marks browsers draw for it. */
function textWithBreaks (node: DomNode): string {
  if (node.nodeType === TEXT_NODE) return node.textContent ?? ''
  if (node.nodeType !== ELEMENT_NODE) return ''
  const tag = node.nodeName.toLowerCase()
  if (tag === 'br') return LINE_BREAK
  if (isSkipped(node as DomElement, tag)) return ''
  const inner = Array.from(node.childNodes).map(textWithBreaks).join('')
  return tag === 'q' ? `“${inner}”` : inner
}

function pushLines (blocks: string[], text: string): void {
  for (const line of text.split(LINE_BREAK)) {
    const clean = cleanText(line)
    if (clean !== '') blocks.push(clean)
  }
}
