import { AsyncLocalStorage } from 'node:async_hooks'

// What the work in progress runs as, carried through its async work: for a request, the
// database lane it uses (plugins/app/database.ts) and who it acts as (lib/write-path.ts); for
// the CLI, the scheduler and the seed, who acts. One AsyncLocalStorage for all of it: on
// Node 20 each one in use adds its own step to every promise the process makes, so two cost
// the hot reads twice what one does.

/** The database connections a request uses: writers', the replica's (public reads), or the primary's. */
export type Lane = 'primary' | 'replica' | 'writer'

/** Who is making a change: `via` names the way in, `keyId` the API key when there is one. */
export interface Actor { readonly via: 'api' | 'cli' | 'scheduler' | 'seed' | 'system', readonly keyId: string | null }

export interface WorkContext {
  actor: Actor
  /** Unset outside a request: the primary. */
  lane?: Lane
  /** Whether the request only reads (GET or HEAD). */
  read?: boolean
}

const storage = new AsyncLocalStorage<WorkContext>()

/** Runs `work` (and everything it starts) in `context`. */
export function runInContext<T> (context: WorkContext, work: () => T): T {
  return storage.run(context, work)
}

/** The context of the work in progress, if any. A request's may be changed in place (its actor, once known). */
export function currentContext (): WorkContext | undefined {
  return storage.getStore()
}
