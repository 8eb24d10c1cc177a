import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { API_INFO } from './swagger.js'

/**
 * The OpenAPI document at /openapi.json and /openapi.yaml, and the API reference at /docs:
 * Scalar (navigation, search, request samples, examples for every status). Scalar's bundle
 * ships inside its npm package and is served from here, fonts are the system's: the page
 * loads nothing from anywhere else, so it works offline and behind strict firewalls.
 * These routes are hidden from the document they serve.
 */

// Only the browser bundle of the package is used: its Fastify plugin writes an inline script
// (which the policy below forbids) and adds routes of its own. The bundle reads its
// configuration from the `data-configuration` attribute of `<script id="api-reference">`.
const SCALAR_DIST = path.dirname(createRequire(import.meta.url).resolve('@scalar/fastify-api-reference'))
const BUNDLE_PATH = path.join(SCALAR_DIST, 'js/standalone.js')
const SCALAR_VERSION = (JSON.parse(readFileSync(path.join(SCALAR_DIST, '../package.json'), 'utf8')) as { version: string }).version
export const DOCS_SCRIPT_URL = `/docs/scalar-${SCALAR_VERSION}.js`

const SCALAR_CONFIGURATION = {
  url: '/openapi.json',
  // System fonts: the default ones are fetched from Scalar's CDN.
  withDefaultFonts: false,
  // The request samples are the document's own `x-codeSamples` (curl, the typed TypeScript
  // client, Python), written with real values; Scalar's generic generators are hidden.
  hiddenClients: true,
  showDeveloperTools: 'never',
  // "Test request" sends from the browser to this server; no proxy elsewhere.
  proxyUrl: '',
  // Scalar's "Ask AI" agent talks to Scalar's servers.
  agent: { disabled: true },
  defaultOpenAllTags: false,
  orderSchemaPropertiesBy: 'preserve',
  operationTitleSource: 'summary',
  theme: 'default',
  layout: 'modern',
  metaData: { title: `${API_INFO.title} reference` }
}

// Scalar's Vue components set inline styles, and its bundle injects its stylesheet from
// script; everything else is this server's own. Helmet's `default-src 'none'` applies to
// every other route.
export const DOCS_CSP = "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
  "script-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(API_INFO.title)} reference</title>
  </head>
  <body>
    <noscript>This reference needs JavaScript. The OpenAPI document itself is at <a href="/openapi.json">/openapi.json</a>.</noscript>
    <script id="api-reference" type="application/json" data-configuration="${escapeHtml(JSON.stringify(SCALAR_CONFIGURATION))}"></script>
    <script src="${DOCS_SCRIPT_URL}"></script>
  </body>
</html>
`

/** The 3.5 MB bundle, read and gzipped once, on first use (most processes never serve it). */
let bundle: { raw: Buffer, gzip: Buffer } | undefined
function scalarBundle (): { raw: Buffer, gzip: Buffer } {
  if (!bundle) {
    const raw = readFileSync(BUNDLE_PATH)
    bundle = { raw, gzip: gzipSync(raw, { level: 6 }) }
  }
  return bundle
}

const docsHeaders = (reply: FastifyReply): FastifyReply => reply.header('content-security-policy', DOCS_CSP)

export default fp(async function docs (fastify: FastifyInstance) {
  fastify.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(JSON.stringify(fastify.swagger(), null, 2)))

  fastify.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(fastify.swagger({ yaml: true })))

  fastify.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
    docsHeaders(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(PAGE))

  // The file name carries the version, so browsers may keep it for a year.
  fastify.get(DOCS_SCRIPT_URL, { schema: { hide: true } }, async (request: FastifyRequest, reply) => {
    const { raw, gzip } = scalarBundle()
    const gzipped = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
    docsHeaders(reply).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'Accept-Encoding')
    if (gzipped) reply.header('content-encoding', 'gzip')
    return reply.type('text/javascript; charset=utf-8').send(gzipped ? gzip : raw)
  })
}, { name: 'docs', dependencies: ['swagger'] })
