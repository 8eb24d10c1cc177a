import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** "https://a.example, https://b.example" → the list; "*" allows any origin; empty allows none. */
export function parseOrigins (value: string): string[] | '*' {
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')
  return origins.includes('*') ? '*' : origins
}

// Browsers on the listed origins may call the API; keys travel in a header, never in cookies,
// so credentials mode stays off.
export default fp(async function corsPolicy (fastify: FastifyInstance, opts: { origins: string }) {
  const origins = parseOrigins(opts.origins)
  await fastify.register(cors, {
    origin: origins === '*' ? '*' : origins.length === 0 ? false : origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'If-Modified-Since', 'Last-Event-ID'],
    exposedHeaders: ['ETag', 'Last-Modified', 'Link', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    credentials: false,
    maxAge: 600
  })
}, { name: 'cors' })
