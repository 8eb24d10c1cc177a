import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'
import { lazily } from './lazy-compile.js'

type BuildSerializer = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>

/**
 * Fastify compiles a serializer for every route and status, though most are alike: every
 * problem response is the same $ref to Problem. Compiling each distinct schema once (per
 * plugin context, whose shared schemas are the same) takes about a quarter off start-up.
 */
export function sharedSerializers (): BuildSerializer {
  const factory = SerializerSelector()
  return (externalSchemas, options) => {
    let builder: ReturnType<typeof factory> | undefined
    const build = (route: Parameters<ReturnType<typeof factory>>[0]): ReturnType<ReturnType<typeof factory>> => (builder ??= factory(externalSchemas, options))(route)
    const built = new Map<string, ReturnType<typeof build>>()
    return (route) => {
      const key = JSON.stringify(route.schema)
      let serialize = built.get(key)
      if (!serialize) {
        // Compiled on first use (lazy-compile.ts), not before the server listens.
        serialize = lazily(() => build(route))
        built.set(key, serialize)
      }
      return serialize
    }
  }
}
