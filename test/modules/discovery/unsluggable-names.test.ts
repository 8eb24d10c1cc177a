import t from 'tap'
import { slugFor } from '../../../src/lib/slugs.js'
import { authHeaders, build } from '../../helpers/app.js'

const NDJSON = { 'content-type': 'application/x-ndjson' }

// A name slugify leaves nothing of (Chinese, Japanese, only punctuation) once became the slug
// `item` for every such name, so linking "习近平" and then "李强" by name put both on one speaker.
// Such a name gets `item-<hash of the name>`: distinct names stay apart, the same name finds its item.

t.test('a name with nothing to slugify gets a slug of its own, the same each time', async (t) => {
  const names = ['习近平', '李强', '日本語', '!!!', '???']
  const slugs = names.map(slugFor)
  t.equal(new Set(slugs).size, names.length, slugs.join(' '))
  for (const slug of slugs) t.match(slug, /^item-[0-9a-f]{12}$/)
  t.equal(slugFor('习近平'), slugFor(' 习近平 '), 'space around the name does not matter')
  t.equal(slugFor('习近平'), slugFor('习近平'.normalize('NFD')), 'nor its Unicode form')
  t.equal(slugFor('Harbour news'), 'harbour-news', 'a name with letters is slugified as before')
  t.equal(slugFor('item'), 'item')
})

t.test('articles linking speakers and topics by such names link distinct items, and the same one again', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const post = async (title: string, speaker: string, topic: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/articles', headers: writer, payload: { title, topics: [{ name: topic }], quotes: [{ text: `${title} words.`, speaker: { name: speaker } }] } })
    t.equal(res.statusCode, 201, res.body)
  }
  await post('First', '习近平', '日本語')
  await post('Second', '李强', '!!!')
  await post('Third', '习近平', '日本語')
  const speakers = await app.db.speaker.findMany({ orderBy: { name: 'asc' } })
  t.same(speakers.map((s) => [s.name, s.slug]).sort(), [['习近平', slugFor('习近平')], ['李强', slugFor('李强')]].sort(), 'two speakers, not one')
  const topics = await app.db.topic.findMany()
  t.same(topics.map((x) => [x.name, x.slug]).sort(), [['!!!', slugFor('!!!')], ['日本語', slugFor('日本語')]].sort(), 'two topics')
  const third = await app.db.article.findFirstOrThrow({ where: { title: 'Third' }, include: { quotes: { include: { speaker: true } }, topics: { include: { topic: true } } } })
  t.equal(third.quotes[0]!.speaker?.name, '习近平')
  t.equal(third.topics[0]!.topic.name, '日本語')
  for (const speaker of speakers) {
    const res = await app.inject({ url: `/v1/speakers/${speaker.slug}`, headers: writer })
    t.equal(res.json().name, speaker.name, 'readable at its slug')
  }

  // The bulk writer makes and finds the same slugs.
  const bulk = await app.inject({
    method: 'POST', url: '/v1/bulk/articles', headers: { ...NDJSON, ...writer },
    payload: [
      { title: 'Bulk one', status: 'draft', topics: [{ name: '日本語' }], quotes: [{ text: 'Words.', speaker: { name: '李强' } }] },
      { title: 'Bulk two', status: 'draft', topics: [{ name: '???' }], quotes: [{ text: 'More words.', speaker: { name: '王毅' } }] }
    ].map((line) => JSON.stringify(line)).join('\n') + '\n'
  })
  t.equal(bulk.statusCode, 200, bulk.body)
  t.match(bulk.json(), { created: 2, failed: 0 })
  t.same((await app.db.speaker.findMany()).map((s) => s.name).sort(), ['习近平', '李强', '王毅'].sort())
  t.same((await app.db.topic.findMany()).map((x) => x.name).sort(), ['!!!', '???', '日本語'].sort())
})
