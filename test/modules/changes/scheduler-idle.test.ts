import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { publishDue } from '../../../src/modules/changes/scheduler.js'
import { build } from '../../helpers/app.js'

// The scheduler wakes at least once a minute. With nothing due it used to commit an empty
// change-feed transaction each time: a write behind every request's back, which the fuzz
// test caught as "a refused write changed the database" (a 401, a 400, a 422 import...).

const commits = async (app: Awaited<ReturnType<typeof build>>): Promise<number> =>
  (await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM change_commits')).rows[0]!.n

t.test('the scheduler writes nothing when nothing is due, and announces what is', async (t) => {
  const app = await build(t)
  const later = new Date(Date.now() + 3_600_000).toISOString()
  const story = await saveArticleGraph(app.db, { title: 'Embargoed budget', status: 'scheduled', publishedAt: later })
  const before = await commits(app)

  t.equal(await publishDue(app.pool), 0, 'nothing due')
  t.equal(await commits(app), before, 'and no commit written')

  // Due now (its time and its place in the queue moved back directly, triggers off: no
  // announcement, so the app's scheduler sleeps on). Only a story whose time has come is
  // announced; a commit that announces nothing is not registered (migration 023).
  const client = await app.pool.connect()
  try {
    await client.query('SET session_replication_role = replica')
    await client.query("UPDATE articles SET published_at = now() - interval '1 second' WHERE id = $1", [story.id])
    await client.query("UPDATE scheduled_publications SET due_at = now() - interval '1 second' WHERE article_id = $1", [story.id])
  } finally {
    await client.query('RESET session_replication_role')
    client.release()
  }
  await publishDue(app.pool)
  const { rows } = await app.pool.query('SELECT 1 FROM scheduled_publications WHERE article_id = $1', [story.id])
  t.equal(rows.length, 0, 'a due story is claimed')
  t.ok(await commits(app) > before, 'in a commit of its own')
})
