import t from 'tap'
import { bracketedAliases, organizationNames } from '../../src/ingest/name-runs.js'

t.test('organisation names run back from their head word', async (t) => {
  t.same(organizationNames('Talks at Carrow Bay District Council ended. The Bank of England and the Kessel Water Board met.'),
    ['Carrow Bay District Council', 'The Bank of England', 'Kessel Water Board'], 'a leading "The" is kept (the caller drops it)')
  t.same(organizationNames('The National Health Service Trust of Wexham said so.'), ['The National Health Service Trust of Wexham'], 'the last head within reach ends the name')
  t.same(organizationNames('Officials of the Ministry of the Interior spoke.'), ['Ministry of the Interior'], 'a head that comes first')
  t.same(organizationNames('One Two Three Four Five Six Seven Eight Nine Ten Council'), ['Three Four Five Six Seven Eight Nine Ten Council'], 'at most eight words before the head')
  t.same(organizationNames('the council met, Council said'), [], 'no capitalised word before the head')
})

t.test('bracketed aliases pair the words before the bracket with the name inside', async (t) => {
  t.same(bracketedAliases('Officials from the European Central Bank (ECB) met.'), [{ name: 'European Central Bank', alias: 'ECB' }])
  t.same(bracketedAliases('Fighters of Daesh [or the Islamic State group] fled.'), [{ name: 'Fighters of Daesh', alias: 'Islamic State' }])
  t.same(bracketedAliases('prices (in euros) rose'), [], 'nothing capitalised before or inside')
})

t.test('long runs of capitalised words cost time in proportion to their length', async (t) => {
  // Issue 14: each head and each bracket is read once, back over at most a bounded window.
  const heads = 'Carrow Bay of the '.repeat(20_000) + 'Council '.repeat(20_000)
  const started = performance.now()
  organizationNames(heads)
  bracketedAliases('Carrow Bay and '.repeat(20_000) + '(Cb '.repeat(20_000))
  t.ok(performance.now() - started < 5_000, `${heads.length} characters`)
})
