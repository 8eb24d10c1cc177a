import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import '@fastify/sse'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { prefersEventStream } from '../../lib/accept.js'
import { CHANGE_STREAM_EXAMPLE } from '../../lib/examples.js'
import { csv } from '../../lib/list-params.js'
import { httpProblem, problemResponses } from '../../lib/problem.js'
import { canReadDrafts } from '../../plugins/app/auth.js'
import { createLiveFeed } from './live-feed.js'
import { headPosition, parsePosition, readChanges, toChangeEventDto, type Audience, type ChangeRow, type Position } from './repository.js'
import { ChangePage, ChangesQuery, FEED_START, type ChangeResource } from './schemas.js'

const CATCH_UP_BATCH = 500
/** A stream further behind than this is closed; the reader resumes with Last-Event-ID. */
const MAX_QUEUED_EVENTS = 10_000

const STREAM_DESCRIPTION = 'With `Accept: text/event-stream` the same URL streams events live (Server-Sent Events): ' +
  'each message\'s `id` is the event\'s position and its `data` the event as JSON (`event: change`). A reconnecting ' +
  'client sends `Last-Event-ID` and misses nothing; a stream with neither `Last-Event-ID` nor `after` starts at the present.'

const changeRoutes: FastifyPluginAsyncTypebox<{ maxStreams: number }> = async (fastify, opts) => {
  const live = createLiveFeed(fastify)
  let streams = 0
  // Shutting down: end the open streams (their readers reconnect elsewhere with Last-Event-ID),
  // or the server would wait for each to notice, at its next heartbeat, that it is going.
  const open = new Set<() => void>()
  fastify.addHook('preClose', async () => { for (const close of open) close() })

  fastify.get('/changes', {
    // The handler negotiates (src/lib/accept.ts): the plugin's gate ignores the weights.
    sse: 'manual',
    // A feed is read after a position; the cache would only hold pages that go stale.
    config: { responseCache: false },
    schema: {
      tags: ['Changes'],
      operationId: 'listChanges',
      summary: 'Read the change feed',
      description: 'Every change to articles, quotes, topics and speakers, in commit order, in the list envelope: follow ' +
        '`nextCursor` (as `after`) to mirror all content and then stay current. Public callers see only what they may ' +
        'read: a story that is unpublished or deleted appears as a tombstone, a draft never appears. A key that may read ' +
        'drafts sees every change and who made it. A full page never changes and may be cached; a short one means you ' +
        `are up to date. ${STREAM_DESCRIPTION}`,
      querystring: ChangesQuery,
      response: {
        200: {
          description: 'A page of events (JSON), or a live stream of them (text/event-stream).',
          content: {
            'application/json': { schema: ChangePage },
            'text/event-stream': { schema: Type.String({ description: 'Server-Sent Events: `id: <position>`, `event: change`, `data: <ChangeEvent JSON>`.', examples: [CHANGE_STREAM_EXAMPLE] }) }
          }
        },
        ...problemResponses(400, 401, 503)
      }
    }
  }, async (request, reply) => {
    const audience: Audience = canReadDrafts(request) ? 'private' : 'public'
    const resources = csv<ChangeResource>(request.query.resource)
    // One URL, two types: a shared cache must not hand the JSON page to an EventSource.
    reply.header('vary', 'Accept')
    if (prefersEventStream(request.headers.accept)) return stream(request, reply, request.query.after, audience, resources)

    const after = await startingPosition(request.query.after, FEED_START)
    const { rows, next } = await readChanges(fastify.readPool, { after, limit: request.query.limit, audience, resources })
    // Events never change once committed: a full page is final; a short one grows.
    if (audience === 'public') reply.header('cache-control', rows.length === request.query.limit ? 'public, max-age=3600, immutable' : 'public, no-cache')
    return { data: rows.map((row) => toChangeEventDto(row, audience)), nextCursor: next }
  })

  async function startingPosition (after: string | undefined, fallback: string): Promise<Position> {
    const text = after ?? fallback
    return parsePosition(text === 'now' ? await headPosition(fastify.pool) : text)
  }

  async function stream (request: FastifyRequest, reply: FastifyReply, afterParam: string | undefined, audience: Audience, resources: ChangeResource[] | undefined): Promise<void> {
    const sse = reply.sse!
    const lastEventId = sse.lastEventId
    if (lastEventId !== null && !/^[0-9]{1,19}\.[0-9]{1,19}$/.test(lastEventId)) {
      throw httpProblem(400, 'Last-Event-ID is not a position from this feed; reconnect without it (or with `after`).')
    }
    if (streams >= opts.maxStreams) {
      reply.header('retry-after', '5')
      throw httpProblem(503, 'Too many live streams on this instance; try again shortly.')
    }
    let cursor = await startingPosition(lastEventId ?? afterParam, 'now')
    streams++

    const wanted = (row: ChangeRow): boolean =>
      (audience === 'private' || row.publicBefore || row.publicAfter) && (resources === undefined || resources.includes(row.resource))
    // Events arrive from the live feed while we catch up; they wait here, in order.
    let queue: ChangeRow[] = []
    let caughtUp = false
    let sending = Promise.resolve()
    const send = (rows: ChangeRow[]): Promise<void> => {
      sending = sending.then(async () => {
        for (const row of rows) {
          const position = { seq: BigInt(row.seq), id: BigInt(row.id) }
          if (!after(position, cursor) || !wanted(row)) continue
          if (!sse.isConnected) return
          await sse.send({ id: `${row.seq}.${row.id}`, event: 'change', data: toChangeEventDto(row, audience) })
          cursor = position
        }
      })
      return sending
    }
    const following = live.follow((rows) => {
      if (!caughtUp) {
        queue.push(...rows)
        if (queue.length > MAX_QUEUED_EVENTS) sse.close()
        return
      }
      send(rows).catch(() => sse.close())
    })
    sse.keepAlive()
    const close = (): void => { sse.close() }
    open.add(close)
    sse.onClose(() => {
      open.delete(close)
      following.stop()
      streams--
    })
    // Headers now (writeHead alone waits for the first write): the client learns at once that the stream is open.
    sse.sendHeaders()
    reply.raw.flushHeaders()

    try {
      const start = await following.start
      // From the primary, like the live feed: a lagging replica would never reach `start`.
      for (;;) {
        const { rows, next } = await readChanges(fastify.pool, { after: cursor, limit: CATCH_UP_BATCH, audience, resources })
        await send(rows)
        if (!sse.isConnected) return
        const reached = parsePosition(next)
        if (after(reached, cursor)) cursor = reached
        if (rows.length < CATCH_UP_BATCH && !after(start, cursor)) break
      }
      const waiting = queue
      queue = []
      caughtUp = true
      await send(waiting)
    } catch (err) {
      request.log.warn({ err }, 'change stream closed after a failed read')
      sse.close()
    }
  }
}

/** Whether `a` comes after `b` in the feed. */
function after (a: Position, b: Position): boolean {
  return a.seq > b.seq || (a.seq === b.seq && a.id > b.id)
}

export default changeRoutes
