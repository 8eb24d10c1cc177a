import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { build } from '../../helpers/app.js'

// The search bulkhead (src/lib/bulkhead.ts): searches run on connections of their own, at most
// SEARCH_CONCURRENCY at once; once SEARCH_MAX_WAITING wait, the next is refused at once with a
// 503 problem, and story reads beside them are served all the while.

t.test('a full search queue answers 503 problem+json at once while a story read answers 200', async (t) => {
  const app = await build(t, { SEARCH_CONCURRENCY: 1, SEARCH_MAX_WAITING: 0, RESPONSE_CACHE_MAX_ENTRIES: 0 })
  await saveArticleGraph(app.db, { title: 'Harbour strike ends', summary: 'Dockers return to work.', status: 'published' })

  // Hold the one search that may run: its first statement (topic aliases) waits for this lock.
  const locker = await app.pool.connect()
  t.teardown(() => locker.release())
  await locker.query('BEGIN')
  await locker.query('LOCK TABLE topics IN ACCESS EXCLUSIVE MODE')
  const held = app.inject('/v1/search?q=harbour')
  for (let waiting = 0; waiting === 0;) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    const { rows } = await app.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM topics%'`)
    waiting = rows[0]!.n
  }

  const refused = await app.inject('/v1/search?q=strike')
  t.equal(refused.statusCode, 503, 'the next search is refused while one runs and none may wait')
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.equal(refused.headers['retry-after'], '1')
  t.match(refused.json(), { status: 503, detail: /too many searches are waiting/ })

  const story = await app.inject('/v1/articles/harbour-strike-ends')
  t.equal(story.statusCode, 200, 'a story read is served beside the held search')
  t.equal(story.json().title, 'Harbour strike ends')

  await locker.query('ROLLBACK')
  const answered = await held
  t.equal(answered.statusCode, 200, 'the held search is answered once it can run')
  t.equal(answered.json().data[0].title, 'Harbour strike ends')
  t.equal((await app.inject('/v1/search?q=strike')).statusCode, 200, 'and searches are served again')
})

t.test('a search past its time budget is cancelled and answered 503 problem+json; the lane is free again', async (t) => {
  const app = await build(t, { SEARCH_TIMEOUT_MS: 200, RESPONSE_CACHE_MAX_ENTRIES: 0 })
  await saveArticleGraph(app.db, { title: 'Harbour strike ends', status: 'published' })
  // A statement waiting for a lock counts against statement_timeout like one computing.
  const locker = await app.pool.connect()
  t.teardown(() => locker.release())
  await locker.query('BEGIN')
  await locker.query('LOCK TABLE topics IN ACCESS EXCLUSIVE MODE')
  const slow = await app.inject('/v1/search?q=harbour')
  t.equal(slow.statusCode, 503)
  t.match(slow.headers['content-type'], /^application\/problem\+json/)
  t.equal(slow.headers['retry-after'], '1')
  t.match(slow.json(), { type: 'urn:newsdesk:problem:overloaded', detail: /longer than its 200 ms budget/ })
  t.equal((await app.inject('/v1/articles/harbour-strike-ends')).statusCode, 200, 'story reads are served')
  await locker.query('ROLLBACK')
  t.equal((await app.inject('/v1/search?q=harbour')).json().data[0].title, 'Harbour strike ends', 'the next search runs')
})
