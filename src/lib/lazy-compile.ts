// Fastify compiles a validator and a serializer for every route part and status before it
// listens: about two thirds of start-up's CPU (Ajv and fast-json-stringify). Compiled on first
// use instead, the server answers sooner, and the first request of each route pays a few ms.
// (Compiling the rest in the background after listen was tried: on a loaded machine it kept
// the loop busy enough that requests under way at a SIGTERM were cut; test/server.test.ts.)
// A schema error, which used to stop start-up, now fails the first request that needs it
// (500), which the test suite, calling every route, would meet.

/** A function that compiles `build()` the first time it is called, then is it. */
export function lazily<Args extends unknown[], Result> (build: () => (...args: Args) => Result): ((...args: Args) => Result) & { errors?: unknown } {
  let compiled: ((...args: Args) => Result) & { errors?: unknown } | undefined
  const compile = (): NonNullable<typeof compiled> => {
    compiled ??= build()
    return compiled
  }
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
