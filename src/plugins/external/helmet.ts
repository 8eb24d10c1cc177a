import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// Security headers for a JSON API: nothing here is a page, so no script, style or frame may
// load from a response, and no browser may sniff JSON into something executable.
export default fp(async function securityHeaders (fastify: FastifyInstance) {
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // Public content is meant to be fetched by other sites' frontends (CORS decides who).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' }
  })
}, { name: 'security-headers' })
