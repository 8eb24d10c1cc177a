// Regular expressions on user text that recheck does not yet rate safe (issue 14 wants none).
// The list may only shrink: test/ingest/regex-rules.test.ts fails on a source listed here that no
// longer exists, and on any other literal that breaks a rule. Page analysis also runs under a time
// budget meanwhile (src/ingest/parse-pool.ts). A pattern built at run time
// (src/lib/built-regex.ts) is listed by its name, `built: <name>`.
export const NOT_YET_LINEAR = new Set<string>([
  // Up to nine capitalised words before an organisation head or a bracketed alias, starting at a
  // word: a long run is scanned again from each of its words (at most nine, so the work per start
  // is bounded, but recheck's fuzzer rates it polynomial). Read backwards from the head or bracket
  // (as mentions.ts does for acronyms) next.
  'built: topics ORGANIZATION_NAME',
  'built: topics BRACKETED_ALIAS',
])
