import type { FastifyReply } from 'fastify'
import t from 'tap'
import { Type } from 'typebox'
import { buildApp } from '../../src/app.js'
import { ArticleRef } from '../../src/modules/articles/schemas.js'
import { problemResponses } from '../../src/lib/problem.js'
import { testConfig } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { checkResponsesAgainstDocument } from './response-validator.js'

// The hook build() installs must catch what the serializer lets through (it checks unions,
// not formats): a bad date or id, an undocumented status, a wrong content type, a stray body.

const article = {
  id: '0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70',
  slug: 'a-story',
  externalId: null,
  title: 'A story',
  summary: null,
  body: [],
  section: null,
  byline: null,
  sourceUrl: null,
  status: 'published',
  publishedAt: '2024-05-02T09:30:00.000Z',
  createdAt: '2024-05-02T09:30:00.000Z',
  updatedAt: '2024-05-02T09:30:00.000Z',
  version: 1
}

t.test('reports responses that differ from the document', async (t) => {
  const database = await createTestDatabase()
  const app = await buildApp({ config: testConfig, databaseUrl: database.url })
  t.teardown(async () => {
    await app.close()
    await database.drop()
  })
  const problems: string[] = []
  checkResponsesAgainstDocument(app, (problem) => problems.push(problem))
  await app.register(async (v1) => {
    const schema = (operationId: string) => ({
      tags: ['Articles'], operationId, summary: 'Test route', description: 'Test route.',
      response: { 200: ArticleRef, ...problemResponses(404) }
    })
    v1.get('/fine', { schema: schema('fine') }, async () => article)
    v1.get('/bad-date', { schema: schema('badDate') }, async () => ({ ...article, createdAt: 'yesterday' }))
    v1.get('/bad-id', { schema: schema('badId') }, async () => ({ ...article, id: 'story-1' }))
    v1.get('/teapot', { schema: schema('teapot') }, async (_request, reply: FastifyReply) => reply.code(418).send({ title: 'teapot' }))
    v1.get('/wrong-type', { schema: schema('wrongType') }, async (_request, reply: FastifyReply) => reply.code(404).type('application/json').send({ detail: 'x' }))
    v1.get('/empty', { schema: { ...schema('empty'), response: { 200: Type.Null({ description: 'Nothing.' }) } } }, async (_request, reply) => reply.code(200).send('surprise'))
  }, { prefix: '/v1' })
  await app.ready()

  const expect = async (url: string, pattern: RegExp | undefined) => {
    problems.length = 0
    await app.inject({ url })
    if (pattern === undefined) t.same(problems, [], `${url} matches`)
    else t.match(problems.join('\n'), pattern, `${url} is reported`)
  }
  await expect('/v1/fine', undefined)
  await expect('/v1/fine?x=1', undefined)
  await expect('/v1/bad-date', /GET \/v1\/bad-date → 200: the body does not match the document: .*createdAt must match format "date-time"/)
  await expect('/v1/bad-id', /id must match format "uuid"/)
  await expect('/v1/teapot', /status 418 is not documented/)
  await expect('/v1/wrong-type', /content type application\/json.* is not documented \(documented: application\/problem\+json\)/)
  await expect('/v1/empty', /the document says no body/)
  await expect('/v1/no-such-route', undefined)
  await expect('/openapi.json', undefined)
})
