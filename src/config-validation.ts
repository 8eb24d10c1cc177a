import { envSchema } from 'env-schema'
import type { TSchema } from 'typebox'

// How the configuration is checked: env-schema's Ajv (text coerced to numbers and booleans,
// defaults filled in, variables not in the schema dropped), whose message names each bad
// variable as `env/NAME must ...`. The bundle `npm start` runs has this module replaced by the
// same Ajv code compiled at build time (scripts/config-validator.ts): compiling the schema
// here cost about 0.1 s of a start's CPU.

/** Checks `data` (copied) against `schema`; the checked, completed copy, or an error naming each bad variable. */
export function validateEnvironment<T> (schema: TSchema, data: Record<string, unknown>): T {
  return envSchema<T>({ schema, data, env: false, dotenv: false })
}
