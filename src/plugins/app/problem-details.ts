import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { STATUS_CODES } from 'node:http'
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '../../lib/problem.js'

type FieldError = { in: 'body' | 'query' | 'params' | 'headers', pointer: string, detail: string }

// Prisma error codes that are the caller's doing, not ours.
const PRISMA_STATUS: Record<string, { status: number, detail: string }> = {
  P2002: { status: 409, detail: 'An item with that unique value already exists.' },
  P2003: { status: 409, detail: 'The item is still referenced by other items, or refers to one that does not exist.' },
  P2025: { status: 404, detail: 'The item was not found.' }
}

/** The one error path: every failure leaves as RFC 9457 problem+json. */
export default fp(async function problemDetails (fastify: FastifyInstance) {
  fastify.addSchema(ProblemSchema)

  fastify.setErrorHandler((error: FastifyError & { code?: string, errors?: FieldError[] }, request, reply) => {
    if (error.validation) {
      const where = (error.validationContext === 'querystring' ? 'query' : error.validationContext ?? 'body') as FieldError['in']
      const errors = error.validation.map((issue) => ({
        in: where,
        pointer: pointerOf(issue.instancePath, issue.params),
        detail: issue.message ?? 'is invalid'
      }))
      const detail = errors.map((e) => `${e.in}${e.pointer || ''} ${e.detail}`).join('; ')
      return sendProblem(request, reply, 400, detail, { errors })
    }
    const prisma = error.code !== undefined ? PRISMA_STATUS[error.code] : undefined
    if (prisma) return sendProblem(request, reply, prisma.status, prisma.detail)

    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      return sendProblem(request, reply, status, status === 500 ? 'An unexpected error occurred; it has been logged.' : error.message)
    }
    return sendProblem(request, reply, status, error.message, error.errors ? { errors: error.errors } : {})
  })

  fastify.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, `No route for ${request.method} ${request.url.split('?')[0]}.`))
})

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
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      instance: request.url,
      ...extra
    })
}
