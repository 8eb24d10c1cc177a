import t from 'tap'
import { authorsFromByline } from '../../src/ingest/bylines.js'

t.test('a byline names its people; agencies and staff credits are no one', async (t) => {
  const cases: Array<[string | null, string[]]> = [
    ['By Jane Doe and John Roe', ['Jane Doe', 'John Roe']],
    ['By Jane Doe, Reuters', ['Jane Doe']],
    ['Jane Doe, John Roe', ['Jane Doe', 'John Roe']],
    ['JANE DOE | Staff Writer', ['Jane Doe']],
    ['Jane Doe in Brussels', ['Jane Doe']],
    ['Ludwig van Beethoven & Ann Lee', ['Ludwig van Beethoven', 'Ann Lee']],
    ["Mary O'Brien, Kevin De Bruyne and Web Desk", ["Mary O'Brien", 'Kevin De Bruyne']],
    ['Jane Doe and jane doe', ['Jane Doe']],
    ['By Staff Reporter', []],
    ['Reuters', []],
    ['The Associated Press', []],
    ['By PTI', []],
    ['Our Correspondent', []],
    ['Newsdesk staff', []],
    ['BBC News', []],
    ['jane doe', []],
    ['Follow @janedoe on 2 sites', []],
    [`Jane ${'Doe'.repeat(80)}`, []],
    [null, []]
  ]
  for (const [byline, names] of cases) t.same(authorsFromByline(byline), names, String(byline))
})

t.test('a hostile byline is read in linear time', async (t) => {
  const names = authorsFromByline(`By ${'Jane and '.repeat(50_000)}Doe ${', '.repeat(50_000)}`)
  t.same(names, [])
})
