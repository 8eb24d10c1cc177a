import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import { DOCUMENT_PATH, generateTypes } from '../../scripts/openapi.js'
import { authHeaders, build } from '../helpers/app.js'
import { crudJourney } from './journey-crud.js'
import { partnerJourney } from './journey.js'

// Proof by a real client: the typed client in client/ (openapi-fetch, typed by what
// openapi-typescript generates from the committed document), a partner journey written with
// it, type-checked by tsc and run against a real listening server; and every TypeScript
// request sample the API reference shows, type-checked the same way.

const run = promisify(execFile)

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const HERE = fileURLToPath(new URL('./', import.meta.url))

async function tsc (project: string): Promise<{ code: number, output: string }> {
  try {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: path.dirname(project), timeout: 120_000 })
    return { code: 0, output: stdout }
  } catch (error) {
    const failure = error as { code?: number, stdout?: string, stderr?: string }
    return { code: failure.code ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` }
  }
}

t.test('the typed client, with types freshly generated from openapi/openapi.json, type-checks the journeys and every TypeScript request sample, and rejects a wrong field', async (t) => {
  // Inside node_modules so the copies resolve openapi-fetch; git ignores it.
  await mkdir(path.join(ROOT, 'node_modules/.cache'), { recursive: true })
  const dir = await mkdtemp(path.join(ROOT, 'node_modules/.cache/contract-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))

  // The client as a partner copies it (the request samples import it from ./newsdesk-client/).
  const document = await readFile(DOCUMENT_PATH, 'utf8')
  await mkdir(path.join(dir, 'newsdesk-client'))
  await writeFile(path.join(dir, 'newsdesk-client/schema.d.ts'), await generateTypes(document))
  await writeFile(path.join(dir, 'newsdesk-client/index.ts'), await readFile(path.join(ROOT, 'client/index.ts'), 'utf8'))
  const againstFreshTypes = (source: string): string => source.replaceAll('../../client/index.js', './newsdesk-client/index.js')
  const journeys = ['journey.ts', 'journey-crud.ts']
  for (const file of journeys) await writeFile(path.join(dir, file), againstFreshTypes(await readFile(path.join(HERE, file), 'utf8')))
  const wrong = againstFreshTypes(await readFile(path.join(HERE, 'wrong-field.ts'), 'utf8'))
  t.match(wrong, /@ts-expect-error/, 'wrong-field.ts marks its mistake')
  await writeFile(path.join(dir, 'wrong-field.ts'), wrong.replace(/^\s*\/\/ @ts-expect-error.*\n/m, ''))

  const samples: string[] = []
  for (const [route, item] of Object.entries(JSON.parse(document).paths as Record<string, Record<string, { operationId: string, 'x-codeSamples'?: Array<{ lang: string, source: string }> }>>)) {
    for (const [method, op] of Object.entries(item)) {
      const sample = op['x-codeSamples']?.find((s) => s.lang === 'TypeScript')
      if (!sample) { t.fail(`${method.toUpperCase()} ${route} has no TypeScript sample`); continue }
      const file = `sample-${op.operationId}.ts`
      await writeFile(path.join(dir, file), sample.source + '\n')
      samples.push(file)
    }
  }
  t.ok(samples.length > 40, `${samples.length} TypeScript samples`)
  // The README's "Typed client" section: a partner's first ten lines.
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
  const firstLines = /## Typed client\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  t.ok(firstLines, 'the README shows the typed client')
  await writeFile(path.join(dir, 'sample-readme.ts'), firstLines ?? '')
  samples.push('sample-readme.ts')

  const { compilerOptions } = JSON.parse(await readFile(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: object }
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [...journeys, ...samples, 'wrong-field.ts'] }))

  const { code, output } = await tsc(path.join(dir, 'tsconfig.json'))
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line))
  t.not(code, 0, 'tsc fails because of wrong-field.ts')
  t.same(errors.filter((line) => !line.startsWith('wrong-field.ts')), [], 'the journeys and the samples type-check against the generated types')
  t.match(errors.join('\n'), /wrong-field\.ts\(\d+,\d+\): error TS2339: Property 'headline' does not exist/, 'tsc names the wrong field')
})

async function listening (t: Test): Promise<{ baseUrl: string, apiKey: string }> {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { authorization } = await authHeaders(app, 'content:write')
  return { baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, apiKey: authorization.replace(/^Bearer /, '') }
}

t.test('the journey works against a real listening server', async (t) => {
  const { baseUrl, apiKey } = await listening(t)
  t.same(await partnerJourney(baseUrl, apiKey), [
    'bulkImportArticles', 'listArticles (cursor walk)', 'search', 'getArticle (ETag, 304)', 'getArticle (404)'
  ])
})

t.test('the create/update/delete journey works against a real listening server', async (t) => {
  const { baseUrl, apiKey } = await listening(t)
  t.same(await crudJourney(baseUrl, apiKey), [
    'createTopic', 'createArticle', 'listArticles (cursor walk)', 'search', 'getArticle',
    'updateArticle (If-Match)', 'updateArticle (stale ETag → 412)', 'deleteArticle', 'getArticle (404)'
  ])
})
