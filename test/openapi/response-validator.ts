import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

// Checks every response the test suite receives against the OpenAPI document: the status
// must be documented for that operation, the content type must be the documented one, and
// the body actually sent (after Fastify's serializer) must match the schema, formats and
// enums included. build() in test/helpers/app.ts installs it on every test app.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const COMPONENT_REF = '#/components/schemas/'
const validators = new WeakMap<object, DocumentValidator>()

class DocumentValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, validateFormats: true })
  private readonly compiled = new Map<string, ValidateFunction>()

  constructor (private readonly doc: Json) {
    addFormats.default(this.ajv)
    // OpenAPI's own annotations inside schemas.
    this.ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs'])
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      this.ajv.addSchema(localRefs(schema), name)
    }
  }

  /** Problems with this response, empty when it matches the document. */
  check (method: string, routeUrl: string | undefined, status: number, contentType: string | undefined, payload: unknown): string[] {
    let responses: Json
    if (routeUrl === undefined) {
      // No route: the not-found handler, which answers with a problem (405 when the path has other methods).
      const problem = { content: { 'application/problem+json': { schema: { $ref: `${COMPONENT_REF}Problem` } } } }
      responses = { 404: problem, 405: problem }
    } else {
      // A parameter's own pattern (`:section([\s\S]+?)`) is the router's business, not the document's.
      const path = routeUrl.replace(/:(\w+)(?:\([^)]*\))?/g, '{$1}')
      const operation = this.doc.paths?.[path]?.[method === 'HEAD' ? 'get' : method.toLowerCase()]
      if (!operation) return [`${method} ${path} is not in the OpenAPI document`]
      responses = operation.responses ?? {}
    }
    const where = `${method} ${routeUrl ?? '(no route)'} → ${status}`
    const documented = responses[status] ?? responses[`${String(status)[0]}XX`] ?? responses.default
    if (!documented) return [`${where}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`]

    // Fastify never sends a body with 204 or 304, whatever the serializer produced.
    const noBody = status === 204 || status === 304 || method === 'HEAD'
    const body = !noBody && (typeof payload === 'string' || Buffer.isBuffer(payload)) ? payload.toString() : undefined
    if (!documented.content) {
      return body ? [`${where}: the document says no body, but one was sent: ${body.slice(0, 200)}`] : []
    }
    if (noBody) return []
    const type = contentType?.split(';')[0]?.trim().toLowerCase()
    const media = type ? documented.content[type] : undefined
    if (!media) return [`${where}: content type ${contentType ?? '(none)'} is not documented (documented: ${Object.keys(documented.content).join(', ')})`]
    if (body === undefined) return [] // a stream: nothing to parse here
    // Text (a feed or sitemap in XML) is described as a string: the routes' own tests parse it.
    if (!/[/+]json$/.test(type!)) return media.schema?.type === 'string' ? [] : [`${where}: ${type} is documented with a schema that is not a string`]
    let data: unknown
    try {
      data = JSON.parse(body)
    } catch {
      return [`${where}: the body is not JSON: ${body.slice(0, 200)}`]
    }
    const key = `${method} ${routeUrl} ${status} ${type}`
    let validate = this.compiled.get(key)
    if (!validate) {
      validate = this.ajv.compile(localRefs(media.schema ?? {}))
      this.compiled.set(key, validate)
    }
    if (validate(data)) return []
    return [`${where}: the body does not match the document: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n${body.slice(0, 500)}`]
  }
}

/** `#/components/schemas/Article` → `Article`, the name each component is registered under. */
function localRefs (schema: unknown): Json {
  if (Array.isArray(schema)) return schema.map(localRefs) as unknown as Json
  if (!schema || typeof schema !== 'object') return schema as Json
  const out: Json = {}
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)
      ? value.slice(COMPONENT_REF.length)
      : localRefs(value)
  }
  return out
}

export function validatorFor (doc: Json): DocumentValidator {
  let validator = validators.get(doc)
  if (!validator) {
    validator = new DocumentValidator(doc)
    validators.set(doc, validator)
  }
  return validator
}

/** An onSend hook reporting every response that does not match the app's own document. */
export function checkResponsesAgainstDocument (app: FastifyInstance, report: (problem: string) => void): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // Hidden routes (the document itself, /docs) are not part of the contract.
    if (request.routeOptions.schema?.hide) return payload
    const contentType = reply.getHeader('content-type')
    const problems = validatorFor(app.swagger() as Json).check(
      request.method, request.routeOptions.url, reply.statusCode, typeof contentType === 'string' ? contentType : undefined, payload)
    for (const problem of problems) report(problem)
    return payload
  })
}
