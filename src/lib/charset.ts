import { httpProblem } from './problem.js'

// Bodies are UTF-8. A body declared in another charset, or with bytes that are not UTF-8,
// is refused: decoding it anyway would store U+FFFD in place of the caller's characters.

const ACCEPTED = new Set(['utf-8', 'utf8'])
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** A 415 problem when `contentType` declares a charset other than UTF-8, else null. */
export function charsetProblem (contentType: string | undefined): Error | null {
  const declared = contentType === undefined ? undefined : CHARSET.exec(contentType)?.[1]
  if (declared === undefined || ACCEPTED.has(declared.toLowerCase())) return null
  return httpProblem(415, `Bodies must be UTF-8: declare charset=utf-8 or no charset (not "${declared.slice(0, 40)}").`)
}

/**
 * A 415 problem when a body declares a content coding (gzip, br, ...): bodies are read as sent,
 * so a compressed one would be stored as bytes, and a raw one labelled compressed is a client
 * bug. RFC 9110 15.5.16: the answer's Accept-Encoding names what is accepted.
 */
export function contentEncodingProblem (contentEncoding: string | undefined): Error | null {
  if (contentEncoding === undefined) return null
  const codings = contentEncoding.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '')
  const unsupported = codings.find((coding) => coding !== 'identity')
  if (unsupported === undefined) return null
  return Object.assign(httpProblem(415, `Bodies are accepted uncompressed only: send no Content-Encoding (not "${unsupported.slice(0, 40)}").`),
    { headers: { 'accept-encoding': 'identity' } })
}

/** The text of a UTF-8 body; a 400 problem when its bytes are not valid UTF-8. */
export function utf8Text (bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw httpProblem(400, 'The body is not valid UTF-8; send it encoded as UTF-8.')
  }
}

/** Whether text decoded leniently had invalid UTF-8 in it (now U+FFFD): for streamed lines. */
export function hasReplacementCharacters (text: string): boolean {
  return text.includes('\uFFFD')
}
