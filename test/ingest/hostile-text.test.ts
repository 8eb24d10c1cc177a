import t from 'tap'
import { parseArticle } from '../../src/ingest/parse-article.js'
import { HOSTILE_TEXTS } from '../helpers/hostile-texts.js'

// Issue 14: the regular expressions the importer runs on text are linear (`npm run check:regex`
// is the proof). Each text here is aimed at the worst case of a pattern family that recheck once
// rated polynomial (runs of spaces before a `$`, unclosed brackets and credits, repeated cues
// without their verb); the whole parse of each must finish within a budget generous enough for a
// busy machine. The API side (worker threads, time limit, /health) is
// test/modules/imports/hostile-input.test.ts.
t.test('hostile texts are parsed within a time budget', async (t) => {
  const budgetMs = 10_000
  for (const [name, text] of Object.entries(HOSTILE_TEXTS)) {
    const started = performance.now()
    parseArticle(text)
    const elapsed = Math.round(performance.now() - started)
    t.ok(elapsed < budgetMs, `${name}: ${text.length} characters in ${elapsed} ms`)
  }
})
