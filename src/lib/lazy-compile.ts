// Fastify compiles a validator and a serializer for every route part and status before it
// listens: about two thirds of start-up's CPU (Ajv and fast-json-stringify). Compiled on first
// use instead, the server answers sooner; `compileRemainingInBackground` then compiles the rest
// between requests, so the first request of each route rarely pays for it either. A schema
// error, which used to stop start-up, now fails the first request that needs it (500), which
// the test suite, calling every route, would meet.

const pending = new Set<() => unknown>()

/** A function that compiles `build()` the first time it is called (or in the background), then is it. */
export function lazily<Args extends unknown[], Result> (build: () => (...args: Args) => Result): ((...args: Args) => Result) & { errors?: unknown } {
  let compiled: ((...args: Args) => Result) & { errors?: unknown } | undefined
  const compile = (): NonNullable<typeof compiled> => {
    if (!compiled) {
      compiled = build()
      pending.delete(compile)
    }
    return compiled
  }
  pending.add(compile)
  const run = function (this: unknown, ...args: Args): Result {
    const fn = compile()
    const result = fn.apply(this, args)
    // Ajv reports what failed on the function itself; Fastify reads it from the one it holds.
    run.errors = fn.errors
    return result
  } as ((...args: Args) => Result) & { errors?: unknown, schemaEnv?: unknown }
  // Tells Fastify to pass Ajv its parent data, so coercion can replace a root value (Ajv validators only).
  run.schemaEnv = true
  return run
}

/** Compiles what no request has needed yet, one at a time between other work. */
export function compileRemainingInBackground (): void {
  const next = pending.values().next()
  if (next.done === true) return
  setImmediate(() => {
    try { next.value() } catch { pending.delete(next.value) } // fails again, visibly, on first use
    compileRemainingInBackground()
  }).unref()
}
