// Whether two Newsdesk servers on one database answer byte for byte alike: the body and every
// header but Date and the rate limit's remaining/reset, for stories by slug and id (plain, with
// quotes, with topics and quotes), speaker quote pages (followed one cursor deep, every sort),
// lists, unknown slugs, HEADs and conditional GETs with the ETag given. For a change that must
// not change any answer (a hot path made cheaper):
//   DATABASE_URL=.. node --import tsx bench/same-answers.ts http://127.0.0.1:3443 http://127.0.0.1:3444
import pg from 'pg'

const [a, b] = process.argv.slice(2)
if (!a || !b) throw new Error('usage: same-answers.ts <server A> <server B>')
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
const stories = (await admin.query<{ id: string, slug: string }>(`SELECT id, slug FROM articles ORDER BY md5(slug) LIMIT 60`)).rows
const speakers = (await admin.query<{ id: string, slug: string }>('SELECT id, slug FROM speakers ORDER BY md5(slug) LIMIT 30')).rows
await admin.end()

const IGNORED = new Set(['date', 'ratelimit-remaining', 'ratelimit-reset', 'keep-alive', 'connection'])
interface Answer { status: number, headers: string, body: string }
async function answer (base: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(base + path, { method, headers, redirect: 'manual' })
  const kept = [...response.headers].filter(([name]) => !IGNORED.has(name)).map(([name, value]) => `${name}: ${value}`).join('\n')
  return { status: response.status, headers: kept, body: await response.text() }
}

let compared = 0
let different = 0
async function compare (path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  const [ours, theirs] = await Promise.all([answer(a!, path, method, headers), answer(b!, path, method, headers)])
  compared++
  if (ours.status !== theirs.status || ours.headers !== theirs.headers || ours.body !== theirs.body) {
    different++
    console.log(`DIFFERENT ${method} ${path} ${JSON.stringify(headers)}\n--- ${a} ${ours.status}\n${ours.headers}\n${ours.body.slice(0, 800)}\n--- ${b} ${theirs.status}\n${theirs.headers}\n${theirs.body.slice(0, 800)}`)
  }
  return ours
}

const paths: string[] = ['/v1/articles/no-such-story', '/v1/articles/no-such-story?include=quotes', '/v1/speakers/no-such-speaker/quotes']
for (const story of stories) {
  for (const key of [story.slug, story.id]) {
    paths.push(`/v1/articles/${key}`, `/v1/articles/${key}?include=quotes`, `/v1/articles/${key}?include=topics,quotes`, `/v1/articles/${key}?include=topics`)
  }
}
for (const speaker of speakers) {
  for (const sort of ['', '?sort=saidAt', '?sort=position', '?sort=-createdAt', '?limit=5', '?sort=-length']) paths.push(`/v1/speakers/${speaker.slug}/quotes${sort}`)
  paths.push(`/v1/speakers/${speaker.id}/quotes`)
}
paths.push('/v1/articles?limit=20&include=topics', '/v1/articles?include=topics,quotes')
for (const path of paths) {
  const first = await compare(path)
  await compare(path, 'HEAD')
  const etag = /^etag: (.*)$/m.exec(first.headers)?.[1]
  if (etag) await compare(path, 'GET', { 'if-none-match': etag })
  const next = first.status === 200 ? (JSON.parse(first.body) as { nextCursor?: unknown }).nextCursor : undefined
  if (typeof next === 'string') await compare(`${path}${path.includes('?') ? '&' : '?'}cursor=${next}`)
}
console.log(`${compared} requests compared, ${different} different`)
process.exit(different === 0 ? 0 : 1)
