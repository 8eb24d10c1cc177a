import { readFile } from 'node:fs/promises'
import t from 'tap'
import { DOCUMENT_PATH, TYPES_PATH, generateDocument, generateTypes } from '../../scripts/openapi.js'
import { build } from '../helpers/app.js'
import { formatGaps, operationGaps } from './completeness.js'

const generated = await generateDocument()
const doc = JSON.parse(generated)

function firstDifference (a: string, b: string): string {
  const left = a.split('\n')
  const right = b.split('\n')
  const line = left.findIndex((text, i) => text !== right[i])
  const at = line === -1 ? left.length : line
  return `line ${at + 1}: committed ${JSON.stringify(left[at])}, generated ${JSON.stringify(right[at])}`
}

t.test('the committed document is what the routes generate', async (t) => {
  const committed = await readFile(DOCUMENT_PATH, 'utf8').catch(() => '')
  if (committed !== generated) t.fail(`openapi/openapi.json is out of date: run \`npm run openapi\` and commit it (${firstDifference(committed, generated)})`)
  else t.pass('openapi/openapi.json is current')

  const types = await readFile(TYPES_PATH, 'utf8').catch(() => '')
  if (types !== await generateTypes(committed)) t.fail(`client/schema.d.ts is out of date: run \`npm run client\` and commit it (${firstDifference(types, await generateTypes(committed))})`)
  else t.pass('client/schema.d.ts (the typed client) is current')
})

t.test('every operation is complete', async (t) => {
  const gaps = operationGaps(doc)
  for (const gap of gaps) t.fail(gap)
  t.equal(gaps.length, 0, `${Object.keys(doc.paths).length} paths checked`)
})

t.test('formats a client relies on are declared', async (t) => {
  const gaps = formatGaps(doc)
  for (const gap of gaps) t.fail(gap)
  t.equal(gaps.length, 0)
})

t.test('components have readable names', async (t) => {
  const names = Object.keys(doc.components.schemas)
  t.ok(names.includes('Article') && names.includes('Problem'), names.join(', '))
  for (const name of names) t.match(name, /^[A-Z][A-Za-z0-9]*$/, `component ${name} is named for people, not def-N`)
  const refs = generated.match(/"\$ref": "[^"]+"/g) ?? []
  for (const ref of new Set(refs)) t.match(ref, /"#\/components\/(schemas|headers|parameters)\/[A-Za-z-]+"/, `${ref} points at a named component`)
})

t.test('the API serves its document as JSON and YAML, and hides these routes from it', async (t) => {
  const app = await build(t)
  const json = await app.inject({ url: '/openapi.json' })
  t.equal(json.statusCode, 200)
  t.match(json.headers['content-type'], /^application\/json/)
  t.same(json.json(), doc, 'the same document as `npm run openapi` writes')

  const yaml = await app.inject({ url: '/openapi.yaml' })
  t.equal(yaml.statusCode, 200)
  t.match(yaml.headers['content-type'], /^application\/yaml/)
  t.match(yaml.body, /^openapi: 3\.1\.0\n/)
  t.match(yaml.body, /operationId: listArticles/)

  for (const hidden of ['/openapi.json', '/openapi.yaml', '/docs', '/docs/json']) t.notOk(doc.paths[hidden], `${hidden} is not an operation`)
})
