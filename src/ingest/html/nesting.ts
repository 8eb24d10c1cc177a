// How deep a page nests its elements, found by one pass over the markup before any parsing.
// Readability's work grows with the cube of the depth (256 nested divs: about 0.5 s; 1,000:
// over 30 s), so 20,000 nested divs spent the whole parse budget before their 422. Real
// article pages nest a few dozen deep; browsers themselves stop nesting at 512.
//
// The pass must nest what the page's parser (linkedom, on htmlparser2) nests, or a page gets past
// it: it follows htmlparser2's rules. A non-void HTML element's `/>` opens it (`<div/>` nests); an
// end tag closes only an element that is open (a stray `</span>` closes nothing), named up to a
// space or `>` (`</div/>` names "div/"); quotes count only in attribute values; only script,
// style, title, textarea and xmp hold raw text, and not when written `<script/>`; an opening tag
// closes the open siblings htmlparser2 closes (`<p>a<p>b`, `<li>` and `<td>` without end tags).

/** Deeper than this, a page is refused before it is parsed. */
export const MAX_HTML_NESTING = 256

// htmlparser2's void elements: they never hold children.
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr'])
// Their content is text, not markup: `<script>if (a<b)` opens nothing.
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp'])
// In svg and math a `/>` closes the element; html integration points switch back to HTML.
const FOREIGN = new Set(['svg', 'math'])
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title'])
// Which open elements (on top of the stack) an opening tag closes first (htmlparser2's openImpliesClose).
const P = new Set(['p'])
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'])
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])], ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])], ['option', new Set(['option'])], ['optgroup', new Set(['optgroup', 'option'])], ['dd', new Set(['dd', 'dt'])], ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])], ['rp', new Set(['rt', 'rp'])], ['tbody', new Set(['thead', 'tbody'])], ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((name) => [name, FORM] as [string, Set<string>]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer',
    'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((name) => [name, P] as [string, Set<string>])
])

const isSpace = (code: number): boolean => code === 32 || code === 10 || code === 9 || code === 12 || code === 13
const isAlpha = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90)

/** Where the opening tag whose attributes start at `from` ends (after its `>`), and whether it ends `/>`; null if never. */
function openTagEnd (html: string, from: number): { end: number, selfClosing: boolean } | null {
  let i = from
  let slash = false // a `/` between attributes, as htmlparser2's InSelfClosingTag state
  while (i < html.length) {
    const code = html.charCodeAt(i)
    if (code === 62) return { end: i + 1, selfClosing: slash }
    if (code === 47) { slash = true; i++; continue }
    if (isSpace(code)) { i++; continue }
    slash = false
    // An attribute name, up to `=`, a space, `/` or `>`.
    while (i < html.length && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 61 && html.charCodeAt(i) !== 47 && html.charCodeAt(i) !== 62) i++
    while (i < html.length && isSpace(html.charCodeAt(i))) i++
    if (html.charCodeAt(i) !== 61) continue
    i++
    while (i < html.length && isSpace(html.charCodeAt(i))) i++
    const quote = html.charCodeAt(i)
    if (quote === 34 || quote === 39) {
      const close = html.indexOf(quote === 34 ? '"' : "'", i + 1)
      if (close === -1) return null
      i = close + 1
    } else {
      // An unquoted value runs to a space or `>` (a `/` in it is part of it: `<a href=x/>` is not self-closed).
      while (i < html.length && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 62) i++
    }
  }
  return null
}

/** Where `</name` followed by a space, `/` or `>` (any case) next starts from `from`, or -1. */
function closingTag (html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    const after = html.charCodeAt(at + 2 + name.length)
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name && (isSpace(after) || after === 47 || after === 62)) return at
  }
  return -1
}

/** True when the page nests elements more than `limit` deep. One pass; each end tag looks at most `limit` elements down. */
export function nestsDeeperThan (html: string, limit: number = MAX_HTML_NESTING): boolean {
  const open: string[] = []
  const foreign: boolean[] = []
  let i = html.indexOf('<')
  while (i !== -1 && i < html.length - 1) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4)
      if (end === -1) return false
      i = html.indexOf('<', end + 3)
      continue
    }
    const closing = html.charCodeAt(i + 1) === 47
    const start = i + (closing ? 2 : 1)
    if (!isAlpha(html.charCodeAt(start))) { // `<!DOCTYPE`, `<?xml`, `</ x>`, a lone `<` in text: no element
      i = html.indexOf('<', i + 1)
      continue
    }
    let nameEnd = start
    // An end tag's name runs to a space or `>`; an opening tag's to a space, `/` or `>`.
    while (nameEnd < html.length && !isSpace(html.charCodeAt(nameEnd)) && html.charCodeAt(nameEnd) !== 62 && (closing || html.charCodeAt(nameEnd) !== 47)) nameEnd++
    const name = html.slice(start, nameEnd).toLowerCase()
    if (closing) {
      const end = html.indexOf('>', nameEnd)
      if (end === -1) return false
      if (FOREIGN.has(name) || INTEGRATION.has(name)) foreign.pop()
      const at = VOID.has(name) ? -1 : open.lastIndexOf(name)
      if (at !== -1) open.length = at
      i = html.indexOf('<', end + 1)
      continue
    }
    const tag = openTagEnd(html, nameEnd)
    if (tag === null) return false
    const closes = IMPLIES_CLOSE.get(name)
    while (closes && open.length > 0 && closes.has(open[open.length - 1]!)) open.pop()
    if (!VOID.has(name)) {
      if (FOREIGN.has(name)) foreign.push(true)
      else if (INTEGRATION.has(name)) foreign.push(false)
      if (!(tag.selfClosing && foreign[foreign.length - 1] === true)) {
        open.push(name)
        if (open.length > limit) return true
        if (RAW_TEXT.has(name) && !tag.selfClosing) {
          const close = closingTag(html, name, tag.end)
          const end = close === -1 ? -1 : html.indexOf('>', close)
          if (end === -1) return false // the rest of the page is its text
          open.pop()
          if (INTEGRATION.has(name)) foreign.pop() // `</title>` leaves its integration point
          i = html.indexOf('<', end + 1)
          continue
        }
      }
    }
    i = html.indexOf('<', tag.end)
  }
  return false
}
