import t from 'tap'
import { builtPatterns, nestedQuantifier, regexLiterals } from '../helpers/regex-literals.js'
import { NOT_YET_LINEAR } from '../helpers/regex-pending.js'

// The importer and the API run their regular expressions on anyone's text (issue 14), so each
// must match in time linear in its input. Two static rules, checked here on every literal
// under src/ingest, src/lib and src/modules:
// - no empty alternative (`(|x)`, `a||b`): it matches nothing at every position;
// - no quantifier that repeats inside another that repeats (`(?:\s+\w+)*`): the group can split
//   one stretch of text many ways (an optional group such as `(\.\d+)?` does not repeat).
// Patterns assembled at run time go through src/lib/built-regex.ts and are checked the same way.
// recheck's full verdict (polynomial `\s+x$` tails, overlapping neighbours such as `\s*\w*\s*`)
// takes minutes, so it is `npm run check:regex` (see README, Security).
const built = await builtPatterns()
const literals = [...regexLiterals(), ...built]

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

t.test('no regular expression on user text has an empty alternative', async (t) => {
  for (const { file, line, source } of literals) {
    if (hasEmptyAlternative(source)) t.fail(`${file}:${line} /${source}/ has an empty alternative`)
  }
  t.ok(literals.length > 400, `${literals.length} regular expressions read`)
  t.ok(hasEmptyAlternative('a(|b)') && hasEmptyAlternative('a||b') && hasEmptyAlternative('(?:a|)') && !hasEmptyAlternative('[|]a|b'), 'the check itself works')
})

t.test('no regular expression on user text repeats a quantifier inside another', async (t) => {
  let checked = 0
  for (const { file, line, source, flags } of literals) {
    if (NOT_YET_LINEAR.has(source) || NOT_YET_LINEAR.has(file)) continue
    checked++
    const nested = nestedQuantifier(source, flags)
    if (nested !== null) t.fail(`${file}:${line} /${source}/${flags} repeats ${nested}`)
  }
  t.ok(checked > 400, `${checked} regular expressions checked`)
  t.equal(nestedQuantifier('(?:\\s+\\w+)*$', ''), '\\s+ inside (?:\\s+\\w+)*', 'a repeated group of words is refused')
  t.equal(nestedQuantifier('^(\\p{Lu}\\p{L}*){1,3}$', 'u'), '\\p{L}* inside (\\p{Lu}\\p{L}*){1,3}', 'so is a bounded one')
  t.equal(nestedQuantifier('^(\\d+)(\\.\\d+)?\\s*$', ''), null, 'an optional group may hold a quantifier')
})

t.test('the list of regular expressions not yet linear only shrinks', async (t) => {
  const present = new Set(literals.flatMap((r) => [r.source, r.file]))
  for (const source of NOT_YET_LINEAR) {
    if (!present.has(source)) t.fail(`/${source}/ is gone from the sources: remove it from test/helpers/regex-pending.ts`)
  }
  t.pass(`${NOT_YET_LINEAR.size} listed`)
})

t.test('patterns built at run time are recorded and checked like literals', async (t) => {
  t.ok(built.length >= 3, `${built.length} built patterns read`)
  t.ok(built.some((p) => p.file === 'built: mentions CAPITALISED_RUN'), 'the capitalised-name run is among them')
  const { upTo } = await import('../../src/lib/built-regex.js')
  t.equal(upTo('x', 2), '(?:x(?:x)?)?', 'a bounded repeat becomes nested optional groups')
  t.equal(nestedQuantifier(upTo(String.raw`\s+\w+`, 3), ''), null, 'which repeat nothing around the piece')
})
