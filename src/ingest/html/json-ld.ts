// JSON-LD blocks as publishers write them: one object, a list of objects, an `@graph` of
// linked nodes (Yoast and most CMSs), or a WebPage whose `mainEntity` is the article; types
// as strings, lists or full URLs; authors as strings, objects, lists or `@id` references.
import { cleanText, decodeEntities, type DomDocument } from './dom.js'

export type JsonLdNode = Record<string, unknown>

const ARTICLE_TYPES = new Set(['article', 'newsarticle', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle',
  'backgroundnewsarticle', 'reviewnewsarticle', 'asknewsarticle', 'askpublicnewsarticle', 'satiricalarticle', 'blogposting',
  'liveblogposting', 'report', 'socialmediaposting'])

/** Every node in the page's JSON-LD, flattened (graphs, lists, main entities); unreadable blocks are skipped. */
export function jsonLdNodes (document: DomDocument): JsonLdNode[] {
  const nodes: JsonLdNode[] = []
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1)
      return
    }
    const node = value as JsonLdNode
    nodes.push(node)
    visit(node['@graph'], depth + 1)
    visit(node.mainEntity, depth + 1)
  }
  for (const script of Array.from(document.querySelectorAll('script'))) {
    if (!/ld\+json/i.test(script.getAttribute('type') ?? '')) continue
    const parsed = parseJson(script.textContent ?? '')
    if (parsed !== undefined) visit(parsed, 0)
  }
  return nodes
}

function parseJson (raw: string): unknown {
  // CDATA and comment wrappers from old templates; raw line breaks inside strings are common too.
  const text = raw.trim().replace(/^(?:\/\/\s*)?<!\[CDATA\[|(?:\/\/\s*)?\]\]>$/g, '').replace(/^<!--|-->$/g, '').trim()
  for (const candidate of [text, text.replace(/[\u0000-\u001f]+/g, ' ')]) {
    try {
      return JSON.parse(candidate)
    } catch {
      // try the next repair
    }
  }
  return undefined
}

export function typesOf (node: JsonLdNode): string[] {
  const type = node['@type']
  const list = Array.isArray(type) ? type : [type]
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, '').toLowerCase())
}

export function isArticleNode (node: JsonLdNode): boolean {
  return typesOf(node).some((type) => ARTICLE_TYPES.has(type))
}

/** The node a reference points at (`{"@id": ...}` alone), else the value itself. */
export function dereference (value: unknown, nodes: JsonLdNode[]): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as JsonLdNode)['@id']
    if (typeof id === 'string' && Object.keys(value).length === 1) return nodes.find((node) => node !== value && node['@id'] === id) ?? value
  }
  return value
}

/** A text value: a string, the first string of a list, or an object's name; null when empty. */
export function textOf (value: unknown, nodes: JsonLdNode[] = []): string | null {
  const resolved = dereference(value, nodes)
  if (typeof resolved === 'string') return cleanText(decodeEntities(resolved)) || null
  if (Array.isArray(resolved)) {
    for (const item of resolved) {
      const text = textOf(item, nodes)
      if (text) return text
    }
    return null
  }
  if (resolved && typeof resolved === 'object') return textOf((resolved as JsonLdNode).name, nodes)
  return null
}

/** Every name in a value that may be a string, an object with a name, a reference or a list of those. */
export function namesOf (value: unknown, nodes: JsonLdNode[]): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.map((item) => textOf(item, nodes)).filter((name): name is string => name !== null)
}

/** A URL value: a string, or an object's @id or url. */
export function urlOf (value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null
  if (Array.isArray(value)) return urlOf(value[0])
  if (value && typeof value === 'object') {
    const node = value as JsonLdNode
    return urlOf(node['@id'] ?? node.url)
  }
  return null
}
