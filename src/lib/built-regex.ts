// Regular expressions assembled at run time from parts. Each is recorded here, so the rules that
// test/ingest/regex-rules.test.ts and `npm run check:regex` apply to literals (issue 14: no empty
// alternative, no quantifier repeated inside another, recheck says linear) apply to them too.

export interface BuiltPattern { name: string, source: string, flags: string }

/** Every pattern built through `builtRegExp` so far (module-level ones exist once their module is loaded). */
export const BUILT_PATTERNS: BuiltPattern[] = []

function record (name: string, source: string, flags: string): void {
  if (!BUILT_PATTERNS.some((p) => p.name === name)) BUILT_PATTERNS.push({ name, source, flags })
}

/** A pattern assembled from constant parts. Build it once, at module level. */
export function builtRegExp (name: string, source: string, flags: string): RegExp {
  record(name, source, flags)
  return new RegExp(source, flags)
}

/** Text matched literally inside a pattern. */
export function escapeRegExp (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const MAX_LITERAL_LENGTH = 200

/**
 * A pattern around literal text from data (names, aliases, role words): `template(slot)`, where the
 * slot becomes the texts escaped as one alternation, empty ones dropped (an empty alternative
 * matches everywhere; with none left the slot matches nothing). Literal alternatives hold no
 * quantifier, so the template, recorded with a sample slot, is what needs checking. Call at module level.
 */
export function literalTemplate (name: string, flags: string, template: (slot: string) => string): (texts: readonly string[]) => RegExp {
  record(name, template('(?:Sample|Sample Name)'), flags)
  return (texts) => {
    // Longer than any name or alias can be (the API caps names at 200): a word-run of 80k
    // characters read as a name once made V8 refuse the pattern as too large.
    const alternatives = texts.filter((text) => text !== '' && text.length <= MAX_LITERAL_LENGTH).map(escapeRegExp)
    return new RegExp(template(alternatives.length > 0 ? `(?:${alternatives.join('|')})` : '(?!)'), flags)
  }
}

/**
 * `piece` up to `times` times, greedy, as nested optional groups: `(?:x(?:x)?)?` for `(?:x){0,2}`.
 * It matches exactly what `(?:piece){0,times}` does, in the same order of preference, but no
 * quantifier repeats around `piece`, so one holding `\s+` or `\p{L}*` stays within the rules.
 * `lazy` gives `{0,times}?` the same way: `(?:x(?:x)??)??`.
 */
export function upTo (piece: string, times: number, lazy = false): string {
  let source = ''
  for (let i = 0; i < times; i++) source = `(?:${piece}${source})?${lazy ? '?' : ''}`
  return source
}
