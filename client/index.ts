// The Newsdesk API client for TypeScript: openapi-fetch (a 6 kB wrapper around fetch) typed by
// schema.d.ts, which openapi-typescript generates from openapi/openapi.json (`npm run client`).
// Paths, parameters, bodies, answers and problems are all checked by tsc; nothing here is
// written by hand but this file. To use it elsewhere, copy this folder and
// `npm install openapi-fetch@0.17.0`.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch'
import type { components, paths } from './schema.js'

export type { components, operations, paths, webhooks } from './schema.js'

type Schemas = components['schemas']
export type Article = Schemas['Article']
export type Quote = Schemas['Quote']
export type Topic = Schemas['Topic']
export type Speaker = Schemas['Speaker']
export type ChangeEvent = Schemas['ChangeEvent']
/** Every error answer: RFC 9457 problem details (`application/problem+json`). */
export type Problem = Schemas['Problem']

export type NewsdeskClient = Client<paths>

export interface NewsdeskClientOptions extends Omit<ClientOptions, 'headers'> {
  /** Where the API is served, such as `http://localhost:3000` (the paths start with `/v1`). */
  baseUrl: string
  /** An API key (`nd_...`), sent as `Authorization: Bearer`. Public reads need none. */
  apiKey?: string | undefined
  headers?: Record<string, string>
}

/** A client for every operation in the document: `GET`, `POST`, `PATCH`, `DELETE`... by path. */
export function createNewsdeskClient ({ apiKey, headers, ...options }: NewsdeskClientOptions): NewsdeskClient {
  return createClient<paths>({ ...options, headers: { ...headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) } })
}

/** Whether an `error` from the client is problem details (a proxy may answer something else). */
export function isProblem (value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).status === 'number' && typeof (value as Problem).title === 'string'
}
