import type { FastifyInstance } from 'fastify'
import { saveArticleGraph } from '../../src/modules/articles/save-graph.js'

/**
 * A small newsroom: three public stories, and one draft, one future scheduled and one
 * archived story, each hidden story with a quote and the `nato` topic.
 */
export async function seedNewsroom (app: FastifyInstance) {
  const stoltenberg = { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }
  const biden = { name: 'Joe Biden', role: 'President' }
  const summit = await saveArticleGraph(app.db, {
    title: 'NATO summit ends',
    section: 'World',
    status: 'published',
    publishedAt: '2024-01-03T10:00:00.000Z',
    topics: [{ name: 'NATO' }, { name: 'Afghanistan' }],
    quotes: [
      { text: 'We agreed together to end our military presence in Afghanistan', speaker: stoltenberg, topics: [{ slug: 'afghanistan' }] },
      { text: 'Allies stand united', speaker: biden, saidAt: '2024-01-02T09:00:00.000Z' }
    ]
  })
  const economy = await saveArticleGraph(app.db, {
    title: 'Economy grows',
    section: 'Business',
    status: 'published',
    publishedAt: '2024-01-02T10:00:00.000Z',
    topics: [{ name: 'Economy' }],
    quotes: [{ text: 'Jobs are back', speaker: { slug: 'joe-biden' } }]
  })
  const kabul = await saveArticleGraph(app.db, {
    title: 'Afghanistan update',
    section: 'World',
    status: 'published',
    publishedAt: '2024-01-01T10:00:00.000Z',
    topics: [{ slug: 'afghanistan' }],
    quotes: [{ text: 'The mission is over', speaker: { slug: 'jens-stoltenberg' } }]
  })
  const hidden = {
    draft: await saveArticleGraph(app.db, {
      title: 'Secret draft', section: 'World', status: 'draft', topics: [{ slug: 'nato' }],
      quotes: [{ text: 'Draft words never to leak', speaker: { slug: 'jens-stoltenberg' }, saidAt: '2024-01-05T00:00:00.000Z' }]
    }),
    scheduled: await saveArticleGraph(app.db, {
      title: 'Future story', section: 'World', status: 'scheduled', publishedAt: '2999-01-01T00:00:00.000Z', topics: [{ slug: 'nato' }],
      quotes: [{ text: 'Scheduled words never to leak', speaker: { slug: 'jens-stoltenberg' }, saidAt: '2024-01-05T00:00:00.000Z' }]
    }),
    archived: await saveArticleGraph(app.db, {
      title: 'Old archived story', section: 'World', status: 'archived', publishedAt: '2023-06-01T00:00:00.000Z', topics: [{ slug: 'nato' }],
      quotes: [{ text: 'Archived words never to leak', speaker: { slug: 'jens-stoltenberg' }, saidAt: '2023-06-01T00:00:00.000Z' }]
    })
  }
  return { summit, economy, kabul, hidden }
}

export const titles = (body: { data: { title?: string }[] }): (string | undefined)[] => body.data.map((item) => item.title)
export const texts = (body: { data: { text?: string }[] }): (string | undefined)[] => body.data.map((item) => item.text)
