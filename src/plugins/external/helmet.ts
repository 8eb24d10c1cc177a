import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'

// Security headers for a JSON API: nothing here is a page, so no script, style or frame may
// load from a response, and no browser may sniff JSON into something executable.
const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  // Public content is meant to be fetched by other sites' frontends (CORS decides who).
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'no-referrer' }
}

/** The headers helmet sets for these options, captured once from a stand-in response. */
function helmetHeaders (options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = { setHeader: (name: string, value: string) => { headers[name.toLowerCase()] = value }, removeHeader: () => {} }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {})
  return headers
}

// With options that do not vary per request (no nonces) helmet's headers never change, so
// they are worked out at start-up: @fastify/helmet rebuilds helmet on every request, which
// cost about 8% of the CPU of a cached answer.
export default fp(async function securityHeaders (fastify: FastifyInstance) {
  const headers = helmetHeaders(OPTIONS)
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
}, { name: 'security-headers' })
