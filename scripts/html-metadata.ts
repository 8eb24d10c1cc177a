// `node --import tsx scripts/html-metadata.ts <folder of saved .html pages>`: what the HTML
// importer reads from each page (headline, byline, section, date, canonical URL, paragraphs,
// quotes) and how often each was found, with the parse time. For checking the importer on
// real pages, which the repository does not hold.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArticleHtml } from '../src/ingest/html/parse-html.js'

const folder = process.argv[2]
if (!folder) {
  console.error('usage: node --import tsx scripts/html-metadata.ts <folder>')
  process.exit(2)
}
const files = readdirSync(folder).filter((name) => /\.html?$/i.test(name)).sort()
const fields = ['title', 'byline', 'section', 'publishedAt', 'canonicalUrl'] as const
const found = Object.fromEntries(fields.map((field) => [field, 0])) as Record<typeof fields[number], number>
const times: number[] = []
parseArticleHtml('<h1>Warm-up</h1><p>Loads the parser’s libraries before anything is timed here.</p>')
for (const file of files) {
  const started = performance.now()
  const article = parseArticleHtml(readFileSync(path.join(folder, file), 'utf8'))
  times.push(performance.now() - started)
  for (const field of fields) if (article[field]) found[field]++
  console.log(`${file}\n  ${fields.map((field) => `${field}: ${article[field] ?? '-'}`).join('\n  ')}\n  ${article.body.length} paragraphs, ${article.quotes.length} quotes`)
}
times.sort((a, b) => a - b)
console.log(`\n${files.length} pages; found: ${fields.map((field) => `${field} ${found[field]}`).join(', ')}`)
console.log(`parse time: median ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms, max ${times[times.length - 1]?.toFixed(0)} ms`)
