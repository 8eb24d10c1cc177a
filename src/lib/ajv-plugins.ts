import type { Ajv } from 'ajv'
import ajvFormats from 'ajv-formats'
import { isDateTime } from './date-time.js'

// What Fastify's Ajv knows beyond the standard: the usual formats with the API's own
// `date-time` (src/lib/date-time.ts), and `x-finite` (see FINITE below).

interface KeywordError { keyword: string, message: string, params: Record<string, unknown> }
type AjvPlugin = (ajv: Ajv) => Ajv

// ajv-formats is CommonJS: its module.exports, the default import here, is the plugin function
// itself (imported, not required, so the start-up bundle holds it and shares its one Ajv).
const addFormats = ajvFormats as unknown as AjvPlugin

/** The keyword schema-types.ts `Int` sets on every integer a caller sends. */
export const FINITE = 'x-finite'

const apiFormatsAndKeywords: AjvPlugin = (ajv) => {
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime })
  // Ajv coerces the query string `1e309` to Infinity and then skips every numeric keyword
  // (bounds included) for a value that is not finite: this keyword refuses it.
  const finite = Object.assign((wanted: boolean, data: unknown, schema?: { minimum?: unknown, maximum?: unknown }): boolean => {
    const ok = !wanted || typeof data !== 'number' || Number.isFinite(data)
    const bounds = typeof schema?.minimum === 'number' && typeof schema.maximum === 'number' ? ` from ${schema.minimum} to ${schema.maximum}` : ''
    finite.errors = ok ? [] : [{ keyword: FINITE, message: `must be a finite integer${bounds}`, params: {} }]
    return ok
  }, { errors: [] as KeywordError[] })
  ajv.addKeyword({ keyword: FINITE, schemaType: 'boolean', errors: true, validate: finite })
  return ajv
}

/**
 * Fastify's `ajv.plugins`: the usual formats (ajv-formats' plugin by its own name, so Fastify
 * does not add it again after ours), then the API's date-time and keywords.
 */
export const ajvPlugins = [addFormats, apiFormatsAndKeywords]
