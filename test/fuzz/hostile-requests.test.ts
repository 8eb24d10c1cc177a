import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { seedSampleContent } from '../../src/db/sample-content.js'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'
import { authHeaders, build } from '../helpers/app.js'

// Every route in the OpenAPI document (built from the TypeBox schemas of the route
// definitions, so routes added later are covered without touching this file) is fed requests
// made from its own schemas and from hostile values. The answer must be a 2xx or a 4xx
// problem+json, never a 5xx; a refused write must leave the database exactly as it was.

type Schema = Record<string, any>
interface Parameter { in: 'path' | 'query' | 'header', name: string, required?: boolean, schema: Schema }
interface Operation { parameters?: Parameter[], requestBody?: { content: Record<string, { schema: Schema }> } }

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 30)
const WRITES = new Set(['post', 'put', 'patch', 'delete'])

const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '%00', '../../etc/passwd', '..%2F..%2F', "' OR 1=1 --", "'; DROP TABLE articles; --", '" OR ""="',
  '1; SELECT pg_sleep(10)', '$where', '{"$gt":""}', '__proto__', 'constructor', 'prototype', '{"__proto__":{"admin":true}}',
  '<script>alert(1)</script>', '\u202e\u0644\u0627', '🦄🏳️‍🌈', 'ǅ\u0301\u0302\u0303', '\ud800', 'NaN', 'Infinity', '-0', '1e309',
  '9999999999999999999999', '-1', '0', 'null', 'undefined', 'true', '[]', '{}', '2024-13-45T25:61:61Z', '0000-00-00',
  '2024-02-30T00:00:00Z', '+275760-09-13T00:00:00.001Z', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-fffffffffffg',
  'eyJhIjoxfQ', 'WyJ4IixudWxsLCIxIl0', Buffer.from('["-publishedAt","2024-01-01T00:00:00Z","not-a-uuid"]').toString('base64url'),
  Buffer.from('["-publishedAt",{"$gt":1},"00000000-0000-4000-8000-000000000000"]').toString('base64url'),
  'UPPER-Case-Slug', 'slug--double', '-leading', 'a'.repeat(201), 'x'.repeat(10_000), '%', '%zz', '\\', '\r\nX-Injected: 1'
]

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 50 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.constant('ü'.repeat(120_000)) }
)
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 2 ** 53 + 1)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { __proto__: null, admin: true }, JSON.parse('{"__proto__":{"polluted":1}}')) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) }
)

function resolve (schema: Schema, components: Record<string, Schema>): Schema {
  const ref = schema.$ref as string | undefined
  return ref ? resolve(components[ref.split('/').at(-1)!] ?? {}, components) : schema
}

/** Values the schema accepts, or close to it: the way to get past validation to the handler. */
function valid (raw: Schema, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw, components)
  const choices = schema.anyOf ?? schema.oneOf
  if (choices) return fc.oneof(...choices.map((choice: Schema) => valid(choice, components, depth + 1)))
  if ('const' in schema) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid()
      if (schema.format === 'date-time') return fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((date) => date.toISOString())
      if (schema.format === 'uri') return fc.webUrl()
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200) && s.length >= (schema.minLength ?? 0))
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) })
    }
    case 'integer': return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 })
    case 'number': return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': return depth > 3 ? fc.constant([]) : fc.array(valid(schema.items ?? {}, components, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) })
    case 'object': return depth > 3 ? fc.constant({}) : objectOf(schema, components, depth, (s) => valid(s, components, depth + 1))
    default: return hostileValue
  }
}

function objectOf (schema: Schema, components: Record<string, Schema>, depth: number, value: (schema: Schema) => fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries<Schema>(schema.properties ?? {})
  const required = new Set<string>(schema.required ?? [])
  const record = fc.record(Object.fromEntries(properties.map(([name, property]) => [name, value(property)])), {
    requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name))
  })
  return record as fc.Arbitrary<Record<string, unknown>>
}

/** Mostly valid, sometimes hostile: each field on its own. */
const mixed = (schema: Schema, components: Record<string, Schema>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: valid(schema, components) }, { weight: 1, arbitrary: hostileValue })

function bodyArbitrary (schema: Schema | undefined, components: Record<string, Schema>): fc.Arbitrary<{ payload: string, contentType: string } | undefined> {
  const raw = fc.record({
    payload: fc.oneof(hostileString, fc.constantFrom('{', '{"a":', '[1,2', 'null', '{"title":"x"}\n{"title":', '\u0000'), fc.json()),
    contentType: fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x')
  })
  if (!schema) return fc.oneof(fc.constant(undefined), raw)
  const resolved = resolve(schema, components)
  const structured = objectOf(resolved, components, 0, (property) => mixed(property, components))
  const tampered = fc.tuple(structured, fc.constantFrom('drop', 'extra', 'keep', 'keep'), fc.constantFrom(...Object.keys(resolved.properties ?? { x: 1 })))
    .map(([body, how, key]) => {
      const copy: Record<string, unknown> = { ...body }
      if (how === 'drop') delete copy[key]
      if (how === 'extra') copy.unexpectedField = 'surprise'
      return copy
    })
  return fc.oneof(
    { weight: 6, arbitrary: tampered.map((body) => ({ payload: JSON.stringify(body), contentType: 'application/json' })) },
    { weight: 1, arbitrary: valid(resolved, components).map((body) => ({ payload: JSON.stringify(body), contentType: 'application/json' })) },
    { weight: 2, arbitrary: raw }
  )
}

/** Percent-encodes a path segment; a lone surrogate becomes invalid UTF-8, another hostile case. */
function segment (value: string): string {
  try {
    return encodeURIComponent(value) || 'x'
  } catch {
    return '%ED%A0%80'
  }
}

const asParam = (value: unknown): string => typeof value === 'string' ? value : JSON.stringify(value) ?? ''

/**
 * One fingerprint of every content table, in one query (`last_used_at` is bookkeeping, not content).
 * Nothing may write behind the requests' back: the idle scheduler used to commit an empty
 * change-feed transaction each minute, seen here as random refused writes that "changed" data
 * (test/modules/changes/scheduler-idle.test.ts).
 */
async function checksum (app: FastifyInstance): Promise<string> {
  const { rows: tables } = await app.pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1")
  const parts = tables.map(({ name }) =>
    `SELECT '${name}=' || count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') AS sum FROM (SELECT to_jsonb(t) - 'last_used_at' AS r FROM "${name}" t) x`)
  const { rows } = await app.pool.query<{ sum: string }>(parts.join(' UNION ALL '))
  return rows.map((row) => row.sum).join(' ')
}

t.test('hostile and schema-made requests to every route: never a 5xx, and a refused write changes nothing', async (t) => {
  const app = await build(t)
  await seedSampleContent(app.db, app.pool)
  await saveArticleGraph(app.db, { title: 'Unpublished draft', status: 'draft', quotes: [{ text: 'secret words', speaker: { name: 'Someone Important' } }] })
  const auth = fc.constantFrom<Record<string, string>>(
    await authHeaders(app, 'admin'), await authHeaders(app, 'admin'), await authHeaders(app, 'content:write', 'content:read-drafts'),
    await authHeaders(app, 'content:read-drafts'), {}, { authorization: 'Bearer nd_forged' }, { authorization: 'Bearer' }
  )

  const spec = app.swagger() as { paths: Record<string, Record<string, Operation>>, components?: { schemas?: Record<string, Schema> } }
  const components = spec.components?.schemas ?? {}
  const routes = Object.entries(spec.paths).flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ path, method, operation })))
  t.ok(routes.length >= 8, `${routes.length} routes found in the OpenAPI document`)

  for (const { path, method, operation } of routes) {
    const parameters = operation.parameters ?? []
    const pathParams = parameters.filter((p) => p.in === 'path')
    const queryParams = parameters.filter((p) => p.in === 'query')
    const bodySchema = operation.requestBody?.content['application/json']?.schema
    const request = fc.record({
      path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, mixed(p.schema, components).map(asParam)]))),
      query: fc.record(Object.fromEntries([
        ...queryParams.map((p) => [p.name, mixed(p.schema, components).map(asParam)] as const),
        ['unknownParam', fc.constantFrom('1', "' OR 1=1")] as const
      ]), { requiredKeys: [] }),
      body: WRITES.has(method) ? bodyArbitrary(bodySchema, components) : fc.constant(undefined),
      headers: auth,
      ifMatch: fc.option(fc.constantFrom('*', '"nope"', 'W/"x"', '"00000000-0000-4000-8000-000000000000.1"', '\u0000'), { nil: undefined })
    })

    const result = await fc.check(fc.asyncProperty(request, async (input) => {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => segment(input.path[name] ?? 'x'))
      const query = new URLSearchParams(input.query as Record<string, string>).toString()
      const before = WRITES.has(method) ? await checksum(app) : ''
      const response = await app.inject({
        method: method.toUpperCase() as 'GET',
        url: query ? `${url}?${query}` : url,
        headers: {
          ...input.headers,
          ...(input.ifMatch !== undefined && { 'if-match': input.ifMatch }),
          ...(input.body && { 'content-type': input.body.contentType })
        },
        ...(input.body && { payload: input.body.payload })
      })
      const where = `${method.toUpperCase()} ${path} → ${response.statusCode}: ${response.body.slice(0, 300)}`
      if (response.statusCode >= 500) throw new Error(`server error: ${where}`)
      if (response.statusCode >= 400) {
        if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) throw new Error(`not problem+json: ${where}`)
        if (response.json().status !== response.statusCode) throw new Error(`problem status differs: ${where}`)
        if (WRITES.has(method) && await checksum(app) !== before) throw new Error(`a refused write changed the database: ${where}`)
      }
      if (response.statusCode < 200 || (response.statusCode >= 300 && response.statusCode !== 304 && response.statusCode < 400)) throw new Error(`unexpected status: ${where}`)
      if (!('authorization' in input.headers) && /secret words|Unpublished draft/.test(response.body)) throw new Error(`a draft leaked: ${where}`)
    }), { numRuns: RUNS_PER_ROUTE, endOnFailure: true, ...(process.env.FUZZ_SEED && { seed: Number(process.env.FUZZ_SEED) }) })
    // The failing request itself can be megabytes of unicode: report what went wrong and the seed.
    const failure = result.failed ? `${String((result.errorInstance as Error)?.message ?? result.errorInstance).slice(0, 600)} (FUZZ_SEED=${result.seed})` : ''
    t.notOk(result.failed, `${method.toUpperCase()} ${path}: ${RUNS_PER_ROUTE} requests, no 5xx, refused writes changed nothing ${failure}`)
  }
})
