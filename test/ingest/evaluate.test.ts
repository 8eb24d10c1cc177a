import t from 'tap'
import { parseArticle } from '../../src/ingest/parse-article.js'
import { scoreArticle, totals } from '../../src/ingest/evaluate.js'

const page = `Harbour plan approved

The council backed the harbour plan on Monday.

“We have waited ten years for this,” said Mayor Ines Varga.

“It is a good day for the fishermen,” she added.
`

t.test('a quote with the right words but the wrong speaker counts for the text-alone figures only', async (t) => {
  const parsed = parseArticle(page)
  t.equal(parsed.quotes.length, 2, 'the parser finds both quotes')
  const score = scoreArticle('harbour', parsed, {
    title: 'Harbour plan approved',
    section: null,
    publishedAt: null,
    quotes: [
      { text: 'We have waited ten years for this,', speaker: 'Ines Varga' },
      { text: 'It is a good day for the fishermen,', speaker: 'Someone Else' },
      { text: 'A quote the parser never saw.', speaker: 'Ines Varga' },
    ],
  })
  const overall = totals([score])
  t.equal(overall.precision, 1 / 2, 'strict precision: one of two found quotes has text and speaker right')
  t.equal(overall.recall, 1 / 3, 'strict recall: one of three expected')
  t.equal(overall.textPrecision, 2 / 2, 'text alone: both found quotes are real quotes')
  t.equal(overall.textRecall, 2 / 3, 'text alone: two of three expected quotes were found')
  t.equal(overall.speakerAccuracy, 1 / 2, 'speaker right on one of the two text matches')
})
