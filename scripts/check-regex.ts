// recheck's verdict on every regular expression literal that runs on user text (see
// test/helpers/regex-literals.ts): each must be `safe` (linear or constant matching time).
// Too slow for the test suite (minutes: some verdicts come from fuzzing), so it is a command:
//   npm run check:regex                      every literal, exit 1 when one is not safe
//   npm run check:regex -- FILTER            only those whose file path (or `built: name`) contains FILTER
//   npm run check:regex -- --pending         only those listed in test/helpers/regex-pending.ts
//   npm run check:regex -- --pattern '/x+$/u' [--pattern …]   given patterns, while you rewrite them
import { check } from 'recheck'
import { builtPatterns, regexLiterals, type RegexLiteral } from '../test/helpers/regex-literals.js'
import { NOT_YET_LINEAR } from '../test/helpers/regex-pending.js'

const args = process.argv.slice(2)
const pendingOnly = args.includes('--pending')
const patterns = args.flatMap((arg, i) => args[i - 1] === '--pattern' ? [arg] : [])
const filter = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--pattern') ?? ''

function fromPattern (text: string): RegexLiteral {
  const end = text.lastIndexOf('/')
  return { file: 'pattern', line: 0, source: text.slice(1, end), flags: text.slice(end + 1) }
}

const started = Date.now()
let unsafe = 0
let pending = 0
const listed = (r: RegexLiteral): boolean => NOT_YET_LINEAR.has(r.source) || NOT_YET_LINEAR.has(r.file)
const literals = patterns.length > 0
  ? patterns.map(fromPattern)
  : [...regexLiterals(), ...await builtPatterns()].filter((r) => r.file.includes(filter) && (!pendingOnly || listed(r)))
for (const { file, line, source, flags } of literals) {
  // A minute each rather than recheck's 10 s: on a busy machine the automaton analysis of a long
  // alternation can take longer, and a timeout is no verdict. A fixed seed for the fuzzer (patterns
  // with lookarounds, or too large for the automaton): the same verdict on every run.
  const verdict = await check(source, flags, { timeout: 60_000, randomSeed: 14 })
  if (verdict.status === 'safe') {
    if (patterns.length > 0 || pendingOnly) console.log(`safe    ${file}:${line} /${source}/${flags} (${verdict.checker})`)
    continue
  }
  const known = listed({ file, line, source, flags })
  if (known) pending++
  else unsafe++
  const why = verdict.status === 'vulnerable' ? `${verdict.complexity.type}, e.g. ${verdict.attack.pattern.slice(0, 60)}` : verdict.error.kind
  console.log(`${known ? 'pending' : 'UNSAFE '} ${file}:${line} /${source}/${flags} (${why}, ${verdict.checker})`)
}
console.log(`${literals.length} regular expressions, ${literals.length - unsafe - pending} safe, ${pending} listed as not yet linear, ${unsafe} unsafe (${Math.round((Date.now() - started) / 1000)} s)`)
process.exit(unsafe === 0 ? 0 : 1)
