import t from 'tap'
import { authHeaders, build } from '../helpers/app.js'

// A write Postgres undoes for meeting another at the same moment (a deadlock, 40P01) is made
// again by the write path; if it keeps colliding the caller gets a 503 to retry, with nothing
// written. A trigger made here stands in for the other write: it fails the first `n` updates.

t.test('a write undone by a deadlock is made again, once; one that keeps colliding is a 503 with nothing written', async (t) => {
  const app = await build(t)
  const editor = await authHeaders(app, 'content:write', 'content:read-drafts')
  const story = (await app.inject({ method: 'POST', url: '/v1/articles', headers: editor, payload: { title: 'Tide tables', status: 'published' } })).json()
  await app.pool.query(`
    CREATE SEQUENCE collisions;
    CREATE TABLE collide_first (n int NOT NULL);
    INSERT INTO collide_first VALUES (0);
    CREATE FUNCTION collide() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('collisions') <= (SELECT n FROM collide_first) THEN
        RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER collide BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION collide();`)
  const collideFirst = async (n: number) => { await app.pool.query('UPDATE collide_first SET n = $1', [n]); await app.pool.query("SELECT setval('collisions', 1, false)") }
  const state = async () => (await app.pool.query('SELECT a.version, a.summary, (SELECT count(*)::int FROM change_events) AS events FROM articles a WHERE a.id = $1', [story.id])).rows[0]

  for (const [form, extra] of [['a plain save (one statement)', {}], ['a save of several statements (a transaction)', { status: 'published' }]] as const) {
    await collideFirst(1)
    const before = await state()
    const saved = await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: editor, payload: { summary: `Saved once: ${form}`, ...extra } })
    t.equal(saved.statusCode, 200, `${form}: saved after one collision`)
    const after = await state()
    t.equal(after.version, before.version + 1, `${form}: written once`)
    t.equal(after.summary, `Saved once: ${form}`)

    await collideFirst(100)
    const refused = await app.inject({ method: 'PATCH', url: `/v1/articles/${story.id}`, headers: editor, payload: { summary: 'Never saved', ...extra } })
    t.equal(refused.statusCode, 503, `${form}: still colliding after its retries`)
    t.match(refused.headers['content-type'], /^application\/problem\+json/)
    t.equal(refused.headers['retry-after'], '1')
    t.match(refused.json().detail, 'nothing was written')
    t.same(await state(), after, `${form}: nothing written`)
  }
})
