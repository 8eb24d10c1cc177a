// Runs in a worker thread (see src/ingest/parse-pool.ts): page text in, parsed article out.
// Parsing is CPU-bound and its cost grows with the text, so it never runs on the thread that
// answers requests: a pathological page can only use up its own time budget. The parsers are
// loaded when the thread starts, before it takes work, so loading never counts against a budget.
import { htmlPageText, parseHtmlPage, readHtmlPage } from './html/parse-html.js'
import { parseArticle } from './parse-article.js'
import type { ParseOptions } from './types.js'

export type ParseTask =
  | { op: 'ready' }
  | { op: 'page-text', html: string }
  | { op: 'parse', text: string, hints: ParseOptions }
  | { op: 'parse', html: string, hints: ParseOptions }

// The first parse builds the language model's lookup tables: done here, while the thread starts.
parseArticle('Warm-up\n\nA short story for the parser to read.\n\n“It starts here,” said Ann Lee, the mayor.', {})

export default function run (task: ParseTask): unknown {
  if (task.op === 'ready') return true
  if ('html' in task) {
    const page = readHtmlPage(task.html)
    return task.op === 'page-text' ? htmlPageText(page) : parseHtmlPage(page, task.hints)
  }
  return parseArticle(task.text, task.hints)
}
