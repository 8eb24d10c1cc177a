import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { UNLIMITED_ROUTES } from './rate-limit.js'
import { problemResponses } from '../../lib/problem.js'
import { WEBHOOKS_DOCUMENT } from '../../modules/webhooks/openapi.js'
import { addSamplesAndProblemExamples } from './openapi-samples.js'

// The OpenAPI document is generated from the route schemas. Routes declare what is theirs
// (body, success responses, the 4xx their handler throws); this file adds what the shared
// plugins do to every route (auth hook, validation, body parser, HTTP caching), so the
// document is complete for every route without each one repeating it.

export const API_INFO = {
  title: 'Newsdesk Content API',
  version: '1.0.0',
  description: 'Articles, the quotes inside them, their speakers and the topics that tie them together.\n\n' +
    'Public reads need no key. Scopes add up and do not imply one another: a key with `content:read-drafts` also sees ' +
    'unpublished items and may export; writes need `content:write` (alone, it reads only what the public reads); ' +
    '`admin` may do anything. Errors are RFC 9457 `application/problem+json`. Single items carry a strong `ETag`: send it back ' +
    'in `If-Match` on writes (412 when stale) and in `If-None-Match` on reads (304 when unchanged). ' +
    'A write sent without a precondition that meets a concurrent one is applied to the newest version (its preconditions, if any, checked again); ' +
    'one that still cannot land after a few tries is a 409 with nothing written. ' +
    '\n\nDates are RFC 3339 date-times with `Z` or an offset, years 0001 to 9999, such as `2024-05-02T09:30:00Z`. ' +
    'A leap second (`23:59:60`) is refused with a 400: send `23:59:59.999` instead. ' +
    'Numbers are finite integers within the bounds each parameter documents (`x-finite`); anything else is a 400.',
  license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' }
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Public reads: no key needed, but one may be sent (it lets the caller see drafts). */
const OPTIONAL_KEY = [{}, { apiKey: [] }]
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

const SUCCESS_DESCRIPTIONS: Record<string, string> = {
  200: 'OK.',
  201: 'Created; `Location` is the new item\'s URL.',
  202: 'Accepted.',
  204: 'Done; no content.'
}
const NOT_MODIFIED = 'Not modified: the `If-None-Match` ETag (or `If-Modified-Since`) still matches; no body.'

const HEADERS: Json = {
  ETag: { description: 'Strong validator of this representation; send it in `If-Match` / `If-None-Match`.', schema: { type: 'string' } },
  'Last-Modified': { description: 'When the item last changed (HTTP date); on a list, when its newest item did. `If-Modified-Since` is honoured on items, and on feeds and sitemaps, whose date is that of the last change anywhere (or of their newest entry, if later); JSON lists revalidate by ETag.', schema: { type: 'string' } },
  'Cache-Control': { description: 'Public reads may be kept briefly by shared caches; reads with a key are `private, no-store`.', schema: { type: 'string' } },
  Link: { description: 'RFC 8288 `<...>; rel="next"` link to the next page, when there is one.', schema: { type: 'string' } },
  'Surrogate-Key': {
    description: 'Public cacheable answers: the cache tags of what this answer shows, space-separated (Fastly). `a:<id>` an article, `q:<id>` a quote, ' +
      '`t:<id>` a topic, `s:<id>` a speaker, `ar:<id>` an article named only by its id (a quote\'s `articleId`), `list:articles`, `list:quotes`, `list:topics`, `list:speakers`, `search`, `counts`, `any`, ' +
      'and `list:topic:<id>` on article lists filtered by that topic (a story joining or leaving it purges these, not every list); ' +
      'a page too long to name every item sends its list tags and `any`. Purge these tags on each change (see the CDN purge hook).',
    schema: { type: 'string' },
    example: 'a:0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70 t:5c0e3b1d-2a4f-4e6b-8c9d-0a1b2c3d4e5f'
  },
  'Cache-Tag': { description: 'The same tags as `Surrogate-Key`, comma-separated (Cloudflare).', schema: { type: 'string' } },
  Vary: { description: '`Authorization`, and `Origin` when CORS is limited to listed origins, and `Accept` where one URL answers in two types (`/v1/changes`): a shared cache keeps one answer per value.', schema: { type: 'string' } },
  'Accept-Encoding': { description: 'On a 415 for a compressed body: `identity`, since bodies are read uncompressed.', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Limit': { description: 'Requests allowed per window for this key (or client IP without a key).', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer', minimum: 0 } },
  Location: { description: 'The URL of the item: the new one on 201, the current one on 301.', schema: { type: 'string', format: 'uri-reference' } },
  'Content-Location': { description: 'The URL of the item this answer is (an import of a text already imported answers with the stored article).', schema: { type: 'string', format: 'uri-reference' } }
}
/** Sent by the rate limiter on every answer it counted: all but the probes. */
const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']
/** Operations whose 200 points at the stored item with Content-Location. */
const CONTENT_LOCATION: Record<string, string[]> = { importArticleText: ['200'] }
/** NDJSON bodies, request and response: each line is one ArticleLine (the component generated clients type a line with). */
const NDJSON = 'application/x-ndjson'
const NDJSON_LINE = 'ArticleLine'
/** Media types of feeds and sitemaps. */
const SYNDICATION_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/xml'])
/** Headers sent with these statuses, whichever route answers. */
const STATUS_HEADERS: Record<string, string[]> = {
  415: ['Accept-Encoding'],
  429: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
  503: ['Retry-After']
}
const PARAMETERS: Json = {
  IfMatch: { name: 'If-Match', in: 'header', required: false, description: 'The `ETag` you read; the write is refused with 412 if the item changed since. `If-Unmodified-Since` (a date) and `If-None-Match` (`*`: only if the item does not exist) are honoured on writes too, as RFC 9110 says.', schema: { type: 'string' }, example: '"0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70.3"' },
  IfNoneMatch: { name: 'If-None-Match', in: 'header', required: false, description: 'An `ETag` you hold; answers 304 without a body when it still matches.', schema: { type: 'string' }, example: '"0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70.3"' }
}

/** Operations never served from a cache (random or streaming answers): they carry no cache tags. */
const UNCACHED_OPERATIONS = new Set<string>()

/** Per route: the statuses and security that the shared plugins add. */
export const completeRoute: SwaggerTransform = ({ schema, url, route }) => {
  if (!schema || (schema as Json).hide) return { schema, url }
  const s = schema as Json
  const methods = ([] as string[]).concat(route.method)
  if (route.config?.responseCache === false && s.operationId) UNCACHED_OPERATIONS.add(s.operationId)
  const response: Json = { ...s.response }
  const add = (status: number, value: unknown): void => { if (!(String(status) in response)) response[status] = value }

  if (methods.includes('GET')) add(304, { description: NOT_MODIFIED, type: 'null' })
  // A key that is sent is checked on every route, and every request but the probes counts against a rate limit.
  const problems = [401, 500]
  if (!UNLIMITED_ROUTES.has(url)) problems.push(429)
  // Load shedding and database outages; liveness (/health) is exempt from both.
  if (url !== '/health') problems.push(503)
  // Every route refuses an API key sent in the query string, with a 400.
  problems.push(400)
  // The router refuses a path segment longer than a slug; Node refuses oversized headers.
  if (s.params) problems.push(414)
  problems.push(431)
  if (s.security) problems.push(403)
  // Fastify's JSON parser enforces the body limit and refuses other types; a route that
  // consumes its own type (a stream) answers those itself.
  if (s.body && (!s.consumes || s.consumes.some(isJson))) problems.push(413, 415)
  // Fastify parses a body sent with DELETE too, though these routes take none.
  else if (!s.body && methods.includes('DELETE')) problems.push(413, 415)
  for (const [status, value] of Object.entries(problemResponses(...problems))) add(Number(status), value)

  return { schema: { ...s, response, security: s.security ?? OPTIONAL_KEY }, url }
}

const isJson = (type: string): boolean => /^application\/([\w.-]+\+)?json$/.test(type)

/** On the whole document: naming, examples, headers and small corrections for clients. */
export const polishDocument: SwaggerTransformObject = (documentObject) => {
  const doc = (documentObject as { openapiObject: Json }).openapiObject
  const components: Json = (doc.components ??= {})
  components.schemas ??= {}
  const used = { headers: new Set<string>(), parameters: new Set<string>() }

  collapseLiteralUnions(doc)
  const addHeaders = (res: Json, names: string[]): void => {
    res.headers = { ...res.headers }
    for (const name of names) { res.headers[name] ??= { $ref: `#/components/headers/${name}` }; used.headers.add(name) }
  }
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
    for (const method of METHODS) {
      const op: Json | undefined = item[method]
      if (!op) continue
      describeNdjson(op, components)
      for (const param of op.parameters ?? []) {
        // A query parameter with a default may be left out; Fastify fills it in.
        if (param.in === 'query' && param.schema?.default !== undefined) param.required = false
      }
      if (op.requestBody) for (const media of Object.values(op.requestBody.content ?? {}) as Json[]) completeMedia(media, components)
      for (const [status, res] of Object.entries(op.responses ?? {}) as [string, Json][]) {
        // Standard wording for successes; any other undescribed status is left for the completeness test to flag.
        if (res.description === 'Default Response' && SUCCESS_DESCRIPTIONS[status]) res.description = SUCCESS_DESCRIPTIONS[status]
        if (status.startsWith('2')) for (const media of Object.values(res.content ?? {}) as Json[]) completeMedia(media, components)
        addHeaders(res, STATUS_HEADERS[status] ?? [])
        if (!UNLIMITED_ROUTES.has(path)) addHeaders(res, RATE_LIMIT_HEADERS)
        if (status === '201' || status === '301') addHeaders(res, ['Location'])
        if (CONTENT_LOCATION[op.operationId]?.includes(status)) addHeaders(res, ['Content-Location'])
        // A write that answers with a versioned item sends its validators, as a read of it would.
        if (status === '201' || (method === 'patch' && status === '200')) {
          const body = resolve(res.content?.['application/json']?.schema, components)
          if (body?.properties?.updatedAt && body?.properties?.version) addHeaders(res, ['ETag', 'Last-Modified'])
        }
      }
      const ok: Json | undefined = op.responses?.['200']
      if (method === 'get' && ok) {
        const body = resolve(ok.content?.['application/json']?.schema, components)
        const names = ['ETag', 'Cache-Control', 'Vary']
        // Public reads (a key optional) are tagged for CDNs (src/plugins/app/cache-tags.ts).
        const publicRead = (op.security ?? []).some((requirement: Json) => Object.keys(requirement).length === 0)
        if (publicRead && path.startsWith('/v1/') && !UNCACHED_OPERATIONS.has(op.operationId)) names.push('Surrogate-Key', 'Cache-Tag')
        if (body?.properties?.nextCursor) names.push('Link')
        const items = resolve(body?.properties?.data?.items, components)
        if ((body?.properties?.updatedAt && body?.properties?.version) || items?.properties?.updatedAt) names.push('Last-Modified')
        // Feeds and sitemaps (text, or JSON Feed) carry the time of the last change they can show.
        else if (Object.keys(ok.content ?? {}).some((type) => SYNDICATION_TYPES.has(type))) names.push('Last-Modified')
        ok.headers = { ...ok.headers }
        for (const name of names) { ok.headers[name] ??= { $ref: `#/components/headers/${name}` }; used.headers.add(name) }
        addParameter(op, 'IfNoneMatch', used.parameters)
      }
      if (op.responses?.['412']) addParameter(op, 'IfMatch', used.parameters)
    }
  }
  for (const name of used.headers) (components.headers ??= {})[name] = HEADERS[name]
  for (const name of used.parameters) (components.parameters ??= {})[name] = PARAMETERS[name]
  addSamplesAndProblemExamples(doc)
  return doc
}

/**
 * OpenAPI 3.1 has no schema for the items of a stream, so an NDJSON body is a string whose
 * `contentSchema` is the line's schema, a component of its own that generated clients type.
 */
function describeNdjson (op: Json, components: Json): void {
  const medias = [op.requestBody?.content?.[NDJSON], ...Object.values(op.responses ?? {}).map((res) => (res as Json).content?.[NDJSON])]
  for (const media of medias) {
    if (!media) continue
    components.schemas[NDJSON_LINE] ??= {
      $ref: '#/components/schemas/ArticleCreate',
      title: NDJSON_LINE,
      description: 'One line of a bulk import or export: an article with its topics, and its quotes with their speakers, as `createArticle` takes it. Export writes exactly what import reads.'
    }
    const examples = media.schema?.examples ?? (media.example !== undefined ? [media.example] : undefined)
    media.schema = {
      type: 'string',
      description: `NDJSON: one JSON object per line, each an \`${NDJSON_LINE}\`.`,
      contentMediaType: NDJSON,
      contentSchema: { $ref: `#/components/schemas/${NDJSON_LINE}` },
      ...(examples && { examples })
    }
  }
}

function addParameter (op: Json, name: string, used: Set<string>): void {
  const header = String(PARAMETERS[name].name).toLowerCase()
  op.parameters ??= []
  if (op.parameters.some((p: Json) => p.in === 'header' && String(p.name).toLowerCase() === header)) return
  op.parameters.push({ $ref: `#/components/parameters/${name}` })
  used.add(name)
}

/** Names titled inline schemas (ArticlePage, ArticleCreate) as components, and gives the body an example. */
function completeMedia (media: Json, components: Json): void {
  media.schema = nameTitled(media.schema, components)
  if (media.example === undefined && media.examples === undefined) {
    const example = sample(media.schema, components)
    if (example !== undefined) media.example = example
  }
}

function nameTitled (node: unknown, components: Json): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (Array.isArray(node)) return node.map((child) => nameTitled(child, components))
  if (!node || typeof node !== 'object') return node
  const schema: Json = {}
  for (const [key, value] of Object.entries(node)) schema[key] = key === 'examples' || key === 'example' ? value : nameTitled(value, components)
  const title = schema.title
  if (schema.$ref || typeof title !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(title)) return schema
  // The same schema may come with or without its examples (swagger moves a body's to the media type).
  const { examples, example, ...shape } = schema
  const existing = components.schemas[title]
  if (!existing) components.schemas[title] = schema
  else {
    const { examples: _e, example: _x, ...existingShape } = existing
    if (JSON.stringify(existingShape) !== JSON.stringify(shape)) throw new Error(`Two different schemas are titled "${title}"; give one another title.`)
    if (existing.examples === undefined && existing.example === undefined) Object.assign(existing, examples !== undefined ? { examples } : example !== undefined ? { example } : {})
  }
  return { $ref: `#/components/schemas/${title}` }
}

function resolve (schema: Json | undefined, components: Json): Json | undefined {
  const ref = schema?.$ref
  return typeof ref === 'string' ? components.schemas[ref.replace('#/components/schemas/', '')] : schema
}

const FORMAT_SAMPLES: Record<string, string> = {
  uuid: '0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70',
  'date-time': '2024-05-02T09:30:00.000Z',
  uri: 'https://example.org/news/2024/05/02/story'
}

/**
 * An example built from the schema's own examples (components carry hand-written ones):
 * undefined when a required value has none, so a missing example is noticed, not invented.
 */
export function sample (input: Json | undefined, components: Json, depth = 0): unknown {
  const schema = resolve(input, components)
  if (!schema || depth > 10) return undefined
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0]
  if (schema.example !== undefined) return schema.example
  if (schema.const !== undefined) return schema.const
  if (schema.default !== undefined) return schema.default
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  for (const options of [schema.anyOf, schema.oneOf]) {
    if (!Array.isArray(options)) continue
    for (const option of options) {
      const value = sample(option, components, depth + 1)
      if (value !== undefined) return value
    }
    return undefined
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === 'object') {
    const out: Json = {}
    for (const key of schema.required ?? []) {
      const value = sample(schema.properties?.[key], components, depth + 1)
      if (value === undefined) return undefined
      out[key] = value
    }
    // `{}` is no example of a body that needs properties (a PATCH): leave it to the route.
    return Object.keys(out).length >= (schema.minProperties ?? 0) ? out : undefined
  }
  if (type === 'array') {
    const item = sample(schema.items, components, depth + 1)
    return item === undefined ? undefined : [item]
  }
  if (type === 'null') return null
  if (type === 'boolean') return false
  if (type === 'integer' || type === 'number') return schema.minimum ?? 0
  if (type === 'string' && typeof schema.format === 'string') return FORMAT_SAMPLES[schema.format]
  return undefined
}

/** `anyOf: [{const: 'a'}, {const: 'b'}]` (TypeBox literal unions) reads better, and generates better, as an enum. */
function collapseLiteralUnions (node: unknown): void {
  if (Array.isArray(node)) { node.forEach(collapseLiteralUnions); return }
  if (!node || typeof node !== 'object') return
  const schema = node as Json
  const options = schema.anyOf
  if (Array.isArray(options) && options.length > 1) {
    const literals = options.map((o: Json) => literalOf(o))
    const type = literals[0]?.type
    if (literals.every((l) => l !== undefined && l.type === type)) {
      delete schema.anyOf
      schema.type = type
      schema.enum = literals.map((l) => l!.value)
    }
  }
  for (const value of Object.values(schema)) collapseLiteralUnions(value)
}

function literalOf (option: Json): { type: string, value: unknown } | undefined {
  const keys = Object.keys(option).filter((k) => k !== 'type')
  if (typeof option.type !== 'string') return undefined
  if (keys.length === 1 && keys[0] === 'const') return { type: option.type, value: option.const }
  if (keys.length === 1 && keys[0] === 'enum' && option.enum.length === 1) return { type: option.type, value: option.enum[0] }
  return undefined
}

/** Component name from a schema's `$id`: `Article`, never `def-0`. */
function componentName (json: Json, i: number): string {
  const id = typeof json.$id === 'string' ? json.$id.replace(/^.*[/#:]/, '').replace(/[^A-Za-z0-9._-]/g, '') : ''
  return id || `def-${i}`
}

export default fp(async function openapi (fastify: FastifyInstance) {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: API_INFO,
      servers: [{ url: '/', description: 'The server this document is served by.' }],
      tags: [
        { name: 'Articles', description: 'News stories.' },
        { name: 'Quotes', description: 'Who said what, when, in which story.' },
        { name: 'Topics', description: 'Subjects, places and organisations that tie stories together.' },
        { name: 'Speakers', description: 'People quoted in stories.' },
        { name: 'Authors', description: 'The people who write the stories: the bylines.' },
        { name: 'Search', description: 'Ranked full-text search across articles and quotes.' },
        { name: 'Bulk', description: 'NDJSON import and export of whole collections.' },
        { name: 'Imports', description: 'Articles parsed from the text of their web page.' },
        { name: 'Keys', description: 'API key management, for keys with the `admin` scope.' },
        { name: 'Webhooks', description: 'Signed change events POSTed to partners\' URLs (Standard Webhooks), for keys with the `admin` scope.' },
        { name: 'Changes', description: 'The change feed: every change in commit order, as pages or a live stream.' },
        { name: 'Feeds', description: 'RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest stories, a topic, a section or a speaker\'s quotes.' },
        { name: 'Sitemaps', description: 'Sitemaps for search engines: an index, the stories in pages, and a Google News sitemap.' },
        { name: 'Revisions', description: 'Every version of an article as it was, compared word by word and restorable; for keys that may read drafts.' },
        { name: 'Corrections', description: 'The public corrections record: corrections, clarifications and updates, never deleted, only superseded.' },
        { name: 'Operations', description: 'Health and readiness probes.' }
      ],
      webhooks: WEBHOOKS_DOCUMENT,
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer nd_...` (never in the query string: that is a 400). Scopes: `content:read-drafts` reads drafts, scheduled and archived items and the export; `content:write` creates, changes and deletes content and otherwise reads as the public does; `admin` may do anything, including keys and webhooks. An operation that needs a scope the key lacks answers 403.' } }
      }
    },
    transform: completeRoute,
    transformObject: polishDocument,
    // Shared schemas become components and routes refer to them by name.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => componentName(json as Json, i) }
  })
}, { name: 'swagger' })
