import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { mayHaveAddedSearchEntries } from '../../../src/plugins/app/search-lists.js'
import { authHeaders, build } from '../../helpers/app.js'

// After commits, each instance merges the full-text indexes' pending lists in the background
// (migration 029, src/plugins/app/search-lists.ts), so that no editor's save pays for merging
// a long list. pgstatginindex (pgstattuple) shows what is still pending.

const SEARCH_INDEXES = ['articles_search_idx', 'articles_search_head_idx', 'articles_search_title_idx', 'quotes_search_idx']
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function pending (app: FastifyInstance, index: string): Promise<{ pages: number, tuples: number }> {
  const { rows: [row] } = await app.pool.query<{ pages: number, tuples: number }>(
    'SELECT pending_pages AS pages, pending_tuples::int AS tuples FROM pgstatginindex($1::regclass)', [index])
  return row!
}

/** A few stories with quotes, saved one by one as editors would, and one edited twice. */
async function saveStories (t: Test, app: FastifyInstance, writer: { authorization: string }, prefix: string): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const created = await app.inject({
      method: 'POST', url: '/v1/articles', headers: writer,
      payload: { title: `${prefix} harbour council meets ${i}`, body: [`The council of the harbour town met for the ${i}th time.`], status: 'published', quotes: [{ text: `We will dredge the channel before spring, said the chair ${i}.`, speaker: { name: `${prefix} Chair ${i}` } }] }
    })
    t.equal(created.statusCode, 201, `story ${i} saved`)
    if (i === 0) {
      for (const title of [`${prefix} harbour council meets again`, `${prefix} harbour council meets late`]) {
        t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${created.json().id}`, headers: writer, payload: { title } })).statusCode, 200, 'edit saved')
      }
    }
    t.equal((await app.inject({ method: 'POST', url: '/v1/quotes', headers: writer, payload: { article: created.json().slug, text: `The ferry runs at dawn from pier ${i}.`, speaker: { name: `${prefix} Pilot ${i}` } } })).statusCode, 201, `quote ${i} saved`)
  }
}

/** Waits until every search index has nothing pending, or `ms` pass; returns what is left. */
async function drained (app: FastifyInstance, ms: number): Promise<Record<string, number>> {
  const deadline = Date.now() + ms
  for (;;) {
    const left: Record<string, number> = {}
    for (const index of SEARCH_INDEXES) {
      const { tuples } = await pending(app, index)
      if (tuples > 0) left[index] = tuples
    }
    if (Object.keys(left).length === 0 || Date.now() > deadline) return left
    await sleep(50)
  }
}

function capture () {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line)); done() } })
  return { lines, logger: { level: 'warn', stream } }
}

async function withPgstattuple (app: FastifyInstance): Promise<void> {
  await app.pool.query('CREATE EXTENSION IF NOT EXISTS pgstattuple')
}

t.test('with merges on, the search indexes\' pending lists are empty within a few intervals of the saves', async (t) => {
  const app = await build(t, { SEARCH_LIST_MERGE_MS: 300 })
  await withPgstattuple(app)
  const writer = await authHeaders(app, 'content:write')
  await saveStories(t, app, writer, 'On')
  t.same(await drained(app, 15_000), {}, 'nothing pending in any full-text index')
  const search = await app.inject('/v1/search?q=dredge%20channel')
  t.equal(search.statusCode, 200)
  t.ok(search.json().data.length > 0, 'the merged entries are found')
})

t.test('between merges a saved story is found by its new words at once, and no longer by its old ones', async (t) => {
  // A long interval (the instance merged once as it started listening): the saves wait in the pending lists.
  const app = await build(t, { SEARCH_LIST_MERGE_MS: 60_000 })
  await withPgstattuple(app)
  const writer = await authHeaders(app, 'content:write')
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Lighthouse keeper retires', body: ['The keeper climbed the tower for the last time.'], status: 'published' } })
  t.equal(created.statusCode, 201)
  await app.pool.query('SELECT newsdesk_clean_search_lists()') // the story as a merge leaves it
  t.same(await drained(app, 0), {}, 'nothing pending')
  const ids = async (q: string): Promise<string[]> => {
    const found = await app.inject(`/v1/search?type=articles&q=${encodeURIComponent(q)}`)
    t.equal(found.statusCode, 200, `search for "${q}"`)
    return (found.json().data as { id: string }[]).map((hit) => hit.id)
  }
  t.same(await ids('lighthouse keeper'), [created.json().id], 'found by its first headline (and the answer cached)')
  for (const payload of [{ title: 'Foghorn silenced after complaints' }, { summary: 'Residents of the bay petitioned the council.' }, { body: ['A marmalade festival replaced the ceremony.'] }]) {
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${created.json().id}`, headers: writer, payload })).statusCode, 200, `saved ${Object.keys(payload)[0]}`)
  }
  t.ok((await pending(app, 'articles_search_idx')).tuples > 0, 'the saves\' entries are still pending')
  t.same(await ids('foghorn'), [created.json().id], 'found by its new headline')
  t.same(await ids('petitioned'), [created.json().id], 'by its new summary')
  t.same(await ids('marmalade festival'), [created.json().id], 'by its new body')
  t.same(await ids('lighthouse keeper'), [], 'and no longer by its old words (nor from the cache)')
  t.ok((await pending(app, 'articles_search_idx')).tuples > 0, 'all of it before any merge')
})

t.test('with SEARCH_LIST_MERGE_MS=0 the saves\' entries stay in the pending lists', async (t) => {
  const app = await build(t, { SEARCH_LIST_MERGE_MS: 0 })
  await withPgstattuple(app)
  const writer = await authHeaders(app, 'content:write')
  await saveStories(t, app, writer, 'Off')
  await sleep(1_000)
  const quotes = await pending(app, 'quotes_search_idx')
  t.ok(quotes.tuples > 0 && quotes.pages > 0, `the quotes' entries are still pending (${quotes.tuples} in ${quotes.pages} pages)`)
  t.ok((await pending(app, 'articles_search_idx')).tuples > 0, 'and the stories\'')
})

t.test('saves in quick succession are merged at most once per interval', async (t) => {
  const app = await build(t, { SEARCH_LIST_MERGE_MS: 400 })
  // The function, as migrated, noting each call (no pg_stat_user_functions: track_functions is off by default).
  await app.pool.query('CREATE TABLE merge_calls (at timestamptz NOT NULL DEFAULT clock_timestamp())')
  await app.pool.query(`ALTER FUNCTION newsdesk_clean_search_lists() RENAME TO newsdesk_clean_search_lists_as_migrated`)
  await app.pool.query(`CREATE FUNCTION newsdesk_clean_search_lists() RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO merge_calls DEFAULT VALUES; RETURN newsdesk_clean_search_lists_as_migrated(); END $$`)
  const writer = await authHeaders(app, 'content:write')
  const started = Date.now()
  await saveStories(t, app, writer, 'Busy')
  await saveStories(t, app, writer, 'Busier')
  const elapsed = Date.now() - started
  await sleep(1_000)
  const { rows } = await app.pool.query<{ at: Date }>('SELECT at FROM merge_calls ORDER BY at')
  t.ok(rows.length >= 1, `merged (${rows.length} times in ${elapsed} ms of saves)`)
  t.ok(rows.length <= Math.ceil((elapsed + 1_000) / 400) + 1, 'no more often than once per interval')
  const gaps = rows.slice(1).map((row, i) => row.at.getTime() - rows[i]!.at.getTime())
  t.ok(gaps.every((gap) => gap >= 400 - 150), `calls at least an interval apart (${gaps.join(', ')} ms)`)
})

t.test('a failing merge is logged and saves go on as before', async (t) => {
  const log = capture()
  const app = await build(t, { SEARCH_LIST_MERGE_MS: 50 }, { logger: log.logger })
  await app.pool.query(`CREATE OR REPLACE FUNCTION newsdesk_clean_search_lists() RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'merge refused for the test'; END $$`)
  const writer = await authHeaders(app, 'content:write')
  await saveStories(t, app, writer, 'Failing')
  const deadline = Date.now() + 3_000
  const failed = () => log.lines.filter((line) => /pending lists failed/.test(String(line.msg)))
  while (failed().length === 0 && Date.now() < deadline) await sleep(50)
  t.ok(failed().length > 0, 'the failure is logged')
  t.match(failed()[0], { level: 40, err: { message: /merge refused for the test/ } })
  t.equal((await app.inject('/v1/articles?limit=20')).json().data.length, 4, 'every story was saved')
})

t.test('closing waits for a merge in flight and ends without an error', async (t) => {
  const log = capture()
  const app = await build(t, { SEARCH_LIST_MERGE_MS: 50 }, { logger: log.logger })
  await app.pool.query(`CREATE OR REPLACE FUNCTION newsdesk_clean_search_lists() RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_sleep(3); RETURN 0; END $$`)
  const writer = await authHeaders(app, 'content:write')
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title: 'Lighthouse repainted' } })).statusCode, 201)
  const merging = async () => (await app.pool.query<{ running: number }>(
    `SELECT count(*)::int AS running FROM pg_stat_activity WHERE query LIKE 'SELECT newsdesk_clean_search_lists()%' AND state = 'active' AND datname = current_database()`)).rows[0]!.running
  // A long merge, so a loaded machine cannot let it finish before it is seen.
  const deadline = Date.now() + 10_000
  while (await merging() === 0 && Date.now() < deadline) await sleep(20)
  t.equal(await merging(), 1, 'a merge is running')
  const closing = performance.now()
  await app.close()
  t.ok(performance.now() - closing > 500, 'close waited for it')
  t.same(log.lines.filter((line) => (line.level as number) >= 40).map((line) => line.msg), [], 'nothing went wrong on the way down')
})

t.test('only a commit that may have written stories or quotes asks for a merge', async (t) => {
  t.notOk(mayHaveAddedSearchEntries([{ resource: 'topic', kind: 'updated' }, { resource: 'speaker', kind: 'created' }]), 'topics and speakers')
  t.ok(mayHaveAddedSearchEntries([{ resource: 'topic', kind: 'created' }, { resource: 'article', kind: 'updated' }]), 'a story among them')
  t.ok(mayHaveAddedSearchEntries([{ resource: 'quote', kind: 'deleted' }]), 'a quote')
  t.ok(mayHaveAddedSearchEntries(undefined), 'a commit announced without its events')
})
