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

t.test('a saved publisher page (NN-name.html) is scored through the HTML parser, beside page text', async (t) => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const directory = mkdtempSync(join(tmpdir(), 'eval-html-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  // Invented story: a ferry operator's statement, with site chrome around the article.
  const html = `<!doctype html><html><head><title>Ferry timetable cut for winter | Harbour Post</title>
    <meta property="og:title" content="Ferry timetable cut for winter">
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry timetable cut for winter","datePublished":"2026-11-02T08:00:00Z","author":{"@type":"Person","name":"Ada Quill"}}</script>
    </head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Ferry timetable cut for winter</h1>
    <p>The island ferry will sail twice a day instead of four times from next month, its operator said on Monday.</p>
    <p>“We cannot crew four sailings through the storms, and we would rather run two that people can rely on,” said Mira Tollan, the operator's chief executive.</p>
    <p>Passengers on the island were less sure. “Two boats a day means a night on the mainland for every hospital visit,” said Rolf Barent, who runs the island shop.</p>
    <p>The council will review the timetable in March, when the operator expects to add a third sailing if the new crew is trained.</p>
    </article><footer>© Harbour Post</footer></body></html>`
  writeFileSync(join(directory, '01-ferry.html'), html)
  writeFileSync(join(directory, '01-ferry.expected.json'), JSON.stringify({
    title: 'Ferry timetable cut for winter', section: null, publishedAt: '2026-11-02T08:00:00.000Z',
    quotes: [
      { text: 'We cannot crew four sailings through the storms, and we would rather run two that people can rely on', speaker: 'Mira Tollan' },
      { text: 'Two boats a day means a night on the mainland for every hospital visit', speaker: 'Rolf Barent' },
    ],
  }))
  writeFileSync(join(directory, '02-stray.html'), html) // no expectations beside it: not scored
  const scores = scoreFixtures(directory)
  t.same(scores.map((s) => s.name), ['01-ferry'])
  t.match(scores[0], { expectedQuotes: 2, predictedQuotes: 2, matched: 2, titleOk: true, dateOk: true })
  t.same(fixtureHalves(directory).map((h) => h.name), ['all'])
})
