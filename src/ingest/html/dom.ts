// The few DOM shapes the HTML importer uses, over linkedom: the project compiles without the
// browser's DOM typings, so the parsed document is typed here rather than as a `Document`.
import { parseHTML } from 'linkedom'

export interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
  parentNode: DomNode | null
}

export interface DomElement extends DomNode {
  tagName: string
  getAttribute (name: string): string | null
  querySelector (selectors: string): DomElement | null
  querySelectorAll (selectors: string): ArrayLike<DomElement>
  remove (): void
}

export interface DomDocument {
  documentElement: DomElement | null
  body: DomElement | null
  querySelector (selectors: string): DomElement | null
  querySelectorAll (selectors: string): ArrayLike<DomElement>
}

export const ELEMENT_NODE = 1
export const TEXT_NODE = 3

/** A document for any input: a full page, a fragment (wrapped in a body) or nothing at all. */
export function parseDocument (html: string): DomDocument {
  // linkedom builds no <html> element for a fragment; wrap it like a browser would.
  const page = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`
  const { document } = parseHTML(page) as unknown as { document: DomDocument }
  return document
}

/** Text with whitespace (including no-break spaces) collapsed and trimmed. */
export function cleanText (text: string | null | undefined): string {
  return (text ?? '').replace(/[^\S\u2028]+|\u200b/g, ' ').replace(/ +/g, ' ').trim()
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', ndash: '–', mdash: '—', hellip: '…'
}

/** Entities left in JSON-LD strings by templates that HTML-escape them ("Grace &#039;insisting&#039;"). */
export function decodeEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10)
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole
  })
}

/** The `content` of the first <meta> with any of these name/property/itemprop values (case-insensitive). */
export function metaContent (document: DomDocument, keys: string[]): string | null {
  return metaContents(document, keys)[0] ?? null
}

/** Every non-empty `content` of <meta> tags with one of these keys, in key order then document order. */
export function metaContents (document: DomDocument, keys: string[]): string[] {
  const metas = Array.from(document.querySelectorAll('meta'))
  const values: string[] = []
  for (const key of keys.map((k) => k.toLowerCase())) {
    for (const meta of metas) {
      // Some sites list several keys in one attribute: property="og:title twitter:title".
      const names = ['name', 'property', 'itemprop'].flatMap((attribute) => (meta.getAttribute(attribute) ?? '').toLowerCase().split(/\s+/))
      const content = cleanText(meta.getAttribute('content'))
      if (names.includes(key) && content !== '') values.push(content)
    }
  }
  return values
}
