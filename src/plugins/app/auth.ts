import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { httpProblem } from '../../lib/problem.js'
import { actingAs } from '../../lib/write-path.js'
import { verifyApiKey, type Scope } from '../../modules/keys/api-keys.js'

export interface Principal { keyId: string, name: string, scopes: Set<Scope> }

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    /** preHandler that answers 401 without a valid key and 403 without the scope. */
    requireScope: (scope: Scope) => (request: FastifyRequest) => Promise<void>
  }
}

/**
 * Whether this caller may see drafts, scheduled and archived items. Scopes do not imply one
 * another (only `admin` implies all): a `content:write` key alone reads what the public reads.
 */
export function canReadDrafts (request: FastifyRequest): boolean {
  const scopes = request.principal?.scopes
  return scopes !== undefined && (scopes.has('content:read-drafts') || scopes.has('admin'))
}

// The one auth hook: public reads need no key; a key, when sent, must be valid. The key is
// looked up on request and a bad one refused just after, in preParsing, so the rate limiter
// (a route-level onRequest hook, which runs in between) counts bad keys against the caller's IP.
const BAD_KEY = Symbol('bad API key')

export default fp(async function auth (fastify: FastifyInstance) {
  fastify.decorateRequest('principal', null)
  fastify.decorateRequest(BAD_KEY, false)

  fastify.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    if (header === undefined) return
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const key = match?.[1] ? await verifyApiKey(fastify.db, match[1]) : null
    if (key) request.principal = { keyId: key.id, name: key.name, scopes: key.scopes }
    else (request as unknown as Record<symbol, boolean>)[BAD_KEY] = true
  })

  // The rest of the request acts as its key: every change event it causes names that key.
  fastify.addHook('onRequest', (request, _reply, done) => {
    actingAs({ via: 'api', keyId: request.principal?.keyId ?? null }, done)
  })

  fastify.addHook('preParsing', async (request) => {
    // A URL that names no route is a 404 whatever key comes with it.
    if (request.is404) return
    if ((request as unknown as Record<symbol, boolean>)[BAD_KEY]) throw httpProblem(401, 'The API key is missing, malformed, unknown or revoked.')
  })

  fastify.decorate('requireScope', (scope: Scope) => async (request: FastifyRequest) => {
    if (!request.principal) throw httpProblem(401, 'This operation needs an API key: send `Authorization: Bearer <key>`.')
    const { scopes } = request.principal
    if (!scopes.has(scope) && !scopes.has('admin')) throw httpProblem(403, `This operation needs an API key with the "${scope}" scope.`)
  })
}, { name: 'auth', dependencies: ['database'] })
