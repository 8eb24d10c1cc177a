import { fileURLToPath } from 'node:url'
import t from 'tap'
import { scoreFixtures, totals } from '../../src/ingest/evaluate.js'

const scores = scoreFixtures(fileURLToPath(new URL('../fixtures/articles', import.meta.url)))

t.test('article fixtures reach the quality bar', async (t) => {
  t.ok(scores.length >= 11, 'the seed story and at least ten invented stories')
  const overall = totals(scores)
  t.ok(overall.precision >= 0.9, `quote precision ${overall.precision.toFixed(2)}`)
  t.ok(overall.recall >= 0.9, `quote recall ${overall.recall.toFixed(2)}`)
  t.ok(overall.speakerAccuracy >= 0.9, `speaker accuracy ${overall.speakerAccuracy.toFixed(2)}`)
  t.ok(overall.titleAccuracy >= 0.9, `title accuracy ${overall.titleAccuracy.toFixed(2)}`)
  t.ok(overall.dateAccuracy >= 0.9, `date accuracy ${overall.dateAccuracy.toFixed(2)}`)
})
