import pg from 'pg'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Transactions commit in another order than they began: a reader that follows the feed
// while they do must still see every event, each once.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('an event from a transaction that began first but committed last is not skipped', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const slow = new pg.Client({ connectionString: app.pool.options.connectionString })
  await slow.connect()
  t.teardown(() => slow.end())
  const start = (await app.inject({ url: '/v1/changes?after=now' })).json().nextCursor

  // The slow transaction writes its event first (smaller event id), then waits.
  await slow.query('BEGIN')
  await slow.query("INSERT INTO topics (slug, name) VALUES ('slow', 'Slow')")
  await app.inject({ method: 'POST', url: '/v1/topics', headers: writer, payload: { name: 'Fast' } })
  const seen = await app.inject({ url: `/v1/changes?after=${start}` })
  t.same(seen.json().data.map((event: { slug: string }) => event.slug), ['fast'], 'the reader sees the commit that is done')
  await slow.query('COMMIT')
  const next = await app.inject({ url: `/v1/changes?after=${seen.json().nextCursor}` })
  t.same(next.json().data.map((event: { slug: string }) => event.slug), ['slow'], 'and then the one that committed later, though it began first')
})

t.test('concurrent writers with random commit delays: a polling reader sees every event exactly once', async (t) => {
  const app = await build(t)
  const url = app.pool.options.connectionString!
  const WRITERS = 6
  const TRANSACTIONS = 15
  let writing = true

  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      for (let i = 0; i < TRANSACTIONS; i++) {
        await client.query('BEGIN')
        await client.query('INSERT INTO topics (slug, name) VALUES ($1, $1), ($2, $2)', [`w${w}-t${i}-a`, `w${w}-t${i}-b`])
        await sleep(Math.random() * 40) // commit at a random moment, out of step with the others
        await client.query('COMMIT')
      }
    } finally {
      await client.end()
    }
  })

  const seen: string[] = []
  const reader = (async () => {
    let cursor = '0.0'
    for (;;) {
      const finished = !writing
      const page = (await app.inject({ url: `/v1/changes?after=${cursor}&limit=7` })).json()
      seen.push(...page.data.map((event: { position: string }) => event.position))
      cursor = page.nextCursor
      if (finished && page.data.length < 7) return
      await sleep(3)
    }
  })()

  await Promise.all(writers)
  writing = false
  await reader

  const { rows } = await app.pool.query<{ position: string }>(
    "SELECT c.seq || '.' || e.id AS position FROM change_events e JOIN change_commits c USING (txid) ORDER BY c.seq, e.id")
  t.equal(rows.length, WRITERS * TRANSACTIONS * 2, 'every write made its event')
  t.same(seen, rows.map((row) => row.position), 'the reader saw all of them, in commit order, each once')
})
