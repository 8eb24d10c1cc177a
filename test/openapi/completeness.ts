// The rules every operation of the OpenAPI document must follow, so a partner can generate
// a client from it and trust it. Each gap is reported with the operation's name, so routes
// added later are held to the same standard.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
const WRITES = new Set(['post', 'put', 'patch', 'delete'])
const PROBLEM_REF = '#/components/schemas/Problem'
// Responses that are deliberately not problem details, and why.
const NOT_PROBLEMS: Record<string, string> = {
  'getReadiness 503': 'load balancers read the same { status, database } body as for 200'
}
// Writes to one item that take no If-Match, and why.
const NO_IF_MATCH: Record<string, string> = {
  revokeApiKey: 'a key has no version and no ETag (no single-key GET); revoking twice keeps the first time'
}
// Routes that load shedding and database outages never answer with 503, and why.
const NO_503 = new Set(['/health']) // liveness: an overloaded process is alive
// Routes the rate limiter skips: a probe must not take a healthy instance out of service.
const UNLIMITED = new Set(['/health', '/ready'])
const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']

export function operationGaps (doc: Json): string[] {
  const gaps: string[] = []
  const tags = new Set((doc.tags ?? []).map((tag: Json) => tag.name))
  const operationIds = new Map<string, string>()

  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
    for (const method of METHODS) {
      const op: Json | undefined = item[method]
      if (!op) continue
      const name = `${method.toUpperCase()} ${path} (${op.operationId ?? 'no operationId'})`
      const gap = (what: string): void => { gaps.push(`${name}: ${what}`) }
      const responses: Json = op.responses ?? {}
      const has = (status: number): boolean => String(status) in responses
      const parameters: Json[] = (op.parameters ?? []).map((p: Json) => resolveRef(doc, p))

      if (typeof op.operationId !== 'string' || !/^[a-z][a-zA-Z0-9]*$/.test(op.operationId)) gap('needs a camelCase operationId')
      else if (operationIds.has(op.operationId)) gap(`operationId also used by ${operationIds.get(op.operationId)}`)
      else operationIds.set(op.operationId, `${method.toUpperCase()} ${path}`)
      if (!op.summary?.trim()) gap('needs a summary')
      if (!op.description?.trim()) gap('needs a description')
      if (!Array.isArray(op.tags) || op.tags.length === 0) gap('needs a tag')
      for (const tag of op.tags ?? []) if (!tags.has(tag)) gap(`tag "${tag}" is not declared in the document's tags`)

      const write = WRITES.has(method)
      if (!Array.isArray(op.security)) gap('needs a security requirement (public reads: optional key; writes: apiKey)')
      else if (write && (op.security.length === 0 || op.security.some((req: Json) => !req.apiKey))) gap('is a write: its security must require apiKey')

      for (const param of pathParams) {
        if (!parameters.some((p) => p.in === 'path' && p.name === param)) gap(`path parameter {${param}} is not declared`)
      }

      if (op.requestBody) {
        for (const [type, media] of Object.entries(op.requestBody.content ?? {}) as [string, Json][]) {
          if (media.example === undefined && media.examples === undefined) gap(`request body ${type} needs an example`)
        }
      }

      if (!Object.keys(responses).some((status) => status.startsWith('2'))) gap('needs a 2xx response')
      for (const [status, res] of Object.entries(responses) as [string, Json][]) {
        if (!res.description?.trim() || res.description === 'Default Response') gap(`response ${status} needs a description`)
        if (status.startsWith('2')) {
          for (const [type, media] of Object.entries(res.content ?? {}) as [string, Json][]) {
            if (media.example === undefined && media.examples === undefined) gap(`response ${status} needs an example`)
          }
        }
        if (/^[45]/.test(status) && !NOT_PROBLEMS[`${op.operationId} ${status}`] && res.content?.['application/problem+json']?.schema?.$ref !== PROBLEM_REF) {
          gap(`response ${status} must be application/problem+json with the Problem schema`)
        }
      }

      // Headers a client relies on are declared where they are sent.
      const headersOf = (status: string): Set<string> => new Set(Object.keys(responses[status]?.headers ?? {}))
      for (const status of Object.keys(responses)) {
        const headers = headersOf(status)
        if (!UNLIMITED.has(path)) for (const header of RATE_LIMIT_HEADERS) if (!headers.has(header)) gap(`response ${status} must declare ${header}`)
        if ((status === '201' || status === '301') && !headers.has('Location')) gap(`response ${status} must declare Location`)
        const body = resolveRef(doc, responses[status]?.content?.['application/json']?.schema ?? {})
        const versioned = Boolean(body.properties?.updatedAt && body.properties?.version)
        if (versioned && (status === '201' || (method === 'patch' && status === '200'))) {
          for (const header of ['ETag', 'Last-Modified']) if (!headers.has(header)) gap(`response ${status} returns a versioned item: must declare ${header}`)
        }
        const ndjson = responses[status]?.content?.['application/x-ndjson']
        if (ndjson && ndjson.schema?.contentSchema?.$ref === undefined) gap(`response ${status}: NDJSON must name its line schema (contentSchema)`)
      }
      const ndjsonBody = op.requestBody?.content?.['application/x-ndjson']
      if (ndjsonBody && ndjsonBody.schema?.contentSchema?.$ref === undefined) gap('NDJSON request body must name its line schema (contentSchema)')

      const expected: Array<[number, string]> = [[401, 'a sent key is always checked'], [500, 'any route can fail']]
      if (!UNLIMITED.has(path)) expected.push([429, 'every request counts against a rate limit'])
      if (!NO_503.has(path)) expected.push([503, 'load is shed and database outages are reported'])
      if (method === 'get') expected.push([304, 'GETs answer If-None-Match'])
      if (parameters.some((p) => p.in !== 'header') || op.requestBody) expected.push([400, 'it validates its input'])
      if (write) expected.push([403, 'it needs a scope'])
      if (op.requestBody?.content?.['application/json']) expected.push([413, 'JSON bodies have a size limit'], [415, 'bodies have a content type'])
      if (method === 'delete') expected.push([413, 'a body sent anyway is parsed, with its size limit'], [415, 'a body sent anyway must be JSON'])
      if (pathParams.length > 0) expected.push([404, 'it addresses one item'])
      if (pathParams.length > 0 && (method === 'put' || method === 'patch' || method === 'delete') && !NO_IF_MATCH[op.operationId]) expected.push([412, 'it changes an item: If-Match applies'])
      for (const [status, why] of expected) if (!has(status)) gap(`must document ${status} (${why})`)
      if (has(412) && !parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) gap('documents 412 but not the If-Match header')
    }
  }
  return gaps
}

/**
 * Formats a generated client relies on: ids are UUIDs, `...At` are date-times, `...Url` are URIs.
 * Returns the schema locations that break these naming rules.
 */
const FOREIGN_SPECS = /\/(JsonFeed|QuoteJsonFeed)\//

export function formatGaps (doc: Json): string[] {
  const gaps: string[] = []
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) { node.forEach((child, i) => visit(child, `${where}/${i}`)); return }
    if (!node || typeof node !== 'object') return
    const schema = node as Json
    // JSON Feed's members are named by its spec: an item's `id` is a string (`urn:uuid:...` here).
    if (schema.properties && typeof schema.properties === 'object' && !FOREIGN_SPECS.test(where)) {
      for (const [key, property] of Object.entries(schema.properties) as [string, Json][]) {
        const want = key === 'id' || (/[a-z]Id$/.test(key) && key !== 'externalId') ? 'uuid'
          : /[a-z]At$/.test(key) ? 'date-time'
            : /[a-z]Url$/.test(key) ? 'uri'
              : undefined
        if (want && !formatsOf(property).includes(want)) gaps.push(`${where}/properties/${key}: expected format ${want}`)
      }
    }
    for (const [key, value] of Object.entries(schema)) {
      if (key !== 'example' && key !== 'examples') visit(value, `${where}/${key}`)
    }
  }
  visit(doc.components?.schemas, '#/components/schemas')
  visit(doc.paths, '#/paths')
  return gaps
}

function formatsOf (schema: Json): string[] {
  if (schema.$ref) return ['uuid', 'date-time', 'uri'] // a named component: checked where it is defined
  const options: Json[] = schema.anyOf ?? schema.oneOf ?? [schema]
  return options.map((option) => option.format).filter((format): format is string => typeof format === 'string')
}

function resolveRef (doc: Json, node: Json): Json {
  if (typeof node.$ref !== 'string') return node
  return node.$ref.slice(2).split('/').reduce((at: Json, part: string) => at?.[part], doc) ?? node
}
