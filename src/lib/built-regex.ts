// Regular expressions assembled at run time from parts. Each is recorded here, so the rules that
// test/ingest/regex-rules.test.ts and `npm run check:regex` apply to literals (issue 14: no empty
// alternative, no quantifier repeated inside another, recheck says linear) apply to them too.

export interface BuiltPattern { name: string, source: string, flags: string }

/** Every pattern built through `builtRegExp` so far (module-level ones exist once their module is loaded). */
export const BUILT_PATTERNS: BuiltPattern[] = []

export function builtRegExp (name: string, source: string, flags: string): RegExp {
  const regex = new RegExp(source, flags)
  if (!BUILT_PATTERNS.some((p) => p.source === source && p.flags === flags)) BUILT_PATTERNS.push({ name, source, flags })
  return regex
}

/**
 * `piece` up to `times` times, greedy, as nested optional groups: `(?:x(?:x)?)?` for `(?:x){0,2}`.
 * It matches exactly what `(?:piece){0,times}` does, in the same order of preference, but no
 * quantifier repeats around `piece`, so one holding `\s+` or `\p{L}*` stays within the rules.
 */
export function upTo (piece: string, times: number): string {
  let source = ''
  for (let i = 0; i < times; i++) source = `(?:${piece}${source})?`
  return source
}
