import { createNewsdeskClient, type Problem } from '../../client/index.js'

// A partner's integration, written only against the typed client in client/ (openapi-fetch
// typed by what openapi-typescript generates from openapi/openapi.json). If the document and the API drift
// apart, this stops compiling (tsc) or stops working (client.test.ts runs it against a real
// listening server). The create/update/delete half is journey-crud.ts.

export class JourneyError extends Error {}

export function expect (condition: unknown, message: string): asserts condition {
  if (!condition) throw new JourneyError(message)
}

/** Runs the journey; returns the names of the steps it completed, in order. */
export async function partnerJourney (baseUrl: string, apiKey: string): Promise<string[]> {
  const steps: string[] = []
  const editor = createNewsdeskClient({ baseUrl, apiKey })
  const reader = createNewsdeskClient({ baseUrl })

  // 1. Three stories with their topic, speakers and quotes, as NDJSON.
  const lines = [1, 2, 3].map((day) => JSON.stringify({
    externalId: `partner-wire-${day}`,
    title: `Sea walls tested by storm, day ${day}`,
    body: ['The tide peaked at noon.', 'Crews worked through the night.'],
    section: 'environment',
    sourceUrl: `https://example.org/news/sea-walls-${day}`,
    status: 'published',
    publishedAt: `2024-03-0${day}T08:00:00.000Z`,
    topics: [{ name: 'Coastal flooding' }],
    quotes: [{ text: `The walls held on day ${day}.`, speaker: { name: 'Ana Ruiz', role: 'City engineer' } }]
  })).join('\n') + '\n'
  const imported = await editor.POST('/v1/bulk/articles', {
    body: lines,
    bodySerializer: (body) => body as string,
    headers: { 'content-type': 'application/x-ndjson' }
  })
  expect(imported.response.status === 200 && imported.data, `bulk import: ${imported.response.status} ${JSON.stringify(imported.error)}`)
  expect(imported.data.created === 3 && imported.data.failed === 0, `bulk import summary ${JSON.stringify(imported.data)}`)
  steps.push('bulkImportArticles')

  // 2. The public lists the section two at a time, newest first, following the cursor.
  const titles: string[] = []
  let cursor: string | undefined
  do {
    const page = await reader.GET('/v1/articles', { params: { query: { section: 'environment', limit: 2, ...(cursor && { cursor }) } } })
    expect(page.response.status === 200 && page.data, `list articles: ${page.response.status}`)
    titles.push(...page.data.data.map((item) => item.title ?? ""))
    cursor = page.data.nextCursor ?? undefined
  } while (cursor)
  expect(titles.join('|') === [3, 2, 1].map((day) => `Sea walls tested by storm, day ${day}`).join('|'), `pages: ${titles.join(' | ')}`)
  steps.push('listArticles (cursor walk)')

  // 3. Search finds a story and its quote.
  const found = await reader.GET('/v1/search', { params: { query: { q: 'sea walls' } } })
  expect(found.response.status === 200 && found.data, `search: ${found.response.status}`)
  const hit = found.data.data.find((item) => item.type === 'article')
  expect(hit?.type === 'article' && hit.title.startsWith('Sea walls'), 'search finds a story')
  steps.push('search')

  // 4. Read one; the ETag it carries makes the next read a cheap 304.
  const read = await reader.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: hit.slug } } })
  const etag = read.response.headers.get('etag')
  expect(read.response.status === 200 && read.data && etag, `get article: ${read.response.status}`)
  expect(read.data.sourceUrl?.startsWith('https://example.org/news/sea-walls-') && read.data.status === 'published', 'the stored story')
  const again = await reader.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: hit.slug }, header: { 'If-None-Match': etag } } })
  expect(again.response.status === 304, `conditional GET: ${again.response.status}`)
  steps.push('getArticle (ETag, 304)')

  // 5. What does not exist is a 404 problem.
  const gone = await reader.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: 'no-such-story' } } })
  const problem = gone.error as Problem | undefined // problem+json: openapi-fetch types only */json bodies
  expect(gone.response.status === 404 && problem?.status === 404, `unknown article: ${gone.response.status}`)
  expect(gone.response.headers.get('content-type')?.startsWith('application/problem+json'), 'a 404 is problem details')
  steps.push('getArticle (404)')
  return steps
}
