import { existsSync, readFileSync } from 'node:fs'
import t from 'tap'
import { SAMPLE_STORY_FILE, seedSampleContent } from '../../src/db/sample-content.js'
import { build } from '../helpers/app.js'

const SLUG = 'allies-have-the-capabilities-to-strike-from-afar-against-terrorist-threats-nato'
const STOLTENBERG = { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }

// What a careful editor records from the page, quote by quote, in order.
const QUOTES = [
  'the first opportunity for the ministers to engage in the lessons learnt process',
  'we are in the midst of the lessons learned process, I think it’s a bit early to draw final conclusions.',
  'a very difficult dilemma',
  'we agreed together to end our military presence in Afghanistan',
  'we should recognize that we actually made significant achievements',
  'Our mission was not in vain. We prevented Afghanistan from being a safe haven for international terrorists, and prevented any attack against any NATO ally over 20 years. Now we will stay vigilant and preserve those gains. Not least by holding, using the leverage we have on the new Taliban (Islamic Emirate) regime to make sure that they live up to their commitments on terrorism, on human rights, and safe passage.',
  'The international community has economic and diplomatic leverage over the Taliban (Islamic Emirate)',
  'Looking ahead, we must continue to stand together in the fight against international terrorism',
  'And in the margins of this ministerial, we will hold a meeting of the Global Coalition to Defeat Daesh [or the Islamic State group]'
]

t.test('the start-up seed imports the sample page into what an editor would record', async (t) => {
  const app = await build(t)
  t.same(await seedSampleContent(app.db, app.pool), { seeded: true })
  t.same(await seedSampleContent(app.db, app.pool), { seeded: false }, 'a second start-up leaves it alone')
  t.equal(await app.db.article.count(), 1)

  const res = await app.inject({ url: `/v1/articles/${SLUG}` })
  t.equal(res.statusCode, 200, 'published: the public sees it')
  const article = res.json()
  t.match(article, {
    title: 'Allies have the capabilities to strike from afar against terrorist threats: NATO',
    section: 'Latest News',
    status: 'published',
    publishedAt: null,
    byline: null
  })
  t.match(article.externalId, /^import:[0-9a-f]{32}$/)
  t.equal(article.body.length, 9, 'nine paragraphs')
  t.match(article.body[0], /^NATO Secretary General Jens Stoltenberg said on Thursday/)
  t.match(article.body.at(-1), /Global Coalition to Defeat Daesh \[or the Islamic State group\],” he said\.$/)
  for (const chrome of ['Trending', 'Exit mobile version', 'Published', 'Latest News']) {
    t.notOk(article.body.some((paragraph: string) => paragraph.trim() === chrome), `no "${chrome}" line in the body`)
  }
  t.notOk(article.body.join('\n').includes('Exit mobile version'))

  // No public quotes route yet: read them from the database.
  const quotes = await app.db.quote.findMany({ where: { articleId: article.id }, orderBy: { position: 'asc' }, include: { speaker: true } })
  t.same(quotes.map((quote) => quote.text), QUOTES)
  t.same(quotes.map((quote) => quote.position), [0, 1, 2, 3, 4, 5, 6, 7, 8])
  t.ok(quotes.every((quote) => quote.saidAt === null), 'no date on the page, none on the quotes')
  const speakers = await app.db.speaker.findMany()
  t.match(speakers, [{ slug: 'jens-stoltenberg', ...STOLTENBERG }], 'one speaker, with role and organisation')
  t.equal(speakers.length, 1)

  const links = await app.db.articleTopic.findMany({ where: { articleId: article.id }, include: { topic: true } })
  const topics = Object.fromEntries(links.map(({ topic }) => [topic.name, topic.aliases]))
  t.same(Object.keys(topics).sort(), ['Afghanistan', 'Brussels', 'Islamic State', 'Jens Stoltenberg', 'NATO', 'Taliban', 'defence', 'terrorism'])
  t.same(new Set(topics['Islamic State']), new Set(['Islamic State group', 'Daesh', 'ISIS', 'ISIL', 'Islamic State of Iraq and the Levant', 'Islamic State of Iraq and Syria']))
  t.same(new Set(topics.Taliban), new Set(['Islamic Emirate', 'Islamic Emirate of Afghanistan']))
})

const SHARED_SEED = new URL('../../../shared/seeds/000_07f2eec5293161bf.txt', import.meta.url)
t.test('the seed text in the repo is the shared seed, when a shared/ folder sits beside the clone', { skip: !existsSync(SHARED_SEED) && 'no ../shared/seeds beside this clone' }, async (t) => {
  t.equal(readFileSync(SAMPLE_STORY_FILE, 'utf8'), readFileSync(SHARED_SEED, 'utf8'))
})
