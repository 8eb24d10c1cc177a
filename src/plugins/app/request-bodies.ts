import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { charsetProblem, contentEncodingProblem, utf8Text } from '../../lib/charset.js'
import { tidyNames } from '../../lib/names.js'

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/**
 * How request bodies are read, for every route: UTF-8 only (another declared charset is a
 * 415, bytes that are not UTF-8 a 400, never U+FFFD stored), uncompressed (a Content-Encoding
 * is a 415), and names and titles tidied
 * before validation, so a name of only spaces is refused as empty.
 */
export default fp(async function requestBodies (fastify: FastifyInstance) {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    // Only methods whose body is read (and whose 415 is documented).
    const problem = BODY_METHODS.has(request.method)
      ? contentEncodingProblem(request.headers['content-encoding']) ?? charsetProblem(request.headers['content-type'])
      : null
    if (problem) done(problem)
    else done(null, payload)
  })

  const parseJson = fastify.getDefaultJsonParser('error', 'ignore')
  fastify.removeContentTypeParser(['application/json', 'text/plain'])
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // An operation that takes no body (a DELETE, a ping, a restore) reads none: clients that
    // label every request `application/json` got a 400 for the empty body they did not send.
    if ((body as Buffer).length === 0 && request.routeOptions.schema?.body === undefined) return done(null, undefined)
    let text: string
    try { text = utf8Text(body as Buffer) } catch (error) { return done(error as Error, undefined) }
    parseJson(request, text, done)
  })
  fastify.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => {
    try { done(null, utf8Text(body as Buffer)) } catch (error) { done(error as Error, undefined) }
  })

  fastify.addHook('preValidation', (request, _reply, done) => {
    tidyNames(request.body)
    done()
  })
}, { name: 'request-bodies' })
