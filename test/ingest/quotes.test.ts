import t from 'tap'
import { parseArticle } from '../../src/ingest/parse-article.js'

/** Parses a body-only story under a fixed header. */
function quotesOf(...paragraphs: string[]): Array<[string, string | null]> {
  const article = parseArticle(['News', 'A headline for the test story', ...paragraphs].join('\n\n'))
  return article.quotes.map((q) => [q.text, q.speakerName])
}

t.test('"X said" and "said X" with curly and straight marks', async (t) => {
  t.same(quotesOf('“We will rebuild the bridge by winter,” Mayor Anna Berg said.'), [['We will rebuild the bridge by winter', 'Anna Berg']])
  t.same(quotesOf('"We will rebuild the bridge by winter," said Anna Berg, the mayor of Lund.'), [['We will rebuild the bridge by winter', 'Anna Berg']])
})

t.test('"according to X", before and after the quote', async (t) => {
  t.same(quotesOf('According to Dr. Omar Said, a surgeon at City Hospital, the unit is “close to breaking point after three winters.”'),
    [['close to breaking point after three winters.', 'Omar Said']])
  t.same(quotesOf('“The unit is close to breaking point,” according to Omar Said.'), [['The unit is close to breaking point', 'Omar Said']])
})

t.test('colon-introduced quotes', async (t) => {
  t.same(quotesOf('Union leader Maria Ruiz said: “We will not be bullied into a bad deal.”'), [['We will not be bullied into a bad deal.', 'Maria Ruiz']])
  t.same(quotesOf('Maria Ruiz spoke to members on Friday. Ruiz put it bluntly: “Nobody signs this deal.”'), [['Nobody signs this deal.', 'Maria Ruiz']])
})

t.test('a quote split around its attribution is two spans of one speaker', async (t) => {
  const article = parseArticle('News\n\nHeadline here\n\nPeter Lund leads the group.\n\n“We agree,” he said, “and we will act.”')
  t.same(article.quotes.map((q) => [q.text, q.speakerName, q.position]), [['We agree', 'Peter Lund', 0], ['and we will act.', 'Peter Lund', 1]])
})

t.test('a quote over several paragraphs is one quote', async (t) => {
  t.same(quotesOf('Carla Diaz chairs the inquiry.', '“The first report was ignored.', '“The second one was buried,” Diaz said.'),
    [['The first report was ignored. The second one was buried', 'Carla Diaz']])
})

t.test('he/she resolve to the last person named, respecting gender', async (t) => {
  t.same(quotesOf('Mark Ellis and Sarah Jones both spoke after the vote.', '“It was the right call for the town,” she said.'),
    [['It was the right call for the town', 'Sarah Jones']])
  t.same(quotesOf('Mark Ellis met Sarah Jones after the vote.', '“It was the wrong call for the town,” he said.'),
    [['It was the wrong call for the town', 'Mark Ellis']])
})

t.test('scare quotes and titles of works are not quotes; a word someone used is', async (t) => {
  t.same(quotesOf('Finance Minister Karl Dahl called the plan a “fantasy” and said the so-called “green premium” was unaffordable.'), [['fantasy', 'Karl Dahl']])
  t.same(quotesOf('Sahu alleged that the ‘double-engine’ government had failed farmers in the drought-hit districts.'), [])
  t.same(quotesOf('An uncrewed cargo vessel named "Endeavour" has crossed the Atlantic, its builder said on Thursday.'), [])
  t.same(quotesOf('Karl Dahl, whose memoir “The Long Road Home” was published in May, said the book took six years.'), [])
  t.same(quotesOf('The report, titled “Building a Fairer Tax System for the Next Decade”, was published on Monday.'), [])
})

t.test('a short complete utterance next to its attribution is a quote', async (t) => {
  t.same(quotesOf('Karl Dahl was asked about resigning. “No,” he said.'), [['No', 'Karl Dahl']])
})

t.test('partial quotes in reported speech are quotes of that person', async (t) => {
  t.same(quotesOf('Karl Dahl said the cuts would be “deep but fair” and that ministers should “recognise the scale of the problem we face”.'),
    [['deep but fair', 'Karl Dahl'], ['recognise the scale of the problem we face', 'Karl Dahl']])
  t.same(quotesOf('Opposition leader Tomas Kral called the plan ‘reckless’.'), [['reckless', 'Tomas Kral']])
})

t.test('quotes nested inside another quote stay inside it', async (t) => {
  t.same(quotesOf('“When they told us “nobody will lose their job,” we asked for it in writing,” said Maria Ruiz.'),
    [['When they told us “nobody will lose their job,” we asked for it in writing', 'Maria Ruiz']])
  t.same(quotesOf('“He looked at me and said ‘we are finished here’ and walked out,” Ruiz said.'),
    [['He looked at me and said ‘we are finished here’ and walked out', 'Ruiz']])
})

t.test('an unattributed quote is dropped unless it continues the previous speaker', async (t) => {
  t.same(quotesOf('The ministry published figures on Monday.', '“Prices have fallen for the third month in a row.”'), [])
  t.same(quotesOf('“We will appeal the ruling,” Anna Berg said.', '“This is not the end of the matter.”'),
    [['We will appeal the ruling', 'Anna Berg'], ['This is not the end of the matter.', 'Anna Berg']])
})

t.test('context is the sentence without the quote', async (t) => {
  const article = parseArticle('News\n\nHeadline here\n\nAnna Berg said the bridge would be “open to traffic again by the winter”.')
  t.equal(article.quotes[0]?.context, 'Anna Berg said the bridge would be ….')
})
