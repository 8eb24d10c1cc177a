// Regular expressions on user text that are not yet linear: recheck finds polynomial
// backtracking in each, or it repeats a quantifier inside another. Issue 14 wants none;
// the list may only shrink (test/ingest/regex-rules.test.ts fails on a source listed here
// that no longer exists, and on any other literal that breaks a rule). Page analysis also
// runs under a time budget meanwhile (src/ingest/parse-pool.ts). Some are bounded and so linear in
// fact (`\bCredit:\s*\S.{0,60}$`), but recheck's fuzzing still measures them as polynomial; its
// verdict on a lookbehind comes from fuzzing too, and varies from run to run on a busy machine.
// A pattern built at run time (src/lib/built-regex.ts) is listed by its name, `built: <name>`.
export const NOT_YET_LINEAR = new Set<string>([
  // Name runs of at most nine words after a lookbehind: bounded work per word start, but fuzzed as polynomial.
  'built: topics BRACKETED_ALIAS',
  // A clause then at most six adverbs before the verb, to the end of the text: a `\s+…$` tail, fuzzed as polynomial.
  // Up to eight capitalised words before an organisation head, starting at any capital letter,
  // even inside a word: an all-capitals word is scanned from each of its letters (polynomial).
  'built: topics ORGANIZATION_NAME',
  // Built at run time and unchecked until now; recheck rates them polynomial: a name's first word
  // or initials scanned from each capital (no lookbehind), date parts joined by `\s*` runs, a
  // lazy `(.{1,140}?)\s+` subject, adverbs before a `$`. Verdicts with a lookbehind are fuzzed.
  'built: attribution PRONOUN_AT_END',
  'built: resolve INDEFINITE_MENTION',
  'built: known-entities WORD_BEFORE_SURNAME',
  String.raw`^\p{Lu}[\p{Lu} .'-]{2,30}(?:,\s*\p{L}{3,9}\.?\s+\d{1,2})?\s*(?:\([\p{L} ]{2,20}\)\s*)?[:—–-]\s+`,
])
