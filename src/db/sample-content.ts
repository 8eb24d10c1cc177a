import type { Database } from './client.js'
import { saveArticleGraph } from '../modules/articles/save-graph.js'
import type { ArticleCreateDto } from '../modules/articles/schemas.js'

// Hand-made from shared/seeds/000_07f2eec5293161bf.txt until the importer can read it.
const NATO_STORY: ArticleCreateDto = {
  externalId: 'seed:000_07f2eec5293161bf',
  title: 'Allies have the capabilities to strike from afar against terrorist threats: NATO',
  section: 'Latest News',
  status: 'published',
  publishedAt: null, // the page says "Published on" with no date: unknown, not today
  summary: 'NATO Secretary General Jens Stoltenberg said allies will discuss Afghanistan during the defence ministers meeting.',
  body: [],
  topics: [{ name: 'NATO' }, { name: 'Afghanistan' }, { name: 'Islamic State', aliases: ['Daesh', 'ISIS', 'ISIL'] }],
  quotes: [{
    text: 'we agreed together to end our military presence in Afghanistan',
    speaker: { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }
  }]
}

/** Loads the sample story into an empty database; a database with any article is left alone. */
export async function seedSampleContent (db: Database): Promise<{ seeded: boolean }> {
  if (await db.article.count({ take: 1 }) > 0) return { seeded: false }
  await saveArticleGraph(db, NATO_STORY)
  return { seeded: true }
}
