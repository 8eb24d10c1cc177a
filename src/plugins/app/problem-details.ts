import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { STATUS_CODES } from 'node:http'
import { isPoolOverloaded } from '../../db/admission.js'
import { PROBLEM_DETAILS } from '../../lib/examples.js'
import { redactKeyParams } from '../../lib/key-in-query.js'
import { isWriteCollision, postgresCode } from '../../lib/postgres-errors.js'
import { OVERLOADED_TYPE, PROBLEM_CONTENT_TYPE, problemInstance, ProblemSchema } from '../../lib/problem.js'
import { SLUG_MAX_LENGTH } from '../../lib/slugs.js'
import { readableMessage } from '../../lib/validation-messages.js'

type FieldError = { in: 'body' | 'query' | 'params' | 'headers', pointer: string, detail: string }

// Prisma error codes that are the caller's doing, not ours.
const PRISMA_STATUS: Record<string, { status: number, detail: string }> = {
  P2002: { status: 409, detail: 'An item with that unique value already exists.' },
  P2003: { status: 409, detail: 'The item is still referenced by other items, or refers to one that does not exist.' },
  P2025: { status: 404, detail: 'The item was not found.' }
}

// Signs that the database, not the request, is the problem: Prisma's connection codes
// (P1001 unreachable, P1002/P1008 timed out, P1017 connection closed, P2024 pool timeout,
// P2028 transaction aborted), its driver adapter's error kinds, and pg's own errors
// (network codes, "admin shutdown"/"cannot connect now", class 08 connection exceptions,
// too many connections, and the pool's connect timeout).
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028'])
const ADAPTER_UNAVAILABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError'])
const PG_UNAVAILABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|57P0[1-3]|08\w{3}|53300)$/
// (pg-pool's "timeout exceeded when trying to connect" is a full pool, not an outage: see isPoolOverloaded.)
const PG_UNAVAILABLE_MESSAGE = /Connection terminated|Client has encountered a connection error|Connection ended unexpectedly/i
export const DATABASE_RETRY_AFTER_SECONDS = 5
export const OVERLOADED_RETRY_AFTER_SECONDS = 2

// Postgres data exceptions that only a caller's value can cause: a NUL character or bad
// encoding (22021, 22P05), a value too long or out of range (22001, 22003, 22008), a
// malformed number or date (22P02, 22007). The request is at fault: 400, not 500.
// A text over what Postgres can index (54000: a story body of so many distinct words that its
// search tsvector passes 1 MB, under the body limit) is the caller's too.
const PG_BAD_VALUE = /^(22021|22P05|22001|22003|22008|22P02|22007|54000)$/
export const BAD_VALUE_DETAIL = 'A value in the request cannot be stored or looked up (for example a NUL character, or a number or date out of range).'
const TOO_LARGE_TO_INDEX_DETAIL = 'A text in the request is too large to be stored and indexed for search (for example a story body with too many distinct words); shorten it.'

/** Whether Postgres refused a value only the caller can have sent (a 400; see PG_BAD_VALUE). */
export const isBadValueError = (error: unknown): boolean => PG_BAD_VALUE.test(postgresCode(error) ?? '')

/** The detail of a 400 for such a value. */
export const badValueDetail = (error: unknown): string => postgresCode(error) === '54000' ? TOO_LARGE_TO_INDEX_DETAIL : BAD_VALUE_DETAIL

/** Whether an error means "the database cannot be reached right now" (503), following `cause`. */
export function isDatabaseUnavailable (error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { code, message, meta, cause } = current as { code?: unknown, message?: unknown, meta?: { driverAdapterError?: { cause?: { kind?: unknown, originalCode?: unknown } } }, cause?: unknown }
    if (typeof code === 'string' && (PRISMA_UNAVAILABLE.has(code) || PG_UNAVAILABLE.test(code))) return true
    const adapter = meta?.driverAdapterError?.cause ?? (cause as { kind?: unknown, originalCode?: unknown } | undefined)
    if (typeof adapter?.kind === 'string' && ADAPTER_UNAVAILABLE.has(adapter.kind)) return true
    if (typeof adapter?.originalCode === 'string' && PG_UNAVAILABLE.test(adapter.originalCode)) return true
    if (typeof message === 'string' && PG_UNAVAILABLE_MESSAGE.test(message)) return true
    current = cause
  }
  return false
}

// Errors on the client's own socket: it reset or left mid-upload. Node reports a request body
// cut short as "aborted" with code ECONNRESET, the same code a lost database connection has.
const CLIENT_SOCKET = /^(ECONNRESET|EPIPE|ERR_STREAM_PREMATURE_CLOSE)$/

/** Whether the error is the caller hanging up, not a fault on our side. */
function clientWentAway (request: FastifyRequest, error: { code?: string, message: string }): boolean {
  if (request.raw.readableAborted) return true
  return CLIENT_SOCKET.test(error.code ?? '') && request.raw.socket?.destroyed === true
}

/** The methods the API's routes use, in the order an `Allow` header lists them. */
const ROUTE_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']

/** The one error path: every failure leaves as RFC 9457 problem+json. */
export default fp(async function problemDetails (fastify: FastifyInstance) {
  fastify.addSchema(ProblemSchema)

  fastify.setErrorHandler((error: FastifyError & { code?: string, errors?: FieldError[] }, request, reply) => {
    if (error.validation) {
      const where = (error.validationContext === 'querystring' ? 'query' : error.validationContext ?? 'body') as FieldError['in']
      const errors = error.validation.map((issue) => ({
        in: where,
        pointer: pointerOf(issue.instancePath, issue.params),
        detail: readableMessage(issue)
      }))
      const detail = errors.map((e) => `${e.in}${e.pointer || ''} ${e.detail}`).join('; ')
      return sendProblem(request, reply, 400, detail, { errors })
    }
    if (clientWentAway(request, error)) {
      // The caller hung up: nothing is wrong here and nobody is left to answer.
      request.log.info({ code: error.code }, 'client disconnected before the request was complete')
      return sendProblem(request, reply, 400, 'The client closed the connection before the request was complete.')
    }
    const shedReason = (error as { shedReason?: unknown }).shedReason
    if (typeof shedReason === 'string') request.shedReason = shedReason
    if ((error as { overloaded?: unknown }).overloaded === true || isPoolOverloaded(error)) {
      // Load shedding: the server is busy, the database is fine. Expected under a burst: no stack.
      request.shedReason ??= 'pool_timeout'
      request.log.warn({ reason: error.message }, 'request shed: overloaded')
      if (!reply.hasHeader('retry-after')) reply.header('retry-after', String(OVERLOADED_RETRY_AFTER_SECONDS))
      const detail = (error as { overloaded?: unknown }).overloaded === true ? error.message : 'The server is overloaded: no database connection was free in time; retry shortly.'
      return sendProblem(request, reply, 503, detail, { type: OVERLOADED_TYPE })
    }
    if (isDatabaseUnavailable(error)) {
      // Expected during an outage or a failover: a short warning, no stack, and a retry hint.
      request.log.warn({ code: error.code }, 'database unavailable')
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      return sendProblem(request, reply, 503, 'The database is unavailable right now; retry shortly.')
    }
    if (isBadValueError(error)) {
      return sendProblem(request, reply, 400, badValueDetail(error))
    }
    if (isWriteCollision(error)) {
      // Retried by the write path already (src/lib/write-path.ts); nothing was written.
      request.log.warn({ code: postgresCode(error) }, 'write collided with a concurrent one')
      reply.header('retry-after', '1')
      return sendProblem(request, reply, 503, 'The write met another one made at the same moment and was undone; nothing was written. Send it again.')
    }
    const prisma = error.code !== undefined ? PRISMA_STATUS[error.code] : undefined
    if (prisma) return sendProblem(request, reply, prisma.status, prisma.detail)

    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500
    if (status < 500 || status === 503) reply.headers((error as { headers?: Record<string, string> }).headers ?? {})
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      return sendProblem(request, reply, status, status === 500 ? 'An unexpected error occurred; it has been logged.' : error.message)
    }
    return sendProblem(request, reply, status, error.message, error.errors ? { errors: error.errors } : {})
  })

  // HTTP/1.1 needs a Host (RFC 9112 §3.2). An expectation other than 100-continue is ignored
  // (RFC 9110 §10.1.1 allows it): Node's own answers to both, a 400 and a 417, had no body.
  fastify.server.on('checkExpectation', (req, res) => fastify.server.emit('request', req, res))
  fastify.addHook('onRequest', (request, reply, done) => {
    const { httpVersionMajor, httpVersionMinor } = request.raw
    if (httpVersionMajor === 1 && httpVersionMinor >= 1 && request.headers.host === undefined) {
      sendProblem(request, reply, 400, 'An HTTP/1.1 request needs a Host header.')
      return
    }
    done()
  })

  // One URL per resource: `/v1/articles/` is neither the list nor an article with an empty slug.
  // Any API URL ending in a slash is a 404 that names the URL without it (the /docs pages excepted).
  fastify.addHook('onRequest', (request, reply, done) => {
    const end = request.url.indexOf('?')
    const path = end === -1 ? request.url : request.url.slice(0, end)
    if (path.length > 1 && path.endsWith('/') && !path.startsWith('/docs')) {
      const shown = redactKeyParams(path)
      sendProblem(request, reply, 404, `No route for ${request.method} ${shown}: URLs here have no trailing slash; use ${shown.replace(/\/+$/, '') || '/'}.`)
      return
    }
    done()
  })

  // A fixed path next to a parameter (`/v1/topics/trending` beside `/v1/topics/:idOrSlug`),
  // asked with a method only the parameter's route has, is that fixed path's 405 too: not a
  // write to an item whose slug is the route's name (no item may have it, see slugs.ts).
  const fixedPaths = new Map<string, Set<string>>()
  fastify.addHook('onRoute', (route) => {
    if (/[:*]/.test(route.url)) return
    const methods = fixedPaths.get(route.url) ?? new Set<string>()
    for (const method of [route.method].flat()) methods.add(method)
    if (methods.has('GET') && route.exposeHeadRoute !== false) methods.add('HEAD')
    fixedPaths.set(route.url, methods)
  })
  // A path that has routes, asked with a method none of them has, is a 405 naming the methods
  // it has (RFC 9110 15.5.6; OPTIONS too, with no CORS origin configured); any other is a 404.
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    // A fixed path (`/v1/topics/trending`) has its own methods, not those of the `/:idOrSlug` beside it.
    const fixed = fixedPaths.get(path)
    const allowed = ROUTE_METHODS.filter((method) => method !== request.method && (fixed ? fixed.has(method) : fastify.findRoute({ method, url: path }) !== null))
    if (allowed.length > 0) return methodNotAllowed(request, reply, path, allowed)
    return sendProblem(request, reply, 404, `No route for ${request.method} ${redactKeyParams(request.url).split('?')[0]}.`)
  })

  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url?.includes(':')) {
      const end = request.url.indexOf('?')
      const path = end === -1 ? request.url : request.url.slice(0, end)
      const methods = fixedPaths.get(path)
      if (methods !== undefined && !methods.has(request.method)) {
        methodNotAllowed(request, reply, path, ROUTE_METHODS.filter((method) => methods.has(method)))
        return
      }
    }
    done()
  })
})

/** A 405 naming the methods `path` has, in its `Allow` header and its detail. */
function methodNotAllowed (request: FastifyRequest, reply: FastifyReply, path: string, allowed: string[]): FastifyReply {
  reply.header('allow', allowed.join(', '))
  return sendProblem(request, reply, 405, `${request.method} is not a method of ${redactKeyParams(path)}; it has ${allowed.join(', ')}.`)
}

/**
 * Errors the router raises before any route or hook runs (a malformed URL, a path segment
 * over the length limit): Fastify hands them to `frameworkErrors`, not to the error handler.
 */
export function frameworkError (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(request, reply, 414, `A path segment is longer than ${SLUG_MAX_LENGTH} characters, the longest slug or id.`)
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
  return sendProblem(request, reply, status, error.code === 'FST_ERR_BAD_URL' ? 'The URL is malformed (bad percent-encoding).' : error.message)
}

/**
 * Errors on the raw connection, before any request object exists (a body that arrives too
 * slowly, a malformed request line): answered as problem+json and the socket closed.
 */
export function clientError (error: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const body = JSON.stringify({
    type: 'about:blank',
    title: STATUS_CODES[status],
    status,
    detail: status === 408
      ? 'The request did not arrive in time (REQUEST_TIMEOUT_MS); split a large upload or send it faster.'
      : status === 431 ? PROBLEM_DETAILS.headersTooLarge : 'The request is malformed.',
    instance: '/'
  })
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

function pointerOf (instancePath: string, params: Record<string, unknown>): string {
  // "must have required property" and "must NOT have additional properties" name the key in params.
  const key = params.missingProperty ?? params.additionalProperty
  return typeof key === 'string' ? `${instancePath}/${key}` : instancePath
}

export function sendProblem (request: FastifyRequest, reply: FastifyReply, status: number, detail: string, extra: Record<string, unknown> = {}): FastifyReply {
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="newsdesk"')
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: 'about:blank', // unless `extra` names one
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      instance: problemInstance(redactKeyParams(request.url)),
      ...extra
    })
}
