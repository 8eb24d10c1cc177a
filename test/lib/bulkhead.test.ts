import t from 'tap'
import type { FastifyReply } from 'fastify'
import { bulkhead } from '../../src/lib/bulkhead.js'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'
import { build } from '../helpers/app.js'

function fakeReply () {
  const headers: Record<string, string> = {}
  return { headers, reply: { header: (name: string, value: string) => { headers[name] = value } } as unknown as FastifyReply }
}

t.test('a bulkhead runs at most `concurrency` at once, queues up to `maxWaiting`, and refuses the rest at once with a 503', async (t) => {
  const searches = bulkhead({ concurrency: 2, maxWaiting: 1, what: 'searches' })
  let running = 0
  let most = 0
  const gates: (() => void)[] = []
  const work = () => new Promise<void>((resolve) => {
    running++
    most = Math.max(most, running)
    gates.push(() => { running--; resolve() })
  })
  const { reply, headers } = fakeReply()
  const admitted = [searches(reply, work), searches(reply, work), searches(reply, work)]
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(searches.active, 2)
  t.equal(searches.waiting, 1)
  t.throws(() => searches(reply, work), { statusCode: 503, message: /too many searches are waiting/ }, 'a fourth is refused')
  t.equal(headers['retry-after'], '1')
  while (gates.length) {
    gates.shift()!()
    await new Promise((resolve) => setImmediate(resolve))
  }
  await Promise.all(admitted)
  t.equal(most, 2, 'never more than two at once')
  t.equal(searches.active, 0)
  await searches(reply, async () => {}) // free again
})

t.test('while other requests are served, a bulkhead runs only `busyConcurrency` at once, and all its slots again once they are done', async (t) => {
  let othersBusy = true
  const searches = bulkhead({ concurrency: 2, busyConcurrency: 1, othersBusy: () => othersBusy, maxWaiting: 10, what: 'searches' })
  const gates: (() => void)[] = []
  const work = () => new Promise<void>((resolve) => { gates.push(resolve) })
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  const { reply } = fakeReply()
  const admitted = [searches(reply, work), searches(reply, work), searches(reply, work)]
  await tick()
  t.equal(searches.active, 1, 'one at a time while story reads are in progress')
  t.equal(searches.waiting, 2)
  othersBusy = false
  gates.shift()!()
  await tick()
  await tick()
  t.equal(searches.active, 2, 'both slots once nothing else is served')
  t.equal(searches.waiting, 0)
  while (gates.length) {
    gates.shift()!()
    await tick()
  }
  await Promise.all(admitted)
  t.equal(searches.active, 0)
})

t.test('with no room to wait, only work that would wait is refused', async (t) => {
  const one = bulkhead({ concurrency: 1, maxWaiting: 0, what: 'searches' })
  const { reply } = fakeReply()
  await one(reply, async () => {})
  let release!: () => void
  const first = one(reply, () => new Promise<void>((resolve) => { release = resolve }))
  await new Promise((resolve) => setImmediate(resolve))
  t.throws(() => one(reply, async () => {}), { statusCode: 503, message: /too many searches/ })
  release()
  await first
})

t.test('searches over their share get a 503 problem with Retry-After; story reads beside them are served', async (t) => {
  const app = await build(t, { SEARCH_CONCURRENCY: 1, SEARCH_MAX_WAITING: 0, RESPONSE_CACHE_MAX_ENTRIES: 0 })
  await saveArticleGraph(app.db, { title: 'Budget vote in parliament', summary: 'The budget passed.', status: 'published' })
  const answers = await Promise.all([
    ...['budget', 'vote', 'parliament', 'passed', 'budget vote'].map((q) => app.inject(`/v1/search?q=${encodeURIComponent(q)}`)),
    app.inject('/v1/articles/budget-vote-in-parliament')
  ])
  const story = answers.pop()!
  t.equal(story.statusCode, 200, 'the story read is served')
  const refused = answers.filter((answer) => answer.statusCode === 503)
  t.ok(refused.length >= 1, `some searches are refused (${refused.length})`)
  t.ok(answers.some((answer) => answer.statusCode === 200), 'the first search is served')
  for (const answer of refused) {
    t.match(answer.headers['content-type'], /^application\/problem\+json/)
    t.match(answer.json().detail, /too many searches are waiting/)
    t.equal(answer.headers['retry-after'], '1')
  }
})

t.test('work that waits longer than `maxWaitMs` for its turn is refused with a 503, and never runs', async (t) => {
  const one = bulkhead({ concurrency: 1, maxWaiting: 10, maxWaitMs: 50, what: 'searches' })
  const { reply, headers } = fakeReply()
  let release!: () => void
  const first = one(reply, () => new Promise<void>((resolve) => { release = resolve }))
  let ran = false
  const started = Date.now()
  await t.rejects(one(reply, async () => { ran = true }), { statusCode: 503, message: /searches waited 50 ms for their turn/ })
  t.ok(Date.now() - started < 1_000, 'refused about when its wait ran out')
  t.equal(headers['retry-after'], '1')
  release()
  await first
  await new Promise((resolve) => setImmediate(resolve))
  t.notOk(ran, 'its turn came after the refusal and ran nothing')
  t.equal(await one(reply, async () => 'served'), 'served', 'work is served again')
})

t.test('work refused for waiting too long no longer counts as waiting', async (t) => {
  const one = bulkhead({ concurrency: 1, maxWaiting: 1, maxWaitMs: 30, what: 'searches' })
  const { reply } = fakeReply()
  let release!: () => void
  const first = one(reply, () => new Promise<void>((resolve) => { release = resolve }))
  await t.rejects(one(reply, async () => {}), { statusCode: 503, message: /waited 30 ms/ })
  t.equal(one.waiting, 0, 'the refused search left the queue count')
  const next = one(reply, async () => 'served')
  t.equal(one.waiting, 1, 'so the next may wait its turn')
  release()
  await first
  t.equal(await next, 'served')
})
