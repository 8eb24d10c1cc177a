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
      : (coercing ??= factory(externalSchemas, options))(route)) as unknown as ReturnType<ReturnType<typeof factory>>
  }
}
