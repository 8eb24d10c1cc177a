import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

const story = (byline: string, title: string) => [
  'World',
  title,
  byline,
  'Defence ministers met in Brussels on Thursday to agree on spending, officials said.',
  '“Two percent is a floor, not a ceiling,” said Maria Lopez, the Spanish defence minister.'
].join('\n\n')

const html = (title: string, author: unknown, meta = '') => `<!doctype html><html><head><title>${title}</title>${meta}
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, ...(author !== undefined && { author }) })}</script>
</head><body><article><h1>${title}</h1>
<p>Defence ministers met in Brussels on Thursday to agree on spending, officials said after the meeting.</p>
<p>“Two percent is a floor, not a ceiling,” said Maria Lopez, the Spanish defence minister, to reporters outside.</p>
<p>The ministers will meet again in the autumn to review what each member has spent this year.</p>
</article></body></html>`

t.test('imports fill authors from the byline; agencies and staff stay as byline text', async (t) => {
  const app = await build(t)
  const headers = await authHeaders(app, 'content:write', 'content:read-drafts')
  const post = (payload: string, type = 'text/plain', query = '') =>
    app.inject({ method: 'POST', url: `/v1/imports${query}`, headers: { ...headers, 'content-type': `${type}; charset=utf-8` }, payload })
  const slugs = (authors: { slug: string }[]) => authors.map((author) => author.slug)

  const preview = await post(story('By Jane Doe and John Roe', 'Ministers agree on spending'), 'text/plain', '?dryRun=true')
  t.equal(preview.statusCode, 200)
  t.same(preview.json().authors, [{ slug: 'jane-doe', name: 'Jane Doe', exists: false }, { slug: 'john-roe', name: 'John Roe', exists: false }])
  t.equal(await app.db.author.count(), 0, 'a dry run writes nothing')

  const two = await post(story('By Jane Doe and John Roe', 'Ministers agree on spending'))
  t.equal(two.statusCode, 201)
  t.equal(two.json().article.byline, 'Jane Doe and John Roe', 'the byline text stays')
  t.same(slugs(two.json().article.authors), ['jane-doe', 'john-roe'], 'in byline order')
  t.equal((await app.inject({ url: '/v1/authors/jane-doe' })).statusCode, 404, 'an imported draft\'s authors stay hidden')
  t.equal((await app.inject({ url: '/v1/authors/jane-doe', headers })).statusCode, 200)

  const agency = await post(story('By Jane Doe, Reuters', 'Ministers meet again'))
  t.same(slugs(agency.json().article.authors), ['jane-doe'], 'the stored author is reused')
  t.equal(await app.db.author.count(), 2)
  const staff = await post(story('By Staff Reporter', 'Spending plans agreed'))
  t.match(staff.json().article, { byline: 'Staff Reporter', authors: [] })
  const reuters = await post(story('By Reuters', 'Allies review spending'))
  t.match(reuters.json().article, { byline: 'Reuters', authors: [] })

  const jsonLd = await post(html('Ministers agree on a floor', [{ '@type': 'Person', name: 'Ann Lee' }, { '@type': 'Organization', name: 'Reuters' }]), 'text/html')
  t.equal(jsonLd.statusCode, 201)
  t.same(slugs(jsonLd.json().article.authors), ['ann-lee'], 'JSON-LD authors, without the agency')
  const meta = await post(html('Ministers agree on a ceiling', undefined, '<meta name="author" content="John Roe">'), 'text/html')
  t.same(slugs(meta.json().article.authors), ['john-roe'], 'meta name=author')
  const og = await post(html('Ministers agree on nothing', undefined, '<meta property="article:author" content="https://example.org/staff/kim">'), 'text/html')
  t.same(og.json().article.authors, [], 'a profile URL names no one')

  await app.inject({ method: 'PATCH', url: `/v1/articles/${two.json().article.id}`, headers, payload: { status: 'published' } })
  t.same((await app.inject({ url: '/v1/articles?author=john-roe' })).json().data.map((a: { title: string }) => a.title), ['Ministers agree on spending'])
})
