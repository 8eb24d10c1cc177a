import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { fixtureHalves, type ExpectedArticle } from '../../src/ingest/evaluate.js'

const root = fileURLToPath(new URL('../fixtures/articles', import.meta.url))
const halves = fixtureHalves(root)

t.test('the eval set has a dev half and a held-out test half, split by number', async (t) => {
  t.same(halves.map((h) => h.name), ['dev', 'test'])
  let total = 0
  for (const half of halves) {
    const texts = readdirSync(half.directory).filter((f) => f.endsWith('.txt'))
    total += texts.length
    for (const file of texts) {
      const number = Number(file.slice(0, 2))
      t.equal(number % 2 === 0 ? 'dev' : 'test', half.name, `${file} is in the half its number gives`)
      const expected = JSON.parse(readFileSync(join(half.directory, file.replace(/\.txt$/, '.expected.json')), 'utf8')) as ExpectedArticle
      t.ok(Array.isArray(expected.quotes) && expected.quotes.every((q) => typeof q.text === 'string' && q.text.length > 0 && (q.speaker === null || typeof q.speaker === 'string')),
        `${file} has well-formed expected quotes`)
    }
  }
  t.ok(total >= 40, `at least 40 fixtures (${total})`)
})
