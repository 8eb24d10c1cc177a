import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'
import { lazily } from './lazy-compile.js'

type BuildValidator = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>

/**
 * Query strings, path parameters and headers are text, so their values are converted to the
 * declared types (`limit=5` is a number). A JSON body already has types: `123`, `true` or
 * `["draft"]` where a string is declared is a mistake to refuse (400), not to convert and save.
 * So bodies get an Ajv of their own, with the same options but no coercion.
 */
export function strictBodyValidators (): BuildValidator {
  const factory = AjvCompiler()
  return (externalSchemas, options) => {
    const noCoercion = { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } } as typeof options
    // Each Ajv (with its formats and shared schemas) is made, and each validator compiled, on
    // first use (lazy-compile.ts), not before the server listens.
    let coercing: ReturnType<typeof factory> | undefined
    let strict: ReturnType<typeof factory> | undefined
    return (route) => lazily(() => route.httpPart === 'body'
      ? (strict ??= factory(externalSchemas, noCoercion))(route)
      : plainIntegers(route.schema, (coercing ??= factory(externalSchemas, options))(route) as unknown as Validate)) as unknown as ReturnType<ReturnType<typeof factory>>
  }
}

type Validate = ((...args: unknown[]) => unknown) & { errors?: unknown }
interface PropertySchema { type?: unknown, items?: PropertySchema }

const PLAIN_INTEGER = /^-?[0-9]+$/
const isInteger = (schema: PropertySchema | undefined): boolean =>
  schema?.type === 'integer' || (Array.isArray(schema?.type) && schema.type.includes('integer'))

/**
 * Ajv coerces any text JavaScript reads as a number (`0x10`, `1e1`, ` 5`, `5.0`) to one. An
 * integer in a query string, path or header is plain decimal digits (a leading minus, then held
 * to the minimum): `validate` for such a part first refuses any other text where the schema's
 * properties (or their array items) are integers, as Ajv's own type error (a 400).
 */
function plainIntegers (schema: unknown, validate: Validate): Validate {
  const properties = (schema as { properties?: Record<string, PropertySchema> } | undefined)?.properties ?? {}
  const integers = Object.entries(properties).filter(([, property]) => isInteger(property) || isInteger(property.items)).map(([name]) => name)
  if (integers.length === 0) return validate
  const checked = function (this: unknown, ...args: unknown[]): unknown {
    const data = args[0] as Record<string, unknown> | null
    if (data !== null && typeof data === 'object') {
      const errors = integers.filter((name) => [data[name]].flat().some((value) => typeof value === 'string' && !PLAIN_INTEGER.test(value)))
        .map((name) => ({ keyword: 'type', instancePath: `/${name}`, schemaPath: `#/properties/${name}/type`, params: { type: 'integer' }, message: 'must be an integer in plain decimal digits' }))
      if (errors.length > 0) {
        checked.errors = errors
        return false
      }
    }
    const result = validate.apply(this, args)
    checked.errors = validate.errors
    return result
  } as Validate & { schemaEnv?: unknown }
  checked.schemaEnv = (validate as { schemaEnv?: unknown }).schemaEnv
  return checked
}
