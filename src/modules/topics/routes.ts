import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { registerNamedRoutes } from '../../lib/named-resource.js'
import { toTopicDto } from './dto.js'
import { createTopicRepository } from './repository.js'
import { TOPIC_SORTS, TopicCreate, TopicGetQuery, TopicListQuery, TopicPage, TopicRef, TopicUpdate } from './schemas.js'

// `/v1/topics/{t}/articles` and `/quotes` are served by the articles and quotes modules.
const topicRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // JSON only: a text/plain body is a 415, not a string that fails validation as a 400.
  fastify.removeContentTypeParser('text/plain')
  registerNamedRoutes(fastify, {
    title: 'Topic',
    titles: 'Topics',
    one: 'a topic',
    table: 'topics',
    repository: createTopicRepository(fastify.db, fastify.readPool),
    toDto: toTopicDto,
    sorts: TOPIC_SORTS,
    schemas: { listQuery: TopicListQuery, page: TopicPage, item: TopicRef, create: TopicCreate, update: TopicUpdate },
    deletes: 'Unlinks the topic from its articles and quotes, which stay.',
    includes: {
      itemQuery: TopicGetQuery,
      describeList: '`include=counts` adds how many articles and quotes you may see on each topic.',
      added: ['articleCount', 'quoteCount']
    }
  })
}

export default topicRoutes
