import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { registerNamedRoutes } from '../../lib/named-resource.js'
import { toAuthorDto } from './dto.js'
import { createAuthorRepository } from './repository.js'
import { AUTHOR_SORTS, AuthorCreate, AuthorListQuery, AuthorPage, AuthorRef, AuthorUpdate } from './schemas.js'

// `/v1/authors/{a}/articles` is served by the articles module, as `/v1/topics/{t}/articles` is.
const authorRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // JSON only: a text/plain body is a 415, not a string that fails validation as a 400.
  fastify.removeContentTypeParser('text/plain')
  registerNamedRoutes(fastify, {
    title: 'Author',
    titles: 'Authors',
    one: 'an author',
    table: 'authors',
    repository: createAuthorRepository(fastify.db, fastify.readPool),
    toDto: toAuthorDto,
    sorts: AUTHOR_SORTS,
    schemas: { listQuery: AuthorListQuery, page: AuthorPage, item: AuthorRef, create: AuthorCreate, update: AuthorUpdate },
    deletes: 'Unlinks the author from their articles, which stay (their `byline` text too).'
  })
}

export default authorRoutes
