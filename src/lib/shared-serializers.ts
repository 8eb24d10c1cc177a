import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

type BuildSerializer = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>

/**
 * Fastify compiles a serializer for every route and status, though most are alike: every
 * problem response is the same $ref to Problem. Compiling each distinct schema once (per
 * plugin context, whose shared schemas are the same) takes about a quarter off start-up.
 */
export function sharedSerializers (): BuildSerializer {
  const factory = SerializerSelector()
  return (externalSchemas, options) => {
    const build = factory(externalSchemas, options)
    const built = new Map<string, ReturnType<typeof build>>()
    return (route) => {
      const key = JSON.stringify(route.schema)
      let serialize = built.get(key)
      if (!serialize) {
        serialize = build(route)
        built.set(key, serialize)
      }
      return serialize
    }
  }
}
