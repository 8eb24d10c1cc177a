// How deep a page nests its elements, found by one pass over the markup before any parsing.
// Readability's work grows with the cube of the depth (256 nested divs: about 0.5 s; 1,000:
// over 30 s), so 20,000 nested divs spent the whole parse budget before their 422. Real
// article pages nest a few dozen deep; browsers themselves stop nesting at 512.

/** Deeper than this, a page is refused before it is parsed. */
export const MAX_HTML_NESTING = 256

// Elements that never hold children, and elements a sibling closes (`<p>a<p>b`, `<li>` lists
// without `</li>`): neither makes the tree deeper, whether or not the page closes them.
const NO_DEPTH = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rp'])
// Their content is text, not markup: `<script>if (a<b)` opens nothing.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext'])

function isNameChar (code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45 || code === 58
}

/** Where the tag opened at `start` ends (after its `>`), skipping quoted attribute values; -1 if never. */
function tagEnd (html: string, start: number): number {
  let quote = 0
  for (let i = start; i < html.length; i++) {
    const code = html.charCodeAt(i)
    if (quote !== 0) {
      if (code === quote) quote = 0
    } else if (code === 34 || code === 39) {
      quote = code
    } else if (code === 62) {
      return i + 1
    }
  }
  return -1
}

/** Where `</name` (any case) next starts from `from`, or -1. */
function closingTag (html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name) return at
  }
  return -1
}

/** True when the page nests elements more than `limit` deep. Linear in the page's length. */
export function nestsDeeperThan (html: string, limit: number = MAX_HTML_NESTING): boolean {
  let depth = 0
  let i = html.indexOf('<')
  while (i !== -1 && i < html.length - 1) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4)
      if (end === -1) return false
      i = html.indexOf('<', end + 3)
      continue
    }
    const closing = html.charCodeAt(i + 1) === 47
    let nameEnd = i + (closing ? 2 : 1)
    while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++
    const name = html.slice(i + (closing ? 2 : 1), nameEnd).toLowerCase()
    if (name === '') { // `<!DOCTYPE`, `<?xml`, a lone `<` in text
      i = html.indexOf('<', i + 1)
      continue
    }
    const end = tagEnd(html, nameEnd)
    if (end === -1) return false
    if (closing) {
      if (!NO_DEPTH.has(name) && depth > 0) depth--
    } else if (RAW_TEXT.has(name)) {
      const close = closingTag(html, name, end)
      if (close === -1) return false
      i = html.indexOf('<', close + 2)
      continue
    } else if (!NO_DEPTH.has(name) && html.charCodeAt(end - 2) !== 47) {
      if (++depth > limit) return true
    }
    i = html.indexOf('<', end)
  }
  return false
}
