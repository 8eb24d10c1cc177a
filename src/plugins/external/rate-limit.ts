import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import ipaddr from 'ipaddr.js'
import { httpProblem } from '../../lib/problem.js'
import { connectRedis } from '../../lib/redis.js'

export interface RateLimitOptions {
  windowMs: number
  perIp: number
  perKey: number
  /** Shared counters for every instance; in-memory (per process) without it. */
  redisUrl?: string | undefined
  /** Keeps several deployments on one Redis apart. */
  redisKeyPrefix?: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether this request's client IP has used up its budget; counts nothing. */
    ipOverLimit: (request: FastifyRequest) => Promise<boolean>
  }
}

/** Probes for load balancers and orchestrators: limiting them would take a healthy instance out of service. */
export const UNLIMITED_ROUTES = new Set(['/health', '/ready'])

/** A caller with a valid key is counted per key, anyone else per client IP (bad keys included). */
function bucketOf (request: FastifyRequest): string {
  return request.principal ? `key:${request.principal.keyId}` : ipBucket(request.ip)
}

/**
 * The client's address, or for IPv6 its /64: one subscriber line or host gets a whole /64, and
 * counting each of its 2^64 addresses apart would give every request a fresh budget.
 */
function clientNetwork (ip: string): string {
  if (!ipaddr.isValid(ip)) return ip
  const address = ipaddr.process(ip) // an IPv4-mapped address is its IPv4 address
  return address.kind() === 'ipv6' ? `${(address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64` : address.toString()
}

// Parsing the address took ipaddr.js about as long as the rest of counting the request; a client
// sends many requests from one address, so each address's bucket is remembered. Bounded: a flood
// from many addresses empties it rather than growing it.
const BUCKET_MEMO_MAX = 10_000
// The longest textual IPv6 address (an IPv4-mapped one written out in full).
const MAX_ADDRESS_LENGTH = 45
const ipBuckets = new Map<string, string>()
function ipBucket (ip: string): string {
  // Behind a trusted proxy, request.ip is whatever the client sent in X-Forwarded-For: only strings no longer than an address are remembered.
  if (ip.length > MAX_ADDRESS_LENGTH) return `ip:${clientNetwork(ip)}`
  let bucket = ipBuckets.get(ip)
  if (bucket === undefined) {
    if (ipBuckets.size >= BUCKET_MEMO_MAX) ipBuckets.clear()
    bucket = `ip:${clientNetwork(ip)}`
    ipBuckets.set(ip, bucket)
  }
  return bucket
}

// One global onRequest hook, registered after auth (so the key is known) and before the
// response cache (so cached answers count too). A request with a bad key is counted against
// its IP here, before the auth hook's preParsing step answers 401; unknown URLs count too.
// The auth hook asks `ipOverLimit` first: a key from an IP over its limit is not looked up.
export default fp(async function rateLimits (fastify: FastifyInstance, opts: RateLimitOptions) {
  const redis = opts.redisUrl
    ? await connectRedis(opts.redisUrl, fastify.log, { outage: 'rate limits are not enforced meanwhile', recovery: 'rate limits are enforced again' })
    : undefined
  if (redis) fastify.addHook('onClose', async () => { await redis.quit().catch(() => redis.disconnect()) })
  await fastify.register(rateLimit, {
    global: false,
    timeWindow: opts.windowMs,
    max: (request, bucket) => bucket.startsWith('key:') ? opts.perKey : opts.perIp,
    keyGenerator: bucketOf,
    allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
    enableDraftSpec: true, // RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset
    ...(redis && { redis, nameSpace: `${opts.redisKeyPrefix ?? 'newsdesk:'}rate-limit:` }),
    // A Redis outage must not take the API down with it: count nothing rather than fail
    // (the client fails each command at once while Redis is down: src/lib/redis.ts).
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      httpProblem(429, `Too many requests: the limit is ${context.max} per ${Math.round(opts.windowMs / 1000)} s; retry in ${context.after}.`)
  })
  // Without options it shares the counters (options would make a store of its own); before
  // the key is known, bucketOf names the IP's bucket.
  const peekIp = fastify.createRateLimit()
  fastify.decorate('ipOverLimit', async (request: FastifyRequest) => {
    const status = await peekIp(request, { increment: false })
    // No request left: the next one counted against this IP is a 429 whatever key it carries.
    return !status.isAllowed && (status.isExceeded || status.remaining <= 0)
  })
  fastify.addHook('onRequest', fastify.rateLimit())
  // The IP's window may have reset between the peek and the count: then the key is looked up now.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const lookup = fastify.identifyDeferredKey(request)
    if (lookup === undefined) done()
    else lookup.then(() => done(), done)
  })
}, { name: 'rate-limit', dependencies: ['auth'] })
