import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { authHeaders, build } from '../../helpers/app.js'
import { seedNewsroom } from '../fixtures.js'

// A topic's page newest first reads the links' copy of published_at (migration 032); it must give
// what the general list filtered by the topic gives (which reads the stories'), page by page,
// through publish, unpublish, schedule, a new publication time, a retag and a write by SQL.

type Headers = Record<string, string>
async function walk (app: FastifyInstance, url: string, headers: Headers): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page: { data: { id: string }[], nextCursor: string | null } =
      (await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers })).json()
    ids.push(...page.data.map((item) => item.id))
    cursor = page.nextCursor
  } while (cursor !== null)
  return ids
}

t.test("a topic's page newest first follows its stories' publication", async (t) => {
  const app = await build(t)
  await seedNewsroom(app)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const story = async (title: string, extra: Record<string, unknown>): Promise<string> =>
    (await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title, section: 'World', body: ['Text.'], topics: [{ slug: 'nato' }], ...extra } })).json().id
  const undated = await story('Published, no date', { status: 'published' })
  const draft = await story('A draft', { status: 'draft' })
  const same = await story('Same hour', { status: 'published', publishedAt: '2024-01-02T10:00:00.000Z' })
  const moved = await story('Moved later', { status: 'published', publishedAt: '2023-01-01T00:00:00.000Z' })
  const patch = async (id: string, payload: Record<string, unknown>): Promise<void> => {
    const reply = await app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: writer, payload })
    t.equal(reply.statusCode, 200, `PATCH ${JSON.stringify(payload)}`)
  }

  const check = async (when: string): Promise<void> => {
    for (const [who, headers] of [['public', {}], ['editor', writer]] as [string, Headers][]) {
      const expected = await walk(app, '/v1/articles?topic=nato', headers)
      t.same(await walk(app, '/v1/topics/nato/articles', headers), expected, `${when}: ${who}, page by page`)
      t.same((await app.inject({ url: '/v1/topics/nato/articles?include=topics', headers })).json().data.map((item: { id: string }) => item.id),
        expected.slice(0, 20), `${when}: ${who}, first page`)
    }
    const [{ stale }] = await app.db.$queryRawUnsafe<[{ stale: number }]>(
      'SELECT count(*)::int AS stale FROM article_topics l JOIN articles a ON a.id = l.article_id WHERE l.published_at IS DISTINCT FROM a.published_at')
    t.equal(stale, 0, `${when}: every link has its story's time`)
  }

  await check('created')
  await patch(moved, { publishedAt: '2025-06-01T00:00:00.000Z' })
  await check('a new publication time')
  const events = await app.db.$queryRawUnsafe<{ changed: string[] }[]>('SELECT changed FROM change_events WHERE resource_id = $1::uuid ORDER BY id DESC LIMIT 1', moved)
  t.notOk(events[0]!.changed.includes('topics'), 'the links following the time is no topic change')
  await patch(draft, { status: 'published', publishedAt: '2024-01-02T10:00:00.000Z' })
  await check('published')
  await patch(same, { status: 'draft' })
  await check('unpublished')
  await patch(moved, { status: 'scheduled', publishedAt: '2999-01-01T00:00:00.000Z' })
  await check('scheduled')
  await patch(undated, { topics: [{ slug: 'economy' }] })
  await check('retagged away')
  await patch(undated, { topics: [{ slug: 'nato' }, { slug: 'economy' }] })
  await check('retagged back')
  await app.db.$executeRawUnsafe("UPDATE articles SET published_at = '2030-01-01T00:00:00Z' WHERE id = $1::uuid", draft)
  await app.db.$executeRawUnsafe("UPDATE article_topics SET published_at = '1999-01-01T00:00:00Z' WHERE article_id = $1::uuid", same)
  await check('written by SQL')
})
