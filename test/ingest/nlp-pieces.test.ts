import t from 'tap'
import { nlpPieces } from '../../src/ingest/nlp-pieces.js'

t.test('paragraphs are read one at a time', async (t) => {
  t.same(nlpPieces('Jens Stoltenberg spoke.\n\nKabul\n\n  \n\nThe end.'), ['Jens Stoltenberg spoke.', 'Kabul', 'The end.'])
})

t.test('a long paragraph is cut at sentence ends, never inside a name', async (t) => {
  const sentence = 'Mayor Ruth Okafor said the council would look again at the plan. '
  const paragraph = sentence.repeat(200)
  const pieces = nlpPieces(paragraph)
  t.ok(pieces.length > 1)
  t.ok(pieces.every((piece) => piece.length <= 2000))
  t.equal(pieces.join(''), paragraph, 'nothing is lost')
  t.ok(pieces.every((piece) => piece.trimStart().startsWith('Mayor Ruth Okafor')), 'each piece starts a sentence')
})

t.test('a paragraph without sentence ends is cut at spaces', async (t) => {
  const paragraph = 'Alpha Bravo Charlie Delta '.repeat(400)
  const pieces = nlpPieces(paragraph)
  t.ok(pieces.every((piece) => piece.length <= 2000 && piece.endsWith(' ')))
  t.equal(pieces.join(''), paragraph)
})
