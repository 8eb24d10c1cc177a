import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** "https://a.example, https://b.example" → the list; "*" allows any origin; empty allows none. */
export function parseOrigins (value: string): string[] | '*' {
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')
  return origins.includes('*') ? '*' : origins
}

// Browsers on the listed origins may call the API; keys travel in a header, never in cookies,
// so credentials mode stays off. With no origin listed the plugin is not registered at all: it
// would add no header and answer no preflight (an OPTIONS request is a 404 either way), yet its
// hook would still run on every request.
export default fp(async function corsPolicy (fastify: FastifyInstance, opts: { origins: string }) {
  const origins = parseOrigins(opts.origins)
  if (origins !== '*' && origins.length === 0) return
  await fastify.register(cors, {
    origin: origins === '*' ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'If-Modified-Since', 'If-Unmodified-Since', 'Last-Event-ID'],
    exposedHeaders: ['ETag', 'Last-Modified', 'Link', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    credentials: false,
    maxAge: 600
  })
}, { name: 'cors' })
