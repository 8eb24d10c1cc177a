import { createNewsdeskClient, type Article, type Problem } from '../../client/index.js'

// A partner's integration, written only against the typed client in client/ (openapi-fetch
// typed by what openapi-typescript generates from openapi/openapi.json). If the document and the API drift
// apart, this stops compiling (tsc) or stops working (test/contract/client.test.ts runs it
// against a real listening server).

export class JourneyError extends Error {}

function expect (condition: unknown, message: string): asserts condition {
  if (!condition) throw new JourneyError(message)
}

/** Runs the journey; returns the names of the steps it completed, in order. */
export async function crudJourney (baseUrl: string, apiKey: string): Promise<string[]> {
  const steps: string[] = []
  const editor = createNewsdeskClient({ baseUrl, apiKey })
  const reader = createNewsdeskClient({ baseUrl })

  // 1. A topic to file stories under.
  const topic = await editor.POST('/v1/topics', { body: { name: 'Coastal flooding', aliases: ['storm surge'] } })
  expect(topic.response.status === 201 && topic.data, `create topic: ${topic.response.status}`)
  expect(topic.data.slug === 'coastal-flooding', `topic slug ${topic.data.slug}`)
  steps.push('createTopic')

  // 2. Three published stories on it, each with quotes and their speakers.
  const created: Article[] = []
  for (const day of [1, 2, 3]) {
    const article = await editor.POST('/v1/articles', {
      body: {
        title: `Sea walls tested by storm, day ${day}`,
        summary: 'Engineers watch the new defences.',
        body: ['The tide peaked at noon.', 'Crews worked through the night.'],
        section: 'environment',
        sourceUrl: `https://example.org/news/sea-walls-${day}`,
        status: 'published',
        publishedAt: `2024-03-0${day}T08:00:00.000Z`,
        topics: [{ slug: topic.data.slug }],
        quotes: [
          { text: `The walls held on day ${day}.`, speaker: { name: 'Ana Ruiz', role: 'City engineer' }, saidAt: `2024-03-0${day}T07:30:00.000Z` },
          { text: 'We are not done yet.', speaker: { name: 'Tom Berg' } }
        ]
      }
    })
    expect(article.response.status === 201 && article.data, `create article ${day}: ${article.response.status} ${JSON.stringify(article.error)}`)
    expect(article.data.status === 'published' && article.data.version === 1, 'a new published article at version 1')
    created.push(article.data)
  }
  steps.push('createArticle')

  // 3. The public lists the topic's articles, two per page, newest first, following the cursor.
  const titles: string[] = []
  let cursor: string | undefined
  do {
    const page = await reader.GET('/v1/articles', { params: { query: { topic: topic.data.slug, limit: 2, ...(cursor && { cursor }) } } })
    expect(page.response.status === 200 && page.data, `list articles: ${page.response.status}`)
    titles.push(...page.data.data.map((item) => item.title ?? '?'))
    cursor = page.data.nextCursor ?? undefined
  } while (cursor)
  expect(JSON.stringify(titles) === JSON.stringify(created.map((a) => a.title).reverse()), `topic pages: ${titles.join(' | ')}`)
  steps.push('listArticles (cursor walk)')

  // 4. Search finds the story and its quotes.
  const found = await reader.GET('/v1/search', { params: { query: { q: 'sea walls storm' } } })
  expect(found.response.status === 200 && found.data, `search: ${found.response.status}`)
  expect(found.data.data.some((hit) => hit.type === 'article' && hit.id === created[0]?.id), 'search finds the first story')
  steps.push('search')

  // 5. Read one, with its validator.
  const first = created[0]
  expect(first, 'an article was created')
  const read = await reader.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: first.slug } } })
  const etag = read.response.headers.get('etag')
  expect(read.response.status === 200 && read.data && etag, `get article: ${read.response.status}`)
  steps.push('getArticle')

  // 6. Update it, saying which version we read.
  const updated = await editor.PATCH('/v1/articles/{idOrSlug}', {
    params: { path: { idOrSlug: first.id }, header: { 'If-Match': etag } },
    body: { summary: 'The defences held.' }
  })
  expect(updated.response.status === 200 && updated.data, `update with If-Match: ${updated.response.status}`)
  expect(updated.data.version === 2 && updated.data.summary === 'The defences held.', 'the update landed as version 2')
  steps.push('updateArticle (If-Match)')

  // 7. A second write with the now stale ETag is refused.
  const stale = await editor.PATCH('/v1/articles/{idOrSlug}', {
    params: { path: { idOrSlug: first.id }, header: { 'If-Match': etag } },
    body: { summary: 'An overwrite that must not happen.' }
  })
  const conflict = stale.error as Problem | undefined // problem+json: see README, "OpenAPI and docs"
  expect(stale.response.status === 412 && conflict?.status === 412, `stale If-Match: ${stale.response.status}`)
  expect(stale.response.headers.get('content-type')?.startsWith('application/problem+json'), 'a 412 is problem details')
  steps.push('updateArticle (stale ETag → 412)')

  // 8. Delete it with the current ETag; then it is gone.
  const current = updated.response.headers.get('etag') ?? `"${first.id}.2"`
  const deleted = await editor.DELETE('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: first.id }, header: { 'If-Match': current } } })
  expect(deleted.response.status === 204, `delete: ${deleted.response.status}`)
  steps.push('deleteArticle')

  const gone = await reader.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: first.id } } })
  const missing = gone.error as Problem | undefined
  expect(gone.response.status === 404 && missing?.status === 404, `after delete: ${gone.response.status}`)
  steps.push('getArticle (404)')
  return steps
}
