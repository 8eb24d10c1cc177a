import { readFileSync } from 'node:fs'
import t from 'tap'
import { parseArticle } from '../../src/ingest/parse-article.js'

const seed = readFileSync(new URL('../fixtures/articles/dev/00-nato-seed.txt', import.meta.url), 'utf8')
const article = parseArticle(seed)

t.test('seed story header', async (t) => {
  t.equal(article.title, 'Allies have the capabilities to strike from afar against terrorist threats: NATO')
  t.equal(article.section, 'Latest News')
  t.equal(article.byline, null)
  t.equal(article.publishedAt, null, '"Published on" without a date is unknown, never today')
  t.equal(article.summary, article.body[0])
})

t.test('seed story body has no chrome', async (t) => {
  t.equal(article.body.length, 9)
  for (const chrome of ['Trending', 'Exit mobile version', 'Published', 'Latest News']) {
    t.notOk(article.body.some((p) => p.includes(chrome)), `no "${chrome}" in body`)
  }
  t.match(article.body[0], /^NATO Secretary General Jens Stoltenberg said on Thursday/)
})

t.test('seed story quotes', async (t) => {
  t.same(article.quotes.map((q) => q.text), [
    'the first opportunity for the ministers to engage in the lessons learnt process',
    'we are in the midst of the lessons learned process, I think it’s a bit early to draw final conclusions.',
    'a very difficult dilemma',
    'we agreed together to end our military presence in Afghanistan',
    'we should recognize that we actually made significant achievements',
    'Our mission was not in vain. We prevented Afghanistan from being a safe haven for international terrorists, and prevented any attack against any NATO ally over 20 years. ' +
      'Now we will stay vigilant and preserve those gains. Not least by holding, using the leverage we have on the new Taliban (Islamic Emirate) regime to make sure that they live up to their commitments on terrorism, on human rights, and safe passage.',
    'The international community has economic and diplomatic leverage over the Taliban (Islamic Emirate)',
    'Looking ahead, we must continue to stand together in the fight against international terrorism',
    'And in the margins of this ministerial, we will hold a meeting of the Global Coalition to Defeat Daesh [or the Islamic State group]',
  ])
  t.ok(article.quotes.every((q) => q.speakerName === 'Jens Stoltenberg'))
  t.same(article.quotes.map((q) => q.position), [0, 1, 2, 3, 4, 5, 6, 7, 8])
  t.same(article.quotes.map((q) => q.paragraph), [0, 2, 3, 3, 4, 5, 7, 8, 8])
  t.equal(article.quotes[1]?.context, 'According to him …')
})

t.test('seed story speaker', async (t) => {
  t.same(article.speakers, [{ name: 'Jens Stoltenberg', kind: 'person', role: 'Secretary General', organization: 'NATO' }])
})

t.test('seed story topics', async (t) => {
  const byName = new Map(article.topics.map((topic) => [topic.name, topic]))
  for (const name of ['NATO', 'Afghanistan', 'Jens Stoltenberg', 'Taliban', 'Islamic State', 'terrorism', 'Brussels']) {
    t.ok(byName.has(name), `topic ${name}`)
  }
  t.equal(byName.get('NATO')?.kind, 'organization')
  t.equal(byName.get('Afghanistan')?.kind, 'place')
  t.equal(byName.get('Jens Stoltenberg')?.kind, 'person')
  t.equal(byName.get('terrorism')?.kind, 'subject')
  const islamicState = byName.get('Islamic State')
  for (const alias of ['Daesh', 'ISIS', 'ISIL']) t.ok(islamicState?.aliases.includes(alias), `alias ${alias}`)
  t.ok(byName.get('Taliban')?.aliases.includes('Islamic Emirate'))
  for (const noise of ['Thursday', 'Friday', 'Daesh', 'Stoltenberg']) t.notOk(byName.has(noise), `no topic ${noise}`)
})

t.test('known topics and speakers from the database', async (t) => {
  const text = 'World\n\nCoalition meets on Daesh\n\nOfficials met in Rome on Monday to discuss Daesh and its affiliates in the region.\n\n' +
    '“The threat has changed, not gone,” Stoltenberg said.'
  const parsed = parseArticle(text, {
    knownTopics: [{ name: 'Islamic State (group)', aliases: ['Daesh', 'ISIS'] }],
    knownSpeakers: [{ name: 'Jens Stoltenberg', kind: 'person', role: 'Secretary General', organization: 'NATO' }],
  })
  t.ok(parsed.topics.some((topic) => topic.name === 'Islamic State (group)' && topic.aliases.includes('Daesh')))
  t.same(parsed.quotes.map((q) => q.speakerName), ['Jens Stoltenberg'])
  t.same(parsed.speakers, [{ name: 'Jens Stoltenberg', kind: 'person', role: 'Secretary General', organization: 'NATO' }])
})
