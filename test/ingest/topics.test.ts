import t from 'tap'
import { extractTopics } from '../../src/ingest/topics.js'

const body = [
  'Officials from the European Central Bank (ECB) met in Frankfurt on Tuesday to discuss inflation.',
  'The ECB said inflation had fallen, and interest rates would stay on hold while inflation data improves.',
]

t.test('acronyms defined in brackets become aliases', async (t) => {
  const topics = extractTopics({ title: 'ECB holds rates', body, speakers: [], knownTopics: [] })
  const ecb = topics.find((topic) => topic.name === 'European Central Bank')
  t.equal(ecb?.kind, 'organization')
  t.ok(ecb?.aliases.includes('ECB'))
  t.ok(topics.some((topic) => topic.name === 'economy' && topic.kind === 'subject'))
  t.notOk(topics.some((topic) => topic.name === 'Tuesday'))
})

t.test('known topics name what the text calls by an alias', async (t) => {
  const topics = extractTopics({
    title: 'Strike on Daesh camp',
    body: ['Aircraft struck a Daesh camp near Raqqa on Sunday, officials said.'],
    speakers: [],
    knownTopics: [{ name: 'Islamic State (militant group)', aliases: ['Daesh', 'ISIS'] }],
  })
  t.ok(topics.some((topic) => topic.name === 'Islamic State (militant group)' && topic.aliases.includes('Daesh')))
  t.notOk(topics.some((topic) => topic.name === 'Daesh'))
})

t.test('quoted speakers and their organisations are topics', async (t) => {
  const topics = extractTopics({
    title: 'Water firm hacked',
    body: ['Priya Nair of Stonebridge Risk said the attack was serious.'],
    speakers: [{ name: 'Priya Nair', kind: 'person', role: 'analyst', organization: 'Stonebridge Risk' }],
    knownTopics: [],
  })
  t.ok(topics.some((topic) => topic.name === 'Priya Nair' && topic.kind === 'person'))
  t.ok(topics.some((topic) => topic.name === 'Stonebridge Risk' && topic.kind === 'organization'))
})
