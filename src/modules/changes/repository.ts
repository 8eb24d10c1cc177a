import type pg from 'pg'
import { httpProblem } from '../../lib/problem.js'
import { FEED_START, type ChangeEventDto, type ChangeKind, type ChangeResource } from './schemas.js'

// Reads the change feed (migration 005) in commit order. A position is "<commit seq>.<event
// id>"; commits are numbered as they become visible, so "everything after a position"
// never leaves out an event that commits later with a smaller number.

export type Audience = 'public' | 'private'

export interface Position { seq: bigint, id: bigint }

export interface ChangeRow {
  seq: string
  id: string
  kind: ChangeKind
  resource: ChangeResource
  resourceId: string
  slug: string | null
  version: number | null
  occurredAt: string
  actor: string
  actorKeyId: string | null
  publicBefore: boolean
  publicAfter: boolean
  articleId: string | null
  speakerId: string | null
  section: string | null
  topicIds: string[]
  changed: string[]
  /** For cache invalidation and filtered webhooks: an updated article's topics and section, and a reattributed quote's speaker, before the change. */
  topicsBefore: string[]
  sectionBefore: string | null
  speakerBefore: string | null
}

export function parsePosition (text: string): Position {
  const [seq, id] = text.split('.')
  try {
    return { seq: BigInt(seq!), id: BigInt(id!) }
  } catch {
    throw httpProblem(400, 'The position is malformed; use `nextCursor` or an event `id` from the feed.')
  }
}

export const formatPosition = (position: Position): string => `${position.seq}.${position.id}`

// The newest commit's position. A statement that inserted no event (a bulk import that changed
// nothing) still numbers its commit, so the newest commit may have no event: its position is then
// "<seq>.0", which is after every earlier event (an inner join found no head, and `now` meant the start).
const HEAD_OF_FEED = `SELECT c.seq::text || '.' || coalesce(max(e.id), 0)::text FROM change_commits c LEFT JOIN change_events e ON e.txid = c.txid
 WHERE c.seq = (SELECT max(seq) FROM change_commits) GROUP BY c.seq`

// One statement, one snapshot: the page and the head of the feed as that snapshot sees it,
// so a reader that got a short page can move to the head without skipping anything.
const READ = `
WITH page AS (
  SELECT c.seq::text AS seq, e.id::text AS id, e.kind, e.resource, e.resource_id AS "resourceId", e.slug, e.version,
         to_char(c.committed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
         e.actor, e.actor_key_id AS "actorKeyId", e.public_before AS "publicBefore", e.public_after AS "publicAfter",
         e.article_id AS "articleId", e.speaker_id AS "speakerId", e.section, e.topic_ids AS "topicIds", e.changed,
         e.topics_before AS "topicsBefore", e.section_before AS "sectionBefore", e.speaker_before AS "speakerBefore"
    FROM change_commits c JOIN change_events e ON e.txid = c.txid
   WHERE c.seq >= $1::bigint AND (c.seq, e.id) > ($1::bigint, $2::bigint)
     AND ($4::boolean OR e.public_before OR e.public_after)
     AND ($5::text[] IS NULL OR e.resource = ANY ($5::text[]))
   ORDER BY c.seq, e.id
   LIMIT $3
)
SELECT coalesce((SELECT json_agg(page) FROM page), '[]') AS events,
       (${HEAD_OF_FEED}) AS head`

const HEAD = `SELECT (${HEAD_OF_FEED}) AS head`

/** The position of the newest committed event ("0.0" while there is none). */
export async function headPosition (pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ head: string }>({ name: 'changes-head', text: HEAD })
  return rows[0]?.head ?? FEED_START
}

/**
 * Up to `limit` events after `after`, oldest commit first, and where to read next: after
 * the last event returned, or at the head when the page came back short.
 */
export async function readChanges (pool: pg.Pool, options: {
  after: Position, limit: number, audience: Audience, resources?: readonly ChangeResource[] | undefined
}): Promise<{ rows: ChangeRow[], next: string }> {
  const { rows } = await pool.query<{ events: ChangeRow[], head: string | null }>({
    name: 'changes-read',
    text: READ,
    values: [options.after.seq.toString(), options.after.id.toString(), options.limit, options.audience === 'private', options.resources ?? null]
  })
  const events = rows[0]!.events
  const last = events.at(-1)
  const after = formatPosition(options.after)
  let next = last ? `${last.seq}.${last.id}` : after
  // A short page read everything its snapshot held: later reads may start at that head.
  const head = rows[0]!.head
  if (events.length < options.limit && head !== null && compare(parsePosition(head), parsePosition(next)) > 0) next = head
  return { rows: events, next }
}

function compare (a: Position, b: Position): number {
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1
}

/** The event as `audience` may see it: a public reader gets tombstones for what it may no longer see. */
export function toChangeEventDto (row: ChangeRow, audience: Audience): ChangeEventDto {
  const base = {
    position: `${row.seq}.${row.id}`,
    kind: row.kind,
    resource: row.resource,
    resourceId: row.resourceId,
    slug: row.slug,
    occurredAt: row.occurredAt,
    articleId: row.articleId
  }
  if (audience === 'public' && !row.publicAfter) {
    return { ...base, version: null, tombstone: true, changed: [], speakerId: null, section: null, topicIds: [] }
  }
  const event = { ...base, version: row.version, tombstone: false, changed: row.changed, speakerId: row.speakerId, section: row.section, topicIds: row.topicIds }
  if (audience === 'public') return event
  // A reader of drafts sees everything that exists, and who changed it.
  return { ...event, tombstone: row.kind === 'deleted', actor: row.actor, actorKeyId: row.actorKeyId, publicBefore: row.publicBefore, publicAfter: row.publicAfter }
}
