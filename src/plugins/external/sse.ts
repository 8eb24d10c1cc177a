import { fastifySSE } from '@fastify/sse'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// Server-Sent Events for the live change feed: Accept negotiation on a route that serves
// JSON too, Last-Event-ID, and a heartbeat comment that keeps idle proxies from cutting the stream.
export default fp(async function serverSentEvents (fastify: FastifyInstance) {
  await fastify.register(fastifySSE, { heartbeatInterval: 15_000 })
}, { name: 'sse' })
