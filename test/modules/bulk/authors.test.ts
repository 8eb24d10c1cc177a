import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

const NDJSON = { 'content-type': 'application/x-ndjson' }
const ndjson = (lines: unknown[]): string => lines.map((line) => JSON.stringify(line)).join('\n') + '\n'

t.test('bulk lines fill authors from `authors` or the byline; export round-trips them; re-import is unchanged', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  const upload = (lines: unknown[]) => app.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...headers, ...NDJSON }, payload: ndjson(lines) })
  const authorsOf = async (slug: string) => (await app.inject({ url: `/v1/articles/${slug}?include=authors`, headers })).json().authors.map((a: { slug: string }) => a.slug)

  const lines = [
    { externalId: 'w-1', title: 'Allies meet', status: 'published', byline: 'By Jane Doe and John Roe, Reuters' },
    { externalId: 'w-2', title: 'Ministers agree', status: 'published', byline: 'Reuters', authors: [{ name: 'Ann Lee', role: 'Defence editor', url: 'https://example.org/ann' }, { slug: 'jane-doe' }] },
    { externalId: 'w-3', title: 'Staff story', status: 'draft', byline: 'By Staff Reporter' },
    { externalId: 'w-4', title: 'Unknown author', authors: [{ slug: 'nobody-here' }] }
  ]
  const first = await upload(lines)
  t.equal(first.statusCode, 200)
  t.match(first.json(), { created: 3, failed: 1, errors: [{ line: 4, status: 422, detail: /Author "nobody-here" does not exist/ }] })
  t.same(await authorsOf('allies-meet'), ['jane-doe', 'john-roe'], 'from the byline, without the agency')
  t.same(await authorsOf('ministers-agree'), ['ann-lee', 'jane-doe'], '`authors` as given, in order')
  t.same(await authorsOf('staff-story'), [], 'a staff credit is no one')
  t.match((await app.inject({ url: '/v1/articles/staff-story', headers })).json(), { byline: 'By Staff Reporter' })
  t.match((await app.inject({ url: '/v1/authors/ann-lee' })).json(), { name: 'Ann Lee', role: 'Defence editor', url: 'https://example.org/ann' })
  t.same((await app.inject({ url: '/v1/authors/jane-doe/articles' })).json().data.map((a: { title: string }) => a.title).sort(), ['Allies meet', 'Ministers agree'])

  const again = await upload(lines.slice(0, 3))
  t.match(again.json(), { created: 0, updated: 0, unchanged: 3 }, 're-running changes nothing')
  const reordered = await upload([{ ...lines[1], authors: [{ slug: 'jane-doe' }, { slug: 'ann-lee' }] }])
  t.match(reordered.json(), { updated: 1 })
  t.same(await authorsOf('ministers-agree'), ['jane-doe', 'ann-lee'])

  const exported = (await app.inject({ url: '/v1/export', headers })).body
  const line = exported.trim().split('\n').map((text) => JSON.parse(text)).find((l: { title: string }) => l.title === 'Ministers agree')
  t.same(line.authors.map((a: { slug: string }) => a.slug), ['jane-doe', 'ann-lee'])
  t.match(line.authors[1], { name: 'Ann Lee', role: 'Defence editor', url: 'https://example.org/ann' })

  // Into an empty database, the export reproduces the authors.
  const copy = await build(t)
  const copyHeaders = await authHeaders(copy, 'content:write', 'content:read-drafts')
  const imported = await copy.inject({ method: 'POST', url: '/v1/bulk/articles', headers: { ...copyHeaders, ...NDJSON }, payload: exported })
  t.match(imported.json(), { created: 3, failed: 0 })
  const sorted = (text: string) => text.trim().split('\n').sort()
  t.same(sorted((await copy.inject({ url: '/v1/export', headers: copyHeaders })).body), sorted(exported), 'the same export')
})
