// Do the text and HTML versions of the same stories give the same quotes? Pairs every NN-name.txt
// under <text-directory> with NN-name.html under <html-directory> (same sub-folders), runs each
// through its import path (parseArticle; parseArticleHtml, as POST /v1/imports does for text/html)
// and prints the pages whose quotes differ (text, speaker, unnamed source's description), with the
// difference. With an NN-name.expected.json beside the text, both versions are also scored.
// Run: node --import tsx scripts/html-parity.ts <text-directory> <html-directory> [--quiet]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { scoreArticle, totals, type ExpectedArticle, type FixtureScore } from '../src/ingest/evaluate.js'
import { parseArticleHtml } from '../src/ingest/html/parse-html.js'
import { parseArticle } from '../src/ingest/parse-article.js'
import type { ParsedArticle } from '../src/ingest/types.js'
import { normalizeForMatch } from '../src/ingest/text.js'

const args = process.argv.slice(2)
const quiet = args.includes('--quiet')
const [textRoot, htmlRoot] = args.filter((a) => !a.startsWith('--'))
if (!textRoot || !htmlRoot) {
  console.error('usage: html-parity.ts <text-directory> <html-directory> [--quiet]')
  process.exit(2)
}

/** Every NN-name.txt under the directory, as paths relative to it. */
function textPages (directory: string, under = ''): string[] {
  return readdirSync(join(directory, under)).sort().flatMap((entry) => {
    const path = join(under, entry)
    if (statSync(join(directory, path)).isDirectory()) return textPages(directory, path)
    return entry.endsWith('.txt') ? [path] : []
  })
}

/** One line per quote, in page order: what an editor would compare. */
function quoteLines (article: ParsedArticle): string[] {
  return article.quotes.map((q) => `${normalizeForMatch(q.text)} | ${q.speakerName ?? `(unnamed: ${q.description ?? ''})`}`)
}

let pages = 0
let agreeing = 0
const scores: { text: FixtureScore[], html: FixtureScore[] } = { text: [], html: [] }
for (const page of textPages(textRoot)) {
  const htmlPath = join(htmlRoot, page.replace(/\.txt$/, '.html'))
  if (!existsSync(htmlPath)) continue
  pages++
  const fromText = parseArticle(readFileSync(join(textRoot, page), 'utf8'))
  const fromHtml = parseArticleHtml(readFileSync(htmlPath, 'utf8'))
  const [textQuotes, htmlQuotes] = [quoteLines(fromText), quoteLines(fromHtml)]
  const onlyText = textQuotes.filter((line) => !htmlQuotes.includes(line))
  const onlyHtml = htmlQuotes.filter((line) => !textQuotes.includes(line))
  if (onlyText.length === 0 && onlyHtml.length === 0 && textQuotes.length === htmlQuotes.length) agreeing++
  else {
    console.log(`\n${relative('.', join(textRoot, page))}: text ${textQuotes.length} quotes, HTML ${htmlQuotes.length}`)
    if (!quiet) {
      for (const line of onlyText) console.log(`  text only: ${line}`)
      for (const line of onlyHtml) console.log(`  HTML only: ${line}`)
    }
  }
  const expectedPath = join(textRoot, page.replace(/\.txt$/, '.expected.json'))
  if (existsSync(expectedPath)) {
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedArticle
    scores.text.push(scoreArticle(page, fromText, expected))
    scores.html.push(scoreArticle(page, fromHtml, expected))
  }
}

console.log(`\n${agreeing} of ${pages} pages give the same quotes from text and HTML.`)
for (const [path, list] of Object.entries(scores)) {
  if (list.length === 0) continue
  const sum = (pick: (s: FixtureScore) => number): number => list.reduce((acc, s) => acc + pick(s), 0)
  const t = totals(list)
  console.log(`${path.padEnd(4)}: matched/found/expected ${sum((s) => s.matched)}/${sum((s) => s.predictedQuotes)}/${sum((s) => s.expectedQuotes)}` +
    `  precision ${t.precision.toFixed(2)}  recall ${t.recall.toFixed(2)}  speaker ${t.speakerAccuracy.toFixed(2)}  scare ${t.scareQuotesTaken}`)
}
process.exitCode = 0
