import t from 'tap'
import { compatible, matchSpeaker, slugCandidates, type StoredSpeaker } from '../../../src/modules/speakers/matching.js'

const person = (name: string, role: string | null, organization: string | null, slug = ''): StoredSpeaker => ({ slug, name, kind: 'person', role, organization })

const stored = [
  person('John Smith', 'chief executive', 'Acme', 'john-smith'),
  person('John Smith', 'spokesman', 'Globex', 'john-smith-globex'),
  person('Jens Stoltenberg', 'Secretary General', 'NATO', 'jens-stoltenberg'),
  { slug: 'skylark-air', name: 'Skylark Air', kind: 'organization' as const, role: null, organization: null }
]

t.test('the same name is the same speaker unless the organisations differ', async (t) => {
  t.equal(matchSpeaker(person('John Smith', 'chairman', 'Acme'), stored)?.slug, 'john-smith', 'promoted within Acme')
  t.equal(matchSpeaker(person('John Smith', null, 'Globex'), stored)?.slug, 'john-smith-globex')
  t.equal(matchSpeaker(person('John Smith', 'farmer', 'Initech'), stored), undefined, 'a third John Smith')
  t.equal(matchSpeaker(person('john smith', null, null), stored)?.slug, 'john-smith', 'nothing said: the one known longest')
  t.equal(matchSpeaker(person('Jens Stoltenberg', 'NATO chief', null), stored)?.slug, 'jens-stoltenberg', 'a full name may change role')
  t.equal(matchSpeaker(person('Jens Stoltenberg', null, 'NATO headquarters'), stored)?.slug, 'jens-stoltenberg', 'one organisation naming the other')
})

t.test('a bare surname is a stored full name when nothing conflicts', async (t) => {
  t.equal(matchSpeaker(person('Stoltenberg', null, null), stored)?.slug, 'jens-stoltenberg')
  t.equal(matchSpeaker(person('Stoltenberg', 'Secretary General', null), stored)?.slug, 'jens-stoltenberg')
  t.equal(matchSpeaker(person('Stoltenberg', 'goalkeeper', null), stored), undefined, 'another Stoltenberg: the roles share no word')
  t.equal(matchSpeaker(person('Smith', null, null), stored), undefined, 'two stored Smiths: nobody in particular')
  t.equal(matchSpeaker(person('Smith', null, 'Globex'), stored)?.slug, 'john-smith-globex')
})

t.test('people and organisations never match each other', async (t) => {
  t.equal(matchSpeaker(person('Skylark Air', null, null), stored), undefined)
  t.equal(matchSpeaker({ name: 'Skylark Air', kind: 'organization', role: null, organization: null }, stored)?.slug, 'skylark-air')
  t.notOk(compatible(person('A B', null, null), { name: 'A B', kind: 'organization', role: null, organization: null }))
})

t.test('a new namesake is told apart by organisation, else role', async (t) => {
  t.same(slugCandidates(person('John Smith', 'farmer', 'Initech')), ['john-smith', 'john-smith-initech'])
  t.same(slugCandidates(person('John Smith', 'farmer', null)), ['john-smith', 'john-smith-farmer'])
  t.same(slugCandidates(person('John Smith', null, null)), ['john-smith'])
})
