import createError from 'http-errors'
import { Type, type TSchema } from 'typebox'
import { SLUG_MAX_LENGTH } from './slugs.js'

// RFC 9457 problem details: the one shape every 4xx and 5xx answer takes.
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export const FieldErrorSchema = Type.Object({
  in: Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('params'), Type.Literal('headers')]),
  pointer: Type.String({ description: 'JSON Pointer (RFC 6901) to the offending value within `in`.' }),
  detail: Type.String()
})

export const ProblemSchema = Type.Object({
  type: Type.String({ format: 'uri-reference' }),
  title: Type.String(),
  status: Type.Integer({ minimum: 400, maximum: 599 }),
  detail: Type.String(),
  instance: Type.String({ format: 'uri-reference' }),
  errors: Type.Optional(Type.Array(FieldErrorSchema))
}, { $id: 'Problem', title: 'Problem', description: 'An RFC 9457 problem details object.' })

/** The problem `type` of a request shed under load: busy now, not broken (a database outage is `about:blank`). */
export const OVERLOADED_TYPE = 'urn:newsdesk:problem:overloaded'

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or fails validation; `errors` lists each field.',
  401: 'No API key, or an unknown or revoked one.',
  403: 'The API key lacks the scope this operation needs.',
  404: 'No such item, or it is not visible to this caller.',
  405: 'The path is a fixed route of its own (`trending`), which lacks this method; `Allow` names the ones it has.',
  409: 'The request conflicts with the current state (for example a slug already taken).',
  412: 'The `If-Match` ETag is stale: someone changed the item since you read it.',
  413: 'The body is larger than the configured limit.',
  414: `A path segment is longer than the longest slug (${SLUG_MAX_LENGTH} characters).`,
  415: 'The body has a content type, charset or content coding this operation does not accept (bodies are UTF-8 and uncompressed).',
  429: 'Too many requests; see `Retry-After`.',
  431: 'The request line and headers are larger than the server accepts (16 KB in all, a long query string included).',
  500: 'An unexpected error; it is logged and it is a bug.',
  503: `Temporarily unable to serve; see \`Retry-After\`. \`type\` is \`${OVERLOADED_TYPE}\` when the server is too busy right now (load shedding), \`about:blank\` when the database is unreachable.`
}

interface ProblemResponse {
  description: string
  content: { [PROBLEM_CONTENT_TYPE]: { schema: TSchema } }
}

/** Response schemas for the problem statuses a route can answer, for its `schema.response`. */
export function problemResponses (...statuses: number[]): Record<number, ProblemResponse> {
  const responses: Record<number, ProblemResponse> = {}
  for (const status of [...statuses, 500]) {
    responses[status] = {
      description: DESCRIPTIONS[status] ?? 'Problem details.',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } }
    }
  }
  return responses
}

/**
 * A 503 for a request shed under load; the problem-details handler gives it OVERLOADED_TYPE and
 * Retry-After. `reason` labels it in newsdesk_shed_requests_total (/metrics).
 */
export function overloaded (detail: string, reason: string): Error {
  return createError(503, detail, { overloaded: true, shedReason: reason })
}

// What RFC 3986 lets a URI reference hold as it is. `#` is not among them: a request target has
// no fragment. A stray `%` (not starting an escape) is not either.
const NOT_IN_URI_REFERENCE = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu

/**
 * The request target as a problem's `instance`, a valid URI reference: what clients may send but
 * a URI may not hold (`limit[]=1`, `%ZZ`, `|`, raw bytes) is percent-encoded.
 */
export function problemInstance (target: string): string {
  return target.replace(NOT_IN_URI_REFERENCE, (char) => {
    const code = char.codePointAt(0)!
    // Node reads the request line as latin1, one character per byte sent: encode that byte.
    const bytes = code <= 0xff ? [code] : [...Buffer.from(char)]
    return bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  })
}

/** An error the problem-details handler renders with this status and detail. */
export function httpProblem (status: number, detail: string, extra: Record<string, unknown> = {}): Error {
  return createError(status, detail, extra)
}

export const notFound = (what: string): Error => httpProblem(404, `${what} was not found.`)

/** What a schema validation issue (Ajv's or TypeBox's, same shape) tells the caller. */
