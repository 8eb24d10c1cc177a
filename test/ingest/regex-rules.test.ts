import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import ts from 'typescript'

// The importer runs its regular expressions on anyone's text. An empty alternative (`(|x)`,
// `a||b`) matches nothing at every position and invites the runaway matching of issue 14;
// none may come back. (Pages also run under a time budget: src/ingest/parse-pool.ts.)
const ROOT = new URL('../../src/ingest/', import.meta.url).pathname

function sources (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

function regexLiterals (file: string): Array<{ line: number, source: string }> {
  const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: Array<{ line: number, source: string }> = []
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText()
      found.push({ line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, source: text.slice(1, text.lastIndexOf('/')) })
    }
    ts.forEachChild(node, visit)
  }
  visit(tree)
  return found
}

/** An alternative with nothing in it, outside character classes and escapes. */
function hasEmptyAlternative (source: string): boolean {
  let inClass = false
  let previous = ''
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!
    if (char === '\\') { i++; previous = 'x'; continue }
    if (inClass) { if (char === ']') inClass = false; previous = 'x'; continue }
    if (char === '[') { inClass = true; previous = 'x'; continue }
    const groupStart = previous === '(' || /\(\?(?:[:=!]|<[=!]|<[A-Za-z]\w*>)$/.test(source.slice(0, i))
    if (char === '|' && (i === 0 || previous === '|' || groupStart)) return true
    if (char === ')' && previous === '|') return true
    previous = char
  }
  return previous === '|'
}

t.test('no regular expression in the importer has an empty alternative', async (t) => {
  let count = 0
  for (const file of sources(ROOT)) {
    for (const { line, source } of regexLiterals(file)) {
      count++
      if (hasEmptyAlternative(source)) t.fail(`${file.slice(ROOT.length)}:${line} /${source}/ has an empty alternative`)
    }
  }
  t.ok(count > 300, `${count} regular expressions read`)
  t.ok(hasEmptyAlternative('a(|b)') && hasEmptyAlternative('a||b') && hasEmptyAlternative('(?:a|)') && !hasEmptyAlternative('[|]a|b'), 'the check itself works')
})
