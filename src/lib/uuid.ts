// One shape for "this key is an id, not a slug", shared by every lookup that takes either.

/** A UUID's text as Postgres prints it (lowercase hex), without anchors: for larger patterns. */
export const UUID_BODY = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
/** The same, anchored: a POSIX regular expression Postgres's `~` reads as well as JavaScript. */
export const UUID_SOURCE = `^${UUID_BODY}$`
/** A UUID as stored and printed (lowercase). */
export const UUID = new RegExp(UUID_SOURCE)
/** A UUID as a caller may type it (any case); lowercase it before looking it up. */
export const UUID_ANY_CASE = new RegExp(UUID_SOURCE, 'i')
