import t from 'tap'
import { SLUG_MAX_LENGTH, firstFreeSlug, suffixedSlug } from '../../src/lib/slugs.js'

// The next free slug after a taken one must still be one a URL can name: a 200-character slug
// that is taken does not become a 202-character `…-2` (a path segment that long is a 414).

t.test('a suffixed slug stays within the longest slug', async (t) => {
  t.equal(suffixedSlug('harbour', 2), 'harbour-2')
  const long = 'a'.repeat(SLUG_MAX_LENGTH)
  t.equal(suffixedSlug(long, 2), `${'a'.repeat(SLUG_MAX_LENGTH - 2)}-2`)
  t.equal(suffixedSlug(long, 137).length, SLUG_MAX_LENGTH)
  // A cut that ends on a hyphen drops it: no `--`.
  const hyphenAtCut = `${'b'.repeat(SLUG_MAX_LENGTH - 3)}-cc`
  t.equal(suffixedSlug(hyphenAtCut, 2), `${'b'.repeat(SLUG_MAX_LENGTH - 3)}-2`)
})

t.test('firstFreeSlug passes over a taken 200-character slug to one of at most 200', async (t) => {
  const long = `${'w123-'.repeat(39)}w1234`
  t.equal(long.length, SLUG_MAX_LENGTH)
  const slug = await firstFreeSlug(long, async (candidates) => new Set(candidates.slice(0, 3)))
  t.equal(slug, suffixedSlug(long, 4))
  t.ok(slug.length <= SLUG_MAX_LENGTH, `${slug.length} characters`)
  t.match(slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'still a slug')
})
