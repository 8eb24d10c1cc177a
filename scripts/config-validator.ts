// The configuration check of the bundle `npm start` runs, compiled at build time: the same Ajv
// code that env-schema compiles at every start from the sources (src/config-validation.ts),
// written out as a module by Ajv's standalone code generator. scripts/bundle.ts puts it in
// place of src/config-validation.ts, with the schema from tsc's output (dist/src/config.js).
// test/scripts/config-validator.test.ts holds it to env-schema's answers.
import { Ajv } from 'ajv'
import standalone from 'ajv/dist/standalone/index.js'

/**
 * env-schema 8's Ajv options (its `getDefaultInstance`), less its `separator` keyword, which no
 * variable uses. env-schema also closes the schema (`additionalProperties: false`): with
 * `removeAdditional`, variables it does not name are dropped from the result.
 */
const ENV_SCHEMA_AJV_OPTIONS = { allErrors: true, removeAdditional: true, useDefaults: true, coerceTypes: true, allowUnionTypes: true, addUsedSchema: false } as const

// As env-schema does: the data are copied, and a failure's message is Ajv's `errorsText` with
// `env` for the data (`env/PORT must be integer, env/HOST ...`), its errors beside it.
const WRAPPER = `
export function validateEnvironment (_schema, data) {
  const env = Object.assign({}, data)
  if (validate(env)) return env
  const error = new Error(validate.errors.map((e) => \`env\${e.instancePath} \${e.message}\`).join(', '))
  error.errors = validate.errors
  throw error
}
`

/** The module's source (ESM; Ajv's small runtime helpers are `require`d, which esbuild bundles) for `schema`. */
export function compiledConfigValidation (schema: object): string {
  const ajv = new Ajv({ ...ENV_SCHEMA_AJV_OPTIONS, code: { source: true, esm: true } })
  const validate = ajv.compile({ ...schema, additionalProperties: false })
  return `${standalone.default(ajv, validate)}\n${WRAPPER}`
}
