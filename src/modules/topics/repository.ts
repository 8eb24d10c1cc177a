import type pg from 'pg'
import type { Database } from '../../db/client.js'
import { createNamedRepository, type NamedDelegate } from '../../lib/named-resource.js'
import { publicArticles } from '../articles/repository.js'
import { publicQuotes } from '../quotes/repository.js'
import type { TopicCounts, TopicRow } from './dto.js'
import type { TopicCreateDto, TopicUpdateDto } from './schemas.js'

/**
 * `include=counts`: how many articles and quotes on each topic the caller may see, two grouped
 * counts restricted to this page's topics (Prisma's `_count` with a filter aggregated whole tables).
 */
async function withCounts (db: Database, rows: Array<TopicRow & TopicCounts>, visibleOnly: boolean): Promise<Array<TopicRow & TopicCounts>> {
  const topicId = { in: rows.map((row) => row.id) }
  const [articles, quotes] = await Promise.all([
    db.articleTopic.groupBy({ by: ['topicId'], where: { topicId, ...(visibleOnly && { article: publicArticles() }) }, _count: { _all: true } }),
    db.quoteTopic.groupBy({ by: ['topicId'], where: { topicId, ...(visibleOnly && { quote: publicQuotes() }) }, _count: { _all: true } })
  ])
  const articleCounts = new Map(articles.map((group) => [group.topicId, group._count._all]))
  const quoteCounts = new Map(quotes.map((group) => [group.topicId, group._count._all]))
  return rows.map((row) => ({ ...row, _count: { articles: articleCounts.get(row.id) ?? 0, quotes: quoteCounts.get(row.id) ?? 0 } }))
}

/** `db` for Prisma, `pool` (routed like it) for the visibility checks. Deleting a topic unlinks it from its articles and quotes. */
export function createTopicRepository (db: Database, pool: pg.Pool) {
  return createNamedRepository<TopicRow & TopicCounts, TopicCreateDto, TopicUpdateDto>({
    resource: 'topic',
    table: 'topics',
    // Prisma's generic delegate methods fit NamedDelegate's plain signatures for these arguments.
    delegate: (client) => client.topic as unknown as NamedDelegate<TopicRow & TopicCounts>,
    withIncludes: (rows, include, visibleOnly) => include.has('counts') ? withCounts(db, rows, visibleOnly) : Promise.resolve(rows)
  }, db, pool, (input) => ({ name: input.name, description: input.description ?? null, aliases: input.aliases ?? [] }))
}
