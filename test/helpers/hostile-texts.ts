// Texts built for the worst case of the pattern families that recheck once rated polynomial (issue 14).
// Used by test/ingest/hostile-text.test.ts; each is 15 to 110 thousand characters.
const page = (body: string): string => `World\n\nA headline for a hostile page\n\nBy Jane Doe\n\n${body}\n\nThe end of the story.`
export const HOSTILE_TEXTS: Record<string, string> = {
  'a run of tabs inside a paragraph': page(`Tunde Bakare${'\t'.repeat(100_000)}said “this”.`),
  'spaces and tabs before a time word': page(`“Yes,” he said${' \t'.repeat(40_000)}x earlier.`),
  'unclosed agency credits': page(`${'(AP:'.repeat(20_000)})(PA)`),
  'unclosed position notes': page('(left I'.repeat(7_000)),
  'credits that never end the line': page(`${'\u0000Credit:0'.repeat(8_000)}\nrt:${'\n\t'.repeat(20_000)}`),
  'newsletter promotions without the word': page('sign up to our '.repeat(1_000)),
  'brackets that never close': page(`“Quote” ${'('.repeat(60_000)} he said.`),
  'spokespersons without a verb': page(`${'a spokesman '.repeat(4_000)}“Yes,” he said.`),
  'times without dates': page(`10:30${' '.repeat(100_000)}x and 10:30 am${' \t'.repeat(30_000)}5 March`),
  'datelines with space runs': page(`AA-${' '.repeat(80_000)}\u0000 rest`),
  'labels with space runs': page(`${'\t'.repeat(60_000)}): (On the penalty) “Yes.”`),
  'organisation heads after long capitalised runs': page(`${'Carrow Bay of the '.repeat(1_000)}${'Council '.repeat(1_500)}`),
  'bracketed aliases after long capitalised runs': page(`${'Carrow Bay and '.repeat(1_000)}${'(Cb '.repeat(1_600)}`),
  // Not a regex: the NLP library slows down faster than the text grows on one long paragraph.
  'one paragraph of capitalised words': page('Alpha Bravo Charlie Delta '.repeat(2_400)),
}
