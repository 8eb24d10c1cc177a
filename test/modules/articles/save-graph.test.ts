import t from 'tap'
import { saveArticleGraph } from '../../../src/modules/articles/save-graph.js'
import { build } from '../../helpers/app.js'

t.test('an article with its topics and quotes is one transaction: a failing last quote leaves nothing behind', async (t) => {
  const app = await build(t)
  const counts = async () => ({
    articles: await app.db.article.count(), topics: await app.db.topic.count(), speakers: await app.db.speaker.count(),
    quotes: await app.db.quote.count(), articleTopics: await app.db.articleTopic.count()
  })
  const before = await counts()
  await t.rejects(saveArticleGraph(app.db, {
    title: 'Half-written story',
    status: 'published',
    topics: [{ name: 'Brand new topic' }],
    quotes: [
      { text: 'The first quote is fine.', speaker: { name: 'A New Speaker' }, topics: [{ name: 'Another new topic' }] },
      { text: 'The last one refers to nobody.', speaker: { slug: 'no-such-speaker' } }
    ]
  }), { status: 422, message: /Speaker "no-such-speaker" does not exist/ })
  t.same(await counts(), before, 'no article, topic, speaker, quote or link was created')
  t.equal(await app.db.article.count({ where: { title: 'Half-written story' } }), 0)
})
