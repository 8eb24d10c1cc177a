import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { authHeaders, build } from '../../helpers/app.js'

// A speaker met in one import is the speaker of the next; namesakes whose organisations
// differ stay apart; each quote keeps the role of its time, and the speaker shows them all.

const story = (...paragraphs: string[]): string => paragraphs.join('\n\n')
const ACME_FACTORY = story('Acme to build factory in Leeds', 'Acme will build a factory in Leeds, the company said on Monday.',
  '“This is a long-term commitment to the region,” said John Smith, chief executive of Acme.', 'The factory will employ 400 people.')
const GLOBEX_DELAYS = story('Globex warns of winter delays', 'Globex expects shipping delays this winter.',
  '“Shipments will be late this winter,” said John Smith, a spokesman for Globex.', 'The company blamed a shortage of containers.')
const ACME_CHAIRMAN = story('Acme names new chairman', 'The board of Acme met on Friday.',
  '“I am proud to lead the board,” said Acme chairman John Smith.', 'He takes over from Maria Keller, who retires after twelve years.')

async function importStory (app: FastifyInstance, headers: Record<string, string>, text: string, publishedAt: string) {
  const res = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: { text, publishedAt, status: 'published' } })
  t.equal(res.statusCode, 201)
  return res.json()
}

t.test('namesakes of different organisations are two speakers; a promotion is one speaker with two roles', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')

  const factory = await importStory(app, writer, ACME_FACTORY, '2023-03-01T09:00:00.000Z')
  t.match(factory.quotes[0], { speaker: { slug: 'john-smith', role: 'chief executive', organization: 'Acme' }, speakerRole: 'chief executive', speakerOrganization: 'Acme' })

  const delays = await importStory(app, writer, GLOBEX_DELAYS, '2024-01-10T09:00:00.000Z')
  t.match(delays.quotes[0], { speaker: { slug: 'john-smith-globex', name: 'John Smith', organization: 'Globex' }, speakerRole: 'spokesman' },
    'another John Smith: his slug names his organisation')

  const chairman = await importStory(app, writer, ACME_CHAIRMAN, '2025-05-20T09:00:00.000Z')
  t.match(chairman.quotes[0], { speaker: { slug: 'john-smith', role: 'chief executive' }, speakerRole: 'chairman', speakerOrganization: 'Acme' },
    'the Acme John Smith again, quoted as chairman; his stored role is not rewritten')
  t.equal(await app.db.speaker.count(), 2)

  const acme = await app.inject({ url: '/v1/speakers/john-smith?include=roles' })
  t.equal(acme.statusCode, 200)
  t.same(acme.json().roles, [
    { role: 'chairman', organization: 'Acme', firstSeen: '2025-05-20T09:00:00.000Z', lastSeen: '2025-05-20T09:00:00.000Z', quoteCount: 1 },
    { role: 'chief executive', organization: 'Acme', firstSeen: '2023-03-01T09:00:00.000Z', lastSeen: '2023-03-01T09:00:00.000Z', quoteCount: 1 }
  ])
  const globex = (await app.inject({ url: '/v1/speakers/john-smith-globex?include=roles,counts' })).json()
  t.match(globex, { kind: 'person', quoteCount: 1, roles: [{ role: 'spokesman', organization: 'Globex' }] })

  const plain = await app.inject({ url: '/v1/speakers/john-smith' })
  t.ok(Array.isArray(plain.json().roles), 'one speaker always shows the roles held')
  t.equal((await app.inject({ url: '/v1/speakers?include=roles' })).json().data.length, 2)
})

t.test('a surname alone in the next story is the speaker from the last one', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  await importStory(app, writer, story('Alliance ministers meet', 'Defence ministers gathered in Brussels on Thursday.',
    '“We must spend more on defence,” said NATO Secretary General Jens Stoltenberg.', 'The meeting continues on Friday.'), '2021-10-21T10:00:00.000Z')
  const next = await importStory(app, writer, story('Ministers agree on air defence', 'The talks ended on Friday with an agreement.',
    '“This is a good day for the alliance,” Stoltenberg told reporters.', 'The plan will be reviewed in June.'), '2021-10-22T10:00:00.000Z')
  t.match(next.quotes[0], { speaker: { slug: 'jens-stoltenberg', name: 'Jens Stoltenberg' }, speakerRole: 'Secretary General', speakerOrganization: 'NATO' },
    'a story that gives no role keeps the stored one for its quote')
  t.equal(await app.db.speaker.count(), 1)
})

t.test('speakers may be organisations; kind is written and validated', async (t) => {
  const app = await build(t)
  const writer = await authHeaders(app, 'content:write', 'content:read-drafts')
  const created = await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'Civil Aviation Authority', kind: 'organization' } })
  t.equal(created.statusCode, 201)
  t.equal(created.json().kind, 'organization')
  t.equal((await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'X', kind: 'robot' } })).statusCode, 400)
  const person = (await app.inject({ method: 'POST', url: '/v1/speakers', headers: writer, payload: { name: 'Ada Reyes' } })).json()
  t.equal(person.kind, 'person', 'a person unless told otherwise')
})
