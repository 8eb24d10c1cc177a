import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// The live feed over Server-Sent Events, read as a browser's EventSource would: events as
// they commit, and a reconnection with Last-Event-ID that misses nothing and repeats nothing.

interface Message { id: string, event: string, data: { kind: string, resource: string, slug: string | null, tombstone: boolean } }

/** Opens the stream and collects its messages until `close` is called. */
async function openStream (url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController()
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
  const messages: Message[] = []
  const done = (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':') && line.includes(':'))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]))
          if (fields.data !== undefined) messages.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) })
        }
      }
    } catch { /* aborted */ }
  })()
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    messages,
    async waitFor (count: number) {
      const deadline = Date.now() + 5000
      while (messages.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
      return messages
    },
    async close () {
      controller.abort()
      await done
    }
  }
}

t.test('a live stream, then a reconnection with Last-Event-ID', async (t) => {
  const app = await build(t)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload })

  await post({ name: 'Before' })
  const stream = await openStream(`${base}/v1/changes`)
  t.equal(stream.status, 200)
  t.match(stream.contentType, /^text\/event-stream/)
  await new Promise((resolve) => setTimeout(resolve, 100))
  await post({ name: 'Alpha' })
  await post({ name: 'Beta' })
  await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'A draft nobody may see' } })
  await post({ name: 'Gamma' })
  const live = await stream.waitFor(3)
  t.same(live.map((m) => m.data.slug), ['alpha', 'beta', 'gamma'], 'events arrive as they commit; the past is not replayed; drafts never')
  t.ok(live.every((m) => m.event === 'change' && /^\d+\.\d+$/.test(m.id)))
  await stream.close()

  await post({ name: 'Delta' })
  await post({ name: 'Epsilon' })
  const resumed = await openStream(`${base}/v1/changes`, { 'last-event-id': live.at(-1)!.id })
  await post({ name: 'Zeta' })
  const after = await resumed.waitFor(3)
  t.same(after.map((m) => m.data.slug), ['delta', 'epsilon', 'zeta'], 'a reconnection picks up where it left off, then goes live')
  await resumed.close()

  const fromStart = await openStream(`${base}/v1/changes?after=0.0&resource=topic`)
  const all = await fromStart.waitFor(7)
  t.same(all.map((m) => m.data.slug), ['before', 'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'], '`after` replays history first')
  await fromStart.close()

  const editor = await authHeaders(app, 'content:read-drafts')
  const keyed = await openStream(`${base}/v1/changes?after=0.0&resource=article`, editor)
  t.same((await keyed.waitFor(1)).map((m) => m.data.slug), ['a-draft-nobody-may-see'], 'a key that reads drafts streams them')
  await keyed.close()

  const bad = await fetch(`${base}/v1/changes`, { headers: { accept: 'text/event-stream', 'last-event-id': 'yesterday' } })
  t.equal(bad.status, 400, 'a Last-Event-ID that is not a position is a 400')
  t.equal(bad.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  await bad.text()
})

t.test('a full instance refuses new streams with 503', async (t) => {
  const app = await build(t, { CHANGE_STREAM_MAX_CLIENTS: 1 })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const first = await openStream(`${base}/v1/changes`)
  const second = await fetch(`${base}/v1/changes`, { headers: { accept: 'text/event-stream' } })
  t.equal(second.status, 503)
  t.ok(second.headers.get('retry-after'))
  await second.text()
  await first.close()
})

t.test('Accept weights decide between the JSON page and the stream; either answer varies on Accept', async (t) => {
  const app = await build(t)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const cases: [string, string][] = [
    ['text/event-stream', 'text/event-stream'],
    ['application/json;q=0.5, text/event-stream', 'text/event-stream'],
    ['application/json, text/event-stream', 'text/event-stream'],
    ['application/json, text/event-stream;q=0.5', 'application/json'],
    ['*/*, text/event-stream;q=0.2', 'application/json'],
    ['text/event-stream;q=0', 'application/json'],
    ['text/event-stream;q=0, application/json', 'application/json'],
    ['*/*', 'application/json'],
    ['text/*', 'application/json']
  ]
  for (const [accept, type] of cases) {
    const stream = await openStream(`${base}/v1/changes`, { accept })
    t.equal(stream.contentType?.split(';')[0], type, accept)
    await stream.close()
  }
  // A full page is cacheable for an hour by shared caches: one kept for a JSON reader must
  // never be handed to an EventSource asking the same URL for the stream.
  await app.inject({ method: 'POST', url: '/v1/topics', headers: await authHeaders(app, 'content:write'), payload: { name: 'Gamma' } })
  const page = await app.inject({ url: '/v1/changes?after=0.0&limit=1' })
  t.match(page.headers['cache-control'], /public/)
  t.equal(page.headers.vary, 'Authorization, Accept')
})
