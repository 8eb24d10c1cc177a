import t from 'tap'
import { publicArticlesCondition } from '../../src/modules/articles/repository.js'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'
import { validatorsLookup } from '../../src/lib/validators.js'
import { twoDatabases } from '../helpers/database.js'

// Lookups made together share a statement per pool, yet each gets the answer for its own
// key from its own database (a replica's rows are not the primary's).

t.test('lookups made together each get their own answer from their own pool', async (t) => {
  const [a, b] = await twoDatabases(t)

  const storyA = await saveArticleGraph(a.db, { title: 'Story', status: 'published' })
  const storyB = await saveArticleGraph(b.db, { title: 'Story', status: 'published' })
  const draftA = await saveArticleGraph(a.db, { title: 'Draft', status: 'draft' })
  const any = validatorsLookup('articles')
  const visible = validatorsLookup('articles', publicArticlesCondition('articles'))

  const answers = await Promise.all([
    any(a.pool, { slug: 'story' }), any(b.pool, { slug: 'story' }), any(a.pool, { id: storyA.id }), any(a.pool, { id: storyB.id }),
    any(a.pool, { slug: 'draft' }), visible(a.pool, { slug: 'draft' }), visible(a.pool, { slug: 'story' }), any(a.pool, { slug: 'story' }),
    any(b.pool, { slug: 'nothing' })
  ])
  t.same(answers.map((item) => item?.id ?? null), [storyA.id, storyB.id, storyA.id, null, draftA.id, null, storyA.id, storyA.id, null])
  t.same(answers[0], { id: storyA.id, slug: 'story', version: 1, updatedAt: storyA.updatedAt })

  await b.pool.end() // from here on, every query on it fails
  const [fromA, fromB] = await Promise.allSettled([any(a.pool, { slug: 'story' }), any(b.pool, { slug: 'story' })])
  t.equal(fromA.status, 'fulfilled', 'a failing pool fails only its own lookups')
  t.equal(fromB.status, 'rejected')
})
