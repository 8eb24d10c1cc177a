// recheck's verdict on every regular expression literal that runs on user text (see
// test/helpers/regex-literals.ts): each must be `safe` (linear or constant matching time).
// Too slow for the test suite (minutes: some verdicts come from fuzzing), so it is a command:
//   npm run check:regex            every literal, exit 1 when one is not safe
//   npm run check:regex -- FILTER  only the literals whose file path contains FILTER
import { check } from 'recheck'
import { builtPatterns, regexLiterals } from '../test/helpers/regex-literals.js'
import { NOT_YET_LINEAR } from '../test/helpers/regex-pending.js'

const filter = process.argv[2] ?? ''
const started = Date.now()
let unsafe = 0
let pending = 0
const literals = [...regexLiterals(), ...await builtPatterns()].filter((r) => r.file.includes(filter))
for (const { file, line, source, flags } of literals) {
  // A minute each rather than recheck's 10 s: on a busy machine the automaton analysis of a long
  // alternation can take longer, and a timeout is no verdict.
  const verdict = await check(source, flags, { timeout: 60_000 })
  if (verdict.status === 'safe') continue
  const known = NOT_YET_LINEAR.has(source) || NOT_YET_LINEAR.has(file)
  if (known) pending++
  else unsafe++
  const why = verdict.status === 'vulnerable' ? `${verdict.complexity.type}, e.g. ${verdict.attack.pattern.slice(0, 60)}` : verdict.error.kind
  console.log(`${known ? 'pending' : 'UNSAFE '} ${file}:${line} /${source}/${flags} (${why})`)
}
console.log(`${literals.length} regular expressions, ${literals.length - unsafe - pending} safe, ${pending} listed as not yet linear, ${unsafe} unsafe (${Math.round((Date.now() - started) / 1000)} s)`)
process.exit(unsafe === 0 ? 0 : 1)
