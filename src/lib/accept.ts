// Content negotiation for the one URL that answers in two types (/v1/changes: a JSON page or a
// live text/event-stream). @fastify/sse's own gate streams whenever `text/event-stream` is
// listed with any weight, so `application/json, text/event-stream;q=0.1` got a stream; here
// the weights decide (RFC 9110 §12.5.1), the most specific range naming a type giving its q.

interface Range { type: string, subtype: string, q: number }

function ranges (accept: string): Range[] {
  const out: Range[] = []
  for (const part of accept.split(',')) {
    const [media = '', ...params] = part.split(';')
    const [type = '', subtype = ''] = media.trim().toLowerCase().split('/')
    if (type === '' || subtype === '') continue
    let q = 1
    for (const param of params) {
      const [name = '', value = ''] = param.split('=')
      if (name.trim().toLowerCase() !== 'q') continue
      const weight = Number(value.trim())
      q = Number.isFinite(weight) && value.trim() !== '' ? Math.min(Math.max(weight, 0), 1) : 1
    }
    out.push({ type, subtype, q })
  }
  return out
}

/** The weight the header gives `type/subtype`: its own range, else its type's wildcard, else the any-type range; 0 when none covers it. */
function weightOf (list: Range[], type: string, subtype: string): { q: number, exact: boolean } {
  const exact = list.find((range) => range.type === type && range.subtype === subtype)
  if (exact) return { q: exact.q, exact: true }
  const partial = list.find((range) => range.type === type && range.subtype === '*') ?? list.find((range) => range.type === '*' && range.subtype === '*')
  return { q: partial?.q ?? 0, exact: false }
}

/**
 * Whether a request asks for the live stream rather than the JSON page: it must name
 * `text/event-stream` itself (a browser's any-type range is not a request to stream), with a weight
 * above zero and at least that of `application/json`.
 */
export function prefersEventStream (accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return false
  const list = ranges(accept)
  const stream = weightOf(list, 'text', 'event-stream')
  if (!stream.exact || stream.q <= 0) return false
  return stream.q >= weightOf(list, 'application', 'json').q
}
