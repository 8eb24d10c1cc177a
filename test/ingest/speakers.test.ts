import t from 'tap'
import { parseAppositive, parseSpeakerPhrase } from '../../src/ingest/speakers.js'
import { SpeakerRegistry } from '../../src/ingest/registry.js'
import { parseArticle } from '../../src/ingest/parse-article.js'

t.test('title and organisation before the name', async (t) => {
  t.match(parseSpeakerPhrase('NATO Secretary General Jens Stoltenberg'), { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' })
  t.match(parseSpeakerPhrase('Greyline Homes managing director Sunita Bhatt'), { name: 'Sunita Bhatt', role: 'managing director', organization: 'Greyline Homes' })
  t.match(parseSpeakerPhrase('Council leader Margaret Okafor'), { name: 'Margaret Okafor', role: 'Council leader', organization: null })
  t.match(parseSpeakerPhrase('Dr. Priya Raman'), { name: 'Priya Raman', role: null, organization: null })
})

t.test('appositives', async (t) => {
  t.same(parseAppositive('chief executive of Nordlys Energy'), { role: 'chief executive', organization: 'Nordlys Energy' })
  t.same(parseAppositive("NATO's secretary general"), { role: 'secretary general', organization: 'NATO' })
  t.same(parseAppositive('a retired teacher in Sueca'), { role: 'retired teacher', organization: null })
  t.same(parseAppositive('who voted against the plan'), { role: null, organization: null })
})

t.test('a surname resolves to the person named in full', async (t) => {
  const registry = new SpeakerRegistry()
  const full = registry.register({ name: 'Jens Stoltenberg', role: null, organization: null, gender: null })
  t.equal(registry.register({ name: 'Stoltenberg', role: 'Secretary General', organization: 'NATO', gender: null }), full)
  t.match(full, { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' })
})

t.test('speakers are de-duplicated across an article', async (t) => {
  const article = parseArticle('News\n\nHeadline here\n\n“We start on Monday,” said Jens Stoltenberg.\n\n“We will finish by June,” Stoltenberg said.')
  t.same(article.speakers.map((s) => s.name), ['Jens Stoltenberg'])
  t.same(article.quotes.map((q) => q.speakerName), ['Jens Stoltenberg', 'Jens Stoltenberg'])
})
