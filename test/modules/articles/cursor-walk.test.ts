import { randomUUID } from 'node:crypto'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// Keyset pagination must let a client walk a large list while the newsroom keeps
// publishing: every item that existed when the walk began is seen exactly once.

t.test('walking 1,000 articles page by page while more are added: no duplicates, no gaps', async (t) => {
  const app = await build(t)
  const base = Date.UTC(2024, 0, 1)
  // Many share a publication time, so the id tie-breaker is exercised too.
  const original = Array.from({ length: 1000 }, (_, i) => ({
    id: randomUUID(),
    slug: `story-${i}`,
    title: `Story ${i}`,
    status: 'published' as const,
    publishedAt: i % 10 === 0 ? null : new Date(base + Math.floor(i / 3) * 60_000)
  }))
  await app.db.article.createMany({ data: original })

  for (const sort of ['-publishedAt', 'publishedAt', 'title', '-createdAt']) {
    const seen: string[] = []
    let url: string | undefined = `/v1/articles?limit=100&fields=title&sort=${sort}`
    let page = 0
    while (url) {
      const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ url })
      t.equal(res.statusCode, 200)
      const body = res.json() as { data: { id: string }[], nextCursor: string | null }
      seen.push(...body.data.map((item) => item.id))
      // Between pages, new stories land before, inside and after the part already walked.
      await app.db.article.createMany({
        data: [null, new Date(base - 1), new Date(base + 100 * 60_000), new Date(base + 10_000 * 60_000)].map((publishedAt, i) => ({
          // Lowercase: stored slugs must match the Slug pattern the document promises.
          slug: `${sort.replace('-', 'desc-').toLowerCase()}-${page}-${i}`, title: `Late ${page} ${i}`, status: 'published' as const, publishedAt
        }))
      })
      page++
      const link: string | undefined = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1]
      t.equal(link !== undefined, body.nextCursor !== null, 'Link rel=next exactly when there is a next page')
      url = link
    }
    const unique = new Set(seen)
    t.equal(unique.size, seen.length, `${sort}: no duplicates`)
    const missing = original.filter((article) => !unique.has(article.id))
    t.equal(missing.length, 0, `${sort}: every original article seen (${seen.length} items in ${page} pages)`)
  }
  const editor = await authHeaders(app, 'content:read-drafts')
  t.ok((await app.inject({ url: '/v1/articles?count=true', headers: editor })).json().total > 1000)
})
