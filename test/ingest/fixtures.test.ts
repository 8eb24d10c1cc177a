import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { fixtureHalves, scoreFixtures, totals, type ExpectedArticle } from '../../src/ingest/evaluate.js'

const root = fileURLToPath(new URL('../fixtures/articles', import.meta.url))
const halves = fixtureHalves(root)

t.test('the eval set has a dev half and a held-out test half, split by number', async (t) => {
  t.same(halves.map((h) => h.name), ['dev', 'test'])
  let total = 0
  for (const half of halves) {
    const texts = readdirSync(half.directory).filter((f) => f.endsWith('.txt'))
    total += texts.length
    for (const file of texts) {
      const number = Number(/^\d+/.exec(file)?.[0])
      t.equal(number % 2 === 0 ? 'dev' : 'test', half.name, `${file} is in the half its number gives`)
      const expected = JSON.parse(readFileSync(join(half.directory, file.replace(/\.txt$/, '.expected.json')), 'utf8')) as ExpectedArticle
      t.ok(Array.isArray(expected.quotes) && expected.quotes.every((q) => typeof q.text === 'string' && q.text.length > 0 && (q.speaker === null || typeof q.speaker === 'string')),
        `${file} has well-formed expected quotes`)
    }
  }
  t.ok(total >= 40, `at least 40 fixtures (${total})`)
})

t.test('the held-out test half stays at the quality bar', async (t) => {
  const test = halves.find((h) => h.name === 'test')
  if (!test) throw new Error('no test half')
  const overall = totals(scoreFixtures(test.directory))
  t.ok(overall.precision >= 0.9, `quote precision ${overall.precision.toFixed(2)}`)
  t.ok(overall.recall >= 0.9, `quote recall ${overall.recall.toFixed(2)}`)
  t.ok(overall.speakerAccuracy >= 0.9, `speaker accuracy ${overall.speakerAccuracy.toFixed(2)}`)
  t.equal(overall.scareQuotesTaken, 0, 'no scare quote taken')
  t.ok(overall.titleAccuracy >= 0.9, `title accuracy ${overall.titleAccuracy.toFixed(2)}`)
})

t.test('the sample NATO story keeps its nine quotes, all Jens Stoltenberg', async (t) => {
  const seed = scoreFixtures(halves.find((h) => h.name === 'dev')?.directory ?? root).find((s) => s.name === '00-nato-seed')
  t.match(seed, { expectedQuotes: 9, predictedQuotes: 9, matched: 9 })
})
