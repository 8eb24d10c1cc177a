import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { PROBLEM_DETAILS } from '../../lib/examples.js'
import { keyInPath, keyParamIn } from '../../lib/key-in-query.js'
import { httpProblem } from '../../lib/problem.js'
import { currentContext } from '../../lib/request-context.js'
import { recentlyConfirmed, seenLive, verifyApiKey, type LiveKey, type Scope } from '../../modules/keys/api-keys.js'

export interface Principal { keyId: string, name: string, scopes: Set<Scope> }

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's statement checks that the request's key is still live (keyLiveSql), so a key
     * the database confirmed in the last minute is not read again first. The handler must call
     * confirmKey before any other work (src/modules/articles/routes.ts, PATCH).
     */
    keyCheckedByStatement?: boolean
  }
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    /** preHandler that answers 401 without a valid key and 403 without the scope. */
    requireScope: (scope: Scope) => (request: FastifyRequest) => Promise<void>
    /** Looks up a key the auth hook left for after the rate limit (its IP was over the limit); undefined when none was left. */
    identifyDeferredKey: (request: FastifyRequest) => Promise<void> | undefined
    /** The id of the request's key when this request has not read it from the database yet (keyCheckedByStatement). */
    unconfirmedKeyId: (request: FastifyRequest) => string | undefined
    /** Reads the request's key from the database if this request has not; a revoked key is a 401. */
    confirmKey: (request: FastifyRequest) => Promise<void>
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
// A key never seen working, from an IP already over its limit, is not looked up at all: the
// limiter answers 429 without a database query, so guessing keys costs the database nothing.
const BAD_KEY = Symbol('bad API key')
const DEFERRED_KEY = Symbol('API key not looked up yet')
const UNCONFIRMED_KEY = Symbol('API key taken from the last minute')
const BAD_KEY_DETAIL = 'The API key is missing, malformed, unknown or revoked.'
const SCOPE_CHECK = Symbol('requireScope check')
type Flags = Record<symbol, unknown>

/** The key in `Authorization: Bearer <key>`; undefined without the header, null when it is malformed. */
function presentedKey (request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null
}

export default fp(async function auth (fastify: FastifyInstance) {
  fastify.decorateRequest('principal', null)
  fastify.decorateRequest(BAD_KEY, false)
  fastify.decorateRequest(DEFERRED_KEY, null)
  fastify.decorateRequest(UNCONFIRMED_KEY, null)

  async function identify (request: FastifyRequest, secret: string | null): Promise<void> {
    const key = secret ? await verifyApiKey(fastify.pool, secret) : null
    if (!key) {
      (request as unknown as Flags)[BAD_KEY] = true
      return
    }
    actAs(request, key)
  }

  function actAs (request: FastifyRequest, key: LiveKey): void {
    request.principal = { keyId: key.id, name: key.name, scopes: key.scopes }
    // The rest of the request acts as its key: every change event it causes names that key.
    const context = currentContext()
    if (context) context.actor = { via: 'api', keyId: key.id }
  }

  // Callback hooks, not async ones: a request without a key (most reads) costs no promise.
  fastify.addHook('onRequest', (request, _reply, done) => {
    // Refused before anything looks at the key; a URL that names no route stays a 404 (logged redacted).
    const param = request.is404 ? undefined : keyParamIn(request.url)
    if (param !== undefined) return done(httpProblem(400, PROBLEM_DETAILS.keyInQuery(param)))
    if (!request.is404 && keyInPath(request.url)) return done(httpProblem(400, PROBLEM_DETAILS.keyInPath))
    const secret = presentedKey(request)
    if (secret === undefined) return done()
    const recent = secret !== null && request.routeOptions.config?.keyCheckedByStatement === true ? recentlyConfirmed(secret) : undefined
    if (recent) {
      actAs(request, recent)
      const flags = request as unknown as Flags
      flags[UNCONFIRMED_KEY] = secret
      return done()
    }
    lookUpOrDefer(request, secret).then(() => done(), done)
  })

  async function lookUpOrDefer (request: FastifyRequest, secret: string | null): Promise<void> {
    if (secret !== null && !seenLive(secret) && fastify.hasDecorator('ipOverLimit') && await fastify.ipOverLimit(request)) {
      (request as unknown as Flags)[DEFERRED_KEY] = secret
      return
    }
    await identify(request, secret)
  }

  fastify.decorate('identifyDeferredKey', (request: FastifyRequest): Promise<void> | undefined => {
    const flags = request as unknown as Flags
    const secret = flags[DEFERRED_KEY]
    if (typeof secret !== 'string') return undefined
    flags[DEFERRED_KEY] = null
    return identify(request, secret)
  })

  fastify.decorate('unconfirmedKeyId', (request: FastifyRequest): string | undefined =>
    typeof (request as unknown as Flags)[UNCONFIRMED_KEY] === 'string' ? request.principal?.keyId : undefined)

  fastify.decorate('confirmKey', async (request: FastifyRequest): Promise<void> => {
    const flags = request as unknown as Flags
    const secret = flags[UNCONFIRMED_KEY]
    if (typeof secret !== 'string') return
    flags[UNCONFIRMED_KEY] = null
    if (!await verifyApiKey(fastify.pool, secret)) {
      request.principal = null
      throw httpProblem(401, BAD_KEY_DETAIL)
    }
  })

  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    // A URL that names no route is a 404 whatever key comes with it.
    if (!request.is404 && (request as unknown as Record<symbol, boolean>)[BAD_KEY]) return done(httpProblem(401, BAD_KEY_DETAIL))
    done(null, payload)
  })

  fastify.decorate('requireScope', (scope: Scope) => Object.assign(async (request: FastifyRequest) => {
    if (!request.principal) throw httpProblem(401, 'This operation needs an API key: send `Authorization: Bearer <key>`.')
    const { scopes } = request.principal
    if (!scopes.has(scope) && !scopes.has('admin')) throw httpProblem(403, `This operation needs an API key with the "${scope}" scope.`)
  }, { [SCOPE_CHECK]: true }))

  // A route's scope check runs before its body is read, wherever the route put it: a caller
  // without the key must not make the server wait for, and hold, a body (up to
  // BODY_LIMIT_BYTES, for REQUEST_TIMEOUT_MS) only to be told 401 at the end. The key is
  // known by then (onRequest, the deferred one after the rate limit), so it is moved, not copied.
  fastify.addHook('onRoute', (route) => {
    const isCheck = (hook: unknown): boolean => (hook as Flags)[SCOPE_CHECK] === true
    const checks = [route.preValidation ?? [], route.preHandler ?? []].flat().filter(isCheck) as Array<(request: FastifyRequest) => Promise<void>>
    if (checks.length === 0) return
    const without = <Hook>(hooks: Hook | Hook[] | undefined): Hook[] | undefined => hooks === undefined ? undefined : [hooks].flat().filter((hook) => !isCheck(hook)) as Hook[]
    route.preValidation = without(route.preValidation)
    route.preHandler = without(route.preHandler)
    const beforeBody = async (request: FastifyRequest, _reply: unknown, payload: unknown): Promise<unknown> => {
      for (const check of checks) await check(request)
      return payload
    }
    route.preParsing = [beforeBody, ...[route.preParsing ?? []].flat()] as typeof route.preParsing
  })
}, { name: 'auth', dependencies: ['database'] })
