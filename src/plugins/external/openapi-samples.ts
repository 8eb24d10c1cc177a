import {
  ARTICLE_ETAG_EXAMPLE, ARTICLE_SUMMARY_EXAMPLE, PATH_PARAMETER_EXAMPLES, PROBLEM_DETAILS, QUERY_PARAMETER_EXAMPLES,
  problemExample, validationProblem, type ProblemExample
} from '../../lib/examples.js'

// What the API reference shows a partner beside each operation: request samples in curl,
// TypeScript (the typed client in client/) and Python, written with the example values, and
// a real example of every problem the operation can answer, worded as the API words it.
// Called by polishDocument (swagger.ts) on the finished document.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const SLUG_EXAMPLE = ARTICLE_SUMMARY_EXAMPLE.slug
export const SAMPLE_BASE_URL = 'http://localhost:3000'
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
const PROBLEM = 'application/problem+json'

export function addSamplesAndProblemExamples (doc: Json): void {
  for (const [path, item] of Object.entries(doc.paths ?? {}) as Array<[string, Json]>) {
    for (const method of METHODS) {
      const op: Json | undefined = item[method]
      if (!op) continue
      const request = exampleRequest(doc, path, method, op)
      addProblemExamples(op, request)
      op['x-codeSamples'] = [
        { lang: 'Shell', label: 'curl', source: curlSample(request) },
        { lang: 'TypeScript', label: 'TypeScript (typed client)', source: typescriptSample(request) },
        { lang: 'Python', label: 'Python (requests)', source: pythonSample(request) }
      ]
    }
  }
}

interface ExampleRequest {
  method: string
  /** The path as the document spells it, `{idOrSlug}` and all. */
  template: string
  pathParams: Record<string, string>
  query: Record<string, string>
  headers: Record<string, string>
  /** The request's path and query string with the example values. */
  url: string
  needsKey: boolean
  body?: { type: string, value: unknown }
  tags: string[]
  operationId: string
  noContent: boolean
  /** Whether the answer is XML (a feed or sitemap), read as text. */
  textAnswer: boolean
  /** Path parameters that are integers (a revision number): samples pass them as numbers. */
  integerPathParams: string[]
  /** Whether every error answer is problem details (/ready's 503 is not). */
  problemsOnly: boolean
}

function exampleRequest (doc: Json, template: string, method: string, op: Json): ExampleRequest {
  const pathParams: Record<string, string> = {}
  const query: Record<string, string> = {}
  const headers: Record<string, string> = {}
  const integerPathParams: string[] = []
  for (const raw of op.parameters ?? []) {
    const param: Json = raw.$ref ? doc.components.parameters[raw.$ref.split('/').pop()] : raw
    if (param.in === 'path') {
      const value = PATH_PARAMETER_EXAMPLES.find((e) => e.name === param.name && e.path.test(template))?.value
      if (value === undefined) throw new Error(`No example value for path parameter ${param.name} of ${method.toUpperCase()} ${template}: add one to PATH_PARAMETER_EXAMPLES`)
      if (!raw.$ref) raw.example ??= param.schema?.type === 'integer' ? Number(value) : value
      pathParams[param.name] = value
      if (param.schema?.type === 'integer') integerPathParams.push(param.name)
    } else if (param.in === 'query' && param.required) {
      const value = QUERY_PARAMETER_EXAMPLES[param.name]
      if (value === undefined) throw new Error(`No example value for query parameter ${param.name}: add one to QUERY_PARAMETER_EXAMPLES`)
      if (!raw.$ref) raw.example ??= value
      query[param.name] = value
    } else if (param.in === 'header' && param.name === 'If-Match') {
      headers['If-Match'] = ARTICLE_ETAG_EXAMPLE
    }
  }
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(pathParams[name]!))
  const search = new URLSearchParams(query).toString()
  const content: Json = op.requestBody?.content ?? {}
  const type = Object.keys(content)[0]
  const security: Json[] = op.security ?? []
  return {
    method: method.toUpperCase(),
    template,
    pathParams,
    query,
    headers,
    url: search ? `${path}?${search}` : path,
    needsKey: !security.some((s) => Object.keys(s).length === 0),
    ...(type && { body: { type, value: content[type].example ?? (Object.values(content[type].examples ?? {})[0] as Json | undefined)?.value } }),
    tags: op.tags ?? [],
    operationId: op.operationId,
    integerPathParams,
    problemsOnly: Object.entries(op.responses ?? {}).every(([status, response]) =>
      Number(status) < 400 || Object.keys((response as Json).content ?? {}).every((type) => type === PROBLEM)),
    textAnswer: Object.keys(op.responses?.['200']?.content ?? {}).some((type) => /[/+]xml$/.test(type)),
    noContent: Boolean(op.responses?.['204']) && !Object.keys(op.responses).some((s) => /^2/.test(s) && s !== '204')
  }
}

// ---- problem examples ----

/** Which scope a 403 names: the one requireScope is given for the operation. */
function scopeOf (request: ExampleRequest): string {
  if (request.tags.includes('Keys') || request.tags.includes('Webhooks')) return 'admin'
  if (['exportArticles', 'listArticleRevisions', 'getArticleRevision', 'diffArticleRevisions'].includes(request.operationId)) return 'content:read-drafts'
  return 'content:write'
}

/** What a 404 names: the item of the path (`notFound` in src/lib/problem.ts), or the route. */
function notFoundDetail (request: ExampleRequest): string {
  const { template, pathParams } = request
  if (pathParams.deliveryId) return PROBLEM_DETAILS.notFound(`Delivery "${pathParams.deliveryId}" of webhook subscription "${pathParams.id}"`)
  const resource = /^\/v1\/(?:feeds\/)?(articles|topics|speakers|authors|quotes|keys|webhooks|corrections)\/\{/.exec(template)?.[1]
  if (pathParams.section) return PROBLEM_DETAILS.notFound(`Section "${pathParams.section}"`)
  const names: Record<string, string> = { articles: 'Article', topics: 'Topic', speakers: 'Speaker', authors: 'Author', quotes: 'Quote', keys: 'API key', webhooks: 'Webhook subscription', corrections: 'Correction' }
  const value = pathParams.idOrSlug ?? pathParams.id
  if (resource && value) return PROBLEM_DETAILS.notFound(`${names[resource]} "${value}"`)
  if (request.operationId === 'getRandomQuote') return PROBLEM_DETAILS.notFound('A quote matching these filters')
  if (request.operationId === 'getQuoteOfTheDay') return PROBLEM_DETAILS.notFound('A public quote')
  return PROBLEM_DETAILS.noRoute(request.method, request.url.split('?')[0]!)
}

/** A validation failure this operation really answers: a bad body field, query value or path value. */
function badRequest (op: Json, request: ExampleRequest): ProblemExample {
  const { url } = request
  // A body of one shape (imports take three: Ajv then reports every alternative).
  if (request.body?.type === 'application/json' && Object.keys(op.requestBody.content).length === 1) {
    return validationProblem(url, { in: 'body', pointer: '/colour', detail: 'must NOT have additional properties' })
  }
  const params: Json[] = op.parameters ?? []
  const uuid = params.find((p) => p.in === 'path' && p.schema?.format === 'uuid')
  if (uuid) {
    const bad = url.replace(request.pathParams[uuid.name]!, 'abc')
    return validationProblem(bad, { in: 'params', pointer: `/${uuid.name}`, detail: 'must match format "uuid"' })
  }
  const required = params.find((p) => p.in === 'query' && p.required)
  if (required) return validationProblem(url.split('?')[0]!, { in: 'query', pointer: `/${required.name}`, detail: `must have required property '${required.name}'` })
  const bounded = params.find((p) => p.in === 'query' && typeof p.schema?.minimum === 'number')
  if (bounded) {
    const min = bounded.schema.minimum as number
    return validationProblem(`${url}${url.includes('?') ? '&' : '?'}${bounded.name}=${min - 1}`, { in: 'query', pointer: `/${bounded.name}`, detail: `must be >= ${min}` })
  }
  const flag = params.find((p) => p.in === 'query' && p.schema?.type === 'boolean')
  if (flag) return validationProblem(`${url}?${flag.name}=maybe`, { in: 'query', pointer: `/${flag.name}`, detail: 'must be boolean' })
  // A route that takes no query string ignores unknown parameters, but refuses a key in one.
  if (!params.some((p) => p.in === 'query') && request.method === 'GET') {
    return problemExample(400, PROBLEM_DETAILS.keyInQuery('api_key'), `${url}?api_key=REDACTED`)
  }
  // Query strings are closed: a parameter the operation does not take is refused.
  if (params.some((p) => p.in === 'query')) {
    return validationProblem(`${url}?colour=red`, { in: 'query', pointer: '/colour', detail: 'must NOT have additional properties' })
  }
  // Postgres refuses a NUL character in a text value; the error handler answers 400.
  const text = params.find((p) => p.in === 'path')
  if (text) return problemExample(400, PROBLEM_DETAILS.unstorableValue, url.replace(encodeURIComponent(request.pathParams[text.name]!), '%00'))
  return problemExample(400, 'The request is malformed.', url)
}

function problemsFor (status: number, op: Json, request: ExampleRequest): Record<string, { summary: string, value: ProblemExample }> {
  const { url } = request
  const one = (summary: string, value: ProblemExample) => ({ [String(status)]: { summary, value } })
  switch (status) {
    case 400: return one('A value fails validation; `errors` lists each field', badRequest(op, request))
    case 401: return request.needsKey
      ? {
          'no-key': { summary: 'No API key sent', value: problemExample(401, PROBLEM_DETAILS.keyRequired, url) },
          'bad-key': { summary: 'An unknown or revoked key', value: problemExample(401, PROBLEM_DETAILS.badKey, url) }
        }
      : one('An unknown or revoked key (public reads need none)', problemExample(401, PROBLEM_DETAILS.badKey, url))
    case 403: return !request.needsKey
      ? one('`status=` without a key that may read drafts', problemExample(403, PROBLEM_DETAILS.statusFilter, `${url}?status=draft`))
      : one('The key lacks the scope', problemExample(403, PROBLEM_DETAILS.scope(scopeOf(request)), url))
    case 404: return one('Nothing by that id or slug that this caller may see', problemExample(404, notFoundDetail(request), url))
    case 405: {
      const fixed = url.replace(/[^/?]+(\?.*)?$/, 'trending')
      const method = typeof op.operationId === 'string' && op.operationId.startsWith('delete') ? 'DELETE' : 'PATCH'
      return one('The path is a fixed route (`trending`) that lacks this method', problemExample(405, `${method} is not a method of ${fixed}; it has GET, HEAD.`, fixed))
    }
    case 409: return one(conflict(request).summary, problemExample(409, conflict(request).detail, url))
    case 422: return one('The request names something that does not exist', problemExample(422, unprocessable(request), url))
    case 412: return one('The `If-Match` ETag is stale', problemExample(412, PROBLEM_DETAILS.staleEtag(ARTICLE_ETAG_EXAMPLE.replace('.3"', '.4"')), url))
    case 413: return one('The body is over the limit', problemExample(413, PROBLEM_DETAILS.bodyTooLarge, url))
    case 414: return one('A path segment is too long', problemExample(414, PROBLEM_DETAILS.uriTooLong, url))
    case 415: return one('A content type this operation does not take', problemExample(415, PROBLEM_DETAILS.unsupportedType, url))
    case 429: return one('Over the rate limit; see `Retry-After`', problemExample(429, PROBLEM_DETAILS.rateLimited, url))
    case 431: return one('The headers are too large', problemExample(431, PROBLEM_DETAILS.headersTooLarge, '/'))
    case 500: return one('A bug: logged, and reported without details', problemExample(500, PROBLEM_DETAILS.unexpected, url))
    case 503: return one('The database cannot be reached; see `Retry-After`', problemExample(503, PROBLEM_DETAILS.databaseUnavailable, url))
    default: return {}
  }
}

/** The conflict the operation's handler reports (slug-redirects.ts, the speakers and webhooks repositories). */
function conflict (request: ExampleRequest): { summary: string, detail: string } {
  const slugs: Record<string, [string, string]> = {
    createArticle: ['articles', SLUG_EXAMPLE], updateArticle: ['articles', SLUG_EXAMPLE],
    createTopic: ['topics', 'nato'], updateTopic: ['topics', 'nato'],
    createSpeaker: ['speakers', 'jens-stoltenberg'], updateSpeaker: ['speakers', 'jens-stoltenberg'],
    createAuthor: ['authors', 'ingrid-halvorsen'], updateAuthor: ['authors', 'ingrid-halvorsen']
  }
  const slug = slugs[request.operationId]
  if (slug) return { summary: 'The slug is taken, now or before', detail: PROBLEM_DETAILS.slugTaken(slug[1], slug[0]) }
  if (request.operationId === 'deleteSpeaker') return { summary: 'The speaker still has quotes', detail: PROBLEM_DETAILS.speakerHasQuotes(42) }
  if (request.operationId === 'createCorrection') return { summary: 'The correction it supersedes is already superseded', detail: PROBLEM_DETAILS.correctionSuperseded }
  if (request.operationId === 'restoreArticleRevision') return { summary: 'A topic or speaker of the revision was deleted since', detail: PROBLEM_DETAILS.revisionTopicGone('nato') }
  if (request.pathParams.deliveryId) return { summary: 'The delivery is still queued', detail: `Delivery ${request.pathParams.deliveryId} is still pending: it will be sent without asking.` }
  return { summary: 'A unique value is taken', detail: PROBLEM_DETAILS.uniqueTaken }
}

/** What a 422 names: the topic, speaker or article a write refers to, or the page an import could not read. */
function unprocessable (request: ExampleRequest): string {
  if (request.tags.includes('Imports')) return PROBLEM_DETAILS.noArticleFound
  if (request.tags.includes('Quotes')) return PROBLEM_DETAILS.articleMissing(SLUG_EXAMPLE)
  if (request.operationId === 'createCorrection') return PROBLEM_DETAILS.notACorrectionOfThis
  return PROBLEM_DETAILS.topicMissing('nato')
}

/** Gives every problem response without examples of its own real ones. */
function addProblemExamples (op: Json, request: ExampleRequest): void {
  for (const [code, response] of Object.entries(op.responses ?? {}) as Array<[string, Json]>) {
    const media: Json | undefined = response.content?.[PROBLEM]
    if (!media || media.example !== undefined || media.examples !== undefined) continue
    const examples = problemsFor(Number(code), op, request)
    if (Object.keys(examples).length > 0) media.examples = examples
  }
}

// ---- request samples ----

const shellQuote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`

function curlSample (request: ExampleRequest): string {
  const lines = [`curl -s${request.method === 'GET' ? '' : ` -X ${request.method}`} ${shellQuote(SAMPLE_BASE_URL + request.url)}`]
  if (request.needsKey) lines.push('-H "Authorization: Bearer $NEWSDESK_KEY"')
  for (const [name, value] of Object.entries(request.headers)) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  const { body } = request
  if (body) {
    lines.push(`-H ${shellQuote(`Content-Type: ${body.type}`)}`)
    lines.push(body.type === 'application/json' ? `-d ${shellQuote(JSON.stringify(body.value, null, 2))}` : `--data-binary @${fileFor(body.type)}`)
  }
  return lines.join(' \\\n  ')
}

const fileFor = (type: string): string =>
  type === 'application/x-ndjson' ? 'articles.ndjson' : type === 'text/html' ? 'page.html' : 'page.txt'

/** A JSON value as a TypeScript or Python literal, indented like hand-written code. */
function literal (value: unknown, lang: 'ts' | 'py', indent = ''): string {
  const inner = indent + (lang === 'py' ? '    ' : '  ')
  if (value === null) return lang === 'py' ? 'None' : 'null'
  if (typeof value === 'boolean') return lang === 'py' ? (value ? 'True' : 'False') : String(value)
  if (typeof value === 'string') return lang === 'ts' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'` : JSON.stringify(value)
  if (typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const items = value.map((v) => literal(v, lang, inner))
    const flat = `[${items.join(', ')}]`
    return flat.length <= 72 && !flat.includes('\n') ? flat : `[\n${items.map((i) => inner + i).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value)
  if (entries.length === 0) return '{}'
  const key = (k: string): string => lang === 'ts' && /^[A-Za-z_$][\w$]*$/.test(k) ? k : lang === 'ts' ? `'${k}'` : JSON.stringify(k)
  const items = entries.map(([k, v]) => `${key(k)}: ${literal(v, lang, inner)}`)
  const flat = lang === 'ts' ? `{ ${items.join(', ')} }` : `{${items.join(', ')}}`
  return flat.length <= 72 && !flat.includes('\n') ? flat : `{\n${items.map((i) => inner + i).join(',\n')}\n${indent}}`
}

function typescriptSample (request: ExampleRequest): string {
  const { body } = request
  const lines = [
    "import { createNewsdeskClient } from './newsdesk-client/index.js' // client/ from the Newsdesk repository",
    ...(body && body.type !== 'application/json' ? ["import { readFile } from 'node:fs/promises'"] : []),
    '',
    request.needsKey
      ? `const newsdesk = createNewsdeskClient({ baseUrl: '${SAMPLE_BASE_URL}', apiKey: process.env.NEWSDESK_KEY })`
      : `const newsdesk = createNewsdeskClient({ baseUrl: '${SAMPLE_BASE_URL}' })`
  ]
  const options: string[] = []
  const params: Record<string, Record<string, string | number>> = {}
  if (Object.keys(request.pathParams).length > 0) {
    params.path = Object.fromEntries(Object.entries(request.pathParams).map(([name, value]) => [name, request.integerPathParams.includes(name) ? Number(value) : value]))
  }
  if (Object.keys(request.query).length > 0) params.query = request.query
  if (Object.keys(request.headers).length > 0) params.header = request.headers
  if (Object.keys(params).length > 0) options.push(`params: ${literal(params, 'ts', '  ')}`)
  if (request.textAnswer) options.push("parseAs: 'text'")
  if (body?.type === 'application/json') options.push(`body: ${literal(body.value, 'ts', '  ')}`)
  else if (body) {
    options.push(`body: await readFile('${fileFor(body.type)}', 'utf8')`)
    options.push('bodySerializer: (text) => text')
    options.push(`headers: { 'Content-Type': '${body.type}' }`)
  }
  const call = `newsdesk.${request.method}('${request.template}'${options.length > 0 ? `, {\n  ${options.join(',\n  ')}\n}` : ''})`
  lines.push(`const { ${request.noContent ? '' : 'data, '}error, response } = await ${call}`)
  lines.push(request.problemsOnly
    ? 'if (error) throw new Error(`${response.status}: ${error.detail}`) // application/problem+json'
    : 'if (error) throw new Error(`${response.status}: ${JSON.stringify(error)}`)')
  lines.push(request.noContent ? 'console.log(response.status) // 204' : 'console.log(data)')
  return lines.join('\n')
}

function pythonSample (request: ExampleRequest): string {
  const { body } = request
  const args = [JSON.stringify(SAMPLE_BASE_URL + request.url.split('?')[0])]
  if (Object.keys(request.query).length > 0) args.push(`params=${literal(request.query, 'py', '    ')}`)
  const headers: string[] = []
  if (request.needsKey) headers.push('"Authorization": f"Bearer {os.environ[\'NEWSDESK_KEY\']}"')
  for (const [name, value] of Object.entries(request.headers)) headers.push(`${JSON.stringify(name)}: ${JSON.stringify(value)}`)
  if (body && body.type !== 'application/json') headers.push(`"Content-Type": ${JSON.stringify(body.type)}`)
  if (headers.length > 0) args.push(`headers={${headers.join(', ')}}`)
  if (body?.type === 'application/json') args.push(`json=${literal(body.value, 'py', '    ')}`)
  else if (body) args.push(`data=open(${JSON.stringify(fileFor(body.type))}, "rb")`)
  return [
    ...(request.needsKey ? ['import os'] : []),
    'import requests',
    '',
    `response = requests.${request.method.toLowerCase()}(\n    ${args.join(',\n    ')},\n)`,
    'response.raise_for_status()  # errors are application/problem+json: response.json()["detail"]',
    request.noContent ? 'print(response.status_code)  # 204' : request.textAnswer ? 'print(response.text)' : 'print(response.json())'
  ].join('\n')
}
