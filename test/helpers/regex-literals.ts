// The regular expression literals that run on what users send (page text, names, URLs, keys):
// everything under src/ingest, src/lib and src/modules. Read by test/ingest/regex-rules.test.ts
// (the static rules) and scripts/check-regex.ts (recheck's verdict on each).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { RegExpParser, visitRegExpAST } from '@eslint-community/regexpp'
import type { Quantifier } from '@eslint-community/regexpp/ast'
import ts from 'typescript'

const PROJECT = new URL('../../', import.meta.url).pathname
export const USER_TEXT_ROOTS = ['src/ingest', 'src/lib', 'src/modules']

export interface RegexLiteral { file: string, line: number, source: string, flags: string }

function sources (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

export function regexLiterals (roots = USER_TEXT_ROOTS): RegexLiteral[] {
  const found: RegexLiteral[] = []
  for (const file of roots.flatMap((root) => sources(join(PROJECT, root)))) {
    const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText()
        const end = text.lastIndexOf('/')
        found.push({ file: relative(PROJECT, file), line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, source: text.slice(1, end), flags: text.slice(end + 1) })
      }
      ts.forEachChild(node, visit)
    }
    visit(tree)
  }
  return found
}

/**
 * The patterns built at run time through src/lib/built-regex.ts: every module under the roots
 * that calls `builtRegExp` or `literalTemplate` is loaded, so its module-level patterns are recorded.
 */
export async function builtPatterns (roots = USER_TEXT_ROOTS): Promise<RegexLiteral[]> {
  const builders = roots.flatMap((root) => sources(join(PROJECT, root))).filter((file) => !file.endsWith('built-regex.ts') && /builtRegExp\(|literalTemplate\(/.test(readFileSync(file, 'utf8')))
  for (const file of builders) await import(file)
  const { BUILT_PATTERNS } = await import('../../src/lib/built-regex.js')
  return BUILT_PATTERNS.map(({ name, source, flags }) => ({ file: `built: ${name}`, line: 0, source, flags }))
}

const repeats = (q: Quantifier): boolean => q.max > 1

/**
 * The first quantifier that repeats (`*`, `+`, `{2,}`, `{0,5}`...) around another that repeats:
 * `(?:\s+\w+)*`, `(a+){1,3}`. Such a group can split one stretch of text many ways, the root of
 * exponential backtracking. An optional group (`(\.\d+)?`) does not repeat, so it may hold one.
 */
export function nestedQuantifier (source: string, flags: string): string | null {
  const ast = new RegExpParser({ ecmaVersion: 2025 }).parseLiteral(`/${source}/${flags}`)
  let found: string | null = null
  visitRegExpAST(ast, {
    onQuantifierEnter (outer) {
      if (found !== null || !repeats(outer)) return
      visitRegExpAST(outer.element, {
        onQuantifierEnter (inner) { if (found === null && repeats(inner)) found = `${inner.raw} inside ${outer.raw}` },
      })
    },
  })
  return found
}
