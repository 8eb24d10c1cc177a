import { STATUS_CODES } from 'node:http'
// Hand-written examples for the OpenAPI document, all from one story (the sample NATO press
// conference in prisma/seed), so the article, its quote, speaker and topics refer to each other.
// Plain data that imports none of our modules: every schema file can use it without an import cycle.

const ids = {
  article: '0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70',
  quote: '5d6c1f0e-2b3a-4c5d-8e9f-0a1b2c3d4e5f',
  speaker: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  nato: '3f6b2a10-5c1d-4e8f-9a7b-1c2d3e4f5a6b',
  afghanistan: '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
  author: '2e4a6c8d-0f1b-4d3e-8a5c-7e9f1a3b5c7d'
}
const PUBLISHED = '2021-10-21T14:05:00.000Z'
const CREATED = '2021-10-21T13:48:12.000Z'
const TITLE = 'Allies have the capabilities to strike from afar against terrorist threats: NATO'
const SLUG = 'allies-have-the-capabilities-to-strike-from-afar-against-terrorist-threats-nato'
const QUOTE_TEXT = 'Our mission was not in vain.'

export const TOPIC_SUMMARY_EXAMPLE = { id: ids.nato, slug: 'nato', name: 'NATO' }
export const TOPIC_EXAMPLE = {
  ...TOPIC_SUMMARY_EXAMPLE,
  description: 'The North Atlantic Treaty Organization, its members and its missions.',
  aliases: ['North Atlantic Treaty Organization', 'OTAN'],
  createdAt: CREATED,
  updatedAt: CREATED,
  version: 1
}
export const TOPIC_CREATE_EXAMPLE = { name: 'NATO', description: TOPIC_EXAMPLE.description, aliases: TOPIC_EXAMPLE.aliases }
export const TOPIC_UPDATE_EXAMPLE = { aliases: ['North Atlantic Treaty Organization', 'OTAN', 'the Alliance'] }

export const SPEAKER_SUMMARY_EXAMPLE = { id: ids.speaker, slug: 'jens-stoltenberg', name: 'Jens Stoltenberg', kind: 'person', role: 'Secretary General', organization: 'NATO' }
export const SPEAKER_EXAMPLE = { ...SPEAKER_SUMMARY_EXAMPLE, createdAt: CREATED, updatedAt: CREATED, version: 1 }
/** As `include=roles` answers it: the roles the speaker was quoted in, most recent first. */
export const SPEAKER_WITH_ROLES_EXAMPLE = {
  ...SPEAKER_EXAMPLE,
  roles: [
    { role: 'Secretary General', organization: 'NATO', firstSeen: '2014-10-01T09:00:00.000Z', lastSeen: PUBLISHED, quoteCount: 42 },
    { role: 'Prime Minister', organization: 'Norway', firstSeen: '2005-10-17T12:00:00.000Z', lastSeen: '2013-10-14T08:30:00.000Z', quoteCount: 7 }
  ]
}
export const SPEAKER_CREATE_EXAMPLE = { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' }
export const SPEAKER_UPDATE_EXAMPLE = { role: 'Former Secretary General' }

export const AUTHOR_SUMMARY_EXAMPLE = { id: ids.author, slug: 'ingrid-halvorsen', name: 'Ingrid Halvorsen', role: 'Brussels correspondent' }
export const AUTHOR_EXAMPLE = {
  ...AUTHOR_SUMMARY_EXAMPLE,
  bio: 'Covers NATO and the European Union from Brussels.',
  url: 'https://example.org/staff/ingrid-halvorsen',
  avatarUrl: 'https://example.org/staff/ingrid-halvorsen.jpg',
  createdAt: CREATED,
  updatedAt: CREATED,
  version: 1
}
export const AUTHOR_CREATE_EXAMPLE = { name: 'Ingrid Halvorsen', role: 'Brussels correspondent', bio: AUTHOR_EXAMPLE.bio, url: AUTHOR_EXAMPLE.url }
export const AUTHOR_UPDATE_EXAMPLE = { role: 'Defence editor' }

export const ARTICLE_SUMMARY_EXAMPLE = { id: ids.article, slug: SLUG, title: TITLE, status: 'published', publishedAt: PUBLISHED }

export const QUOTE_EXAMPLE = {
  id: ids.quote,
  text: QUOTE_TEXT,
  length: QUOTE_TEXT.length,
  speakerId: ids.speaker,
  speakerRole: 'Secretary General',
  speakerOrganization: 'NATO',
  speakerDescription: null,
  articleId: ids.article,
  position: 3,
  saidAt: PUBLISHED,
  context: 'On the lessons of the withdrawal from Afghanistan.',
  createdAt: CREATED,
  updatedAt: CREATED,
  version: 1
}
export const QUOTE_WITH_SPEAKER_EXAMPLE = { ...QUOTE_EXAMPLE, speaker: SPEAKER_SUMMARY_EXAMPLE }
/** A quote from an unnamed source: no speaker, a description and the organisation they speak for. */
export const UNNAMED_QUOTE_EXAMPLE = {
  ...QUOTE_EXAMPLE,
  id: '6e7d2a1f-3c4b-4d5e-9f0a-1b2c3d4e5f60',
  text: 'Allies were informed in advance.',
  length: 'Allies were informed in advance.'.length,
  speakerId: null,
  speakerRole: null,
  speakerOrganization: 'NATO',
  speakerDescription: 'a NATO official',
  position: 4,
  context: 'A NATO official, speaking on condition of anonymity, said …'
}
export const QUOTE_CREATE_EXAMPLE = {
  text: QUOTE_TEXT,
  speaker: { slug: 'jens-stoltenberg' },
  article: SLUG,
  context: QUOTE_EXAMPLE.context,
  topics: [{ slug: 'afghanistan' }]
}
export const QUOTE_UPDATE_EXAMPLE = { context: 'At the press conference before the defence ministers\' meeting.' }
export const UNNAMED_QUOTE_CREATE_EXAMPLE = {
  text: UNNAMED_QUOTE_EXAMPLE.text, speaker: null, speakerDescription: 'a NATO official', speakerOrganization: 'NATO', article: SLUG
}

export const ARTICLE_EXAMPLE = {
  id: ids.article,
  slug: SLUG,
  externalId: 'wire-2021-10-21-0412',
  title: TITLE,
  summary: 'Stoltenberg says allies will discuss the lessons of Afghanistan at the defence ministers\' meeting in Brussels.',
  body: [
    'NATO Secretary General Jens Stoltenberg said on Thursday allies will discuss Afghanistan during Friday\'s defence ministers meeting.',
    '"Our mission was not in vain," Stoltenberg said.'
  ],
  section: 'World',
  byline: 'By Ingrid Halvorsen in Brussels',
  sourceUrl: `https://example.org/news/2021/10/21/${SLUG}`,
  status: 'published',
  publishedAt: PUBLISHED,
  createdAt: CREATED,
  updatedAt: PUBLISHED,
  version: 3
}
/** As a create answers it: with its topics and quotes embedded. */
export const ARTICLE_WITH_RELATIONS_EXAMPLE = {
  ...ARTICLE_EXAMPLE,
  topics: [TOPIC_SUMMARY_EXAMPLE, { id: ids.afghanistan, slug: 'afghanistan', name: 'Afghanistan' }],
  quotes: [QUOTE_WITH_SPEAKER_EXAMPLE],
  authors: [AUTHOR_SUMMARY_EXAMPLE]
}
export const ARTICLE_CREATE_EXAMPLE = {
  title: TITLE,
  externalId: ARTICLE_EXAMPLE.externalId,
  summary: ARTICLE_EXAMPLE.summary,
  body: ARTICLE_EXAMPLE.body,
  section: 'World',
  byline: 'By Ingrid Halvorsen in Brussels',
  sourceUrl: ARTICLE_EXAMPLE.sourceUrl,
  status: 'published',
  publishedAt: PUBLISHED,
  topics: [{ slug: 'nato' }, { name: 'Afghanistan' }],
  authors: [{ name: 'Ingrid Halvorsen', role: 'Brussels correspondent' }],
  quotes: [{
    text: QUOTE_TEXT,
    speaker: { name: 'Jens Stoltenberg', role: 'Secretary General', organization: 'NATO' },
    context: QUOTE_EXAMPLE.context
  }]
}
export const ARTICLE_UPDATE_EXAMPLE = { summary: 'Allies will review the Afghanistan mission at Friday\'s meeting in Brussels.', topics: [{ slug: 'nato' }, { slug: 'afghanistan' }] }

/** A page of one item, with the cursor the API would issue after it (sort key, value, id). */
export const page = <T extends { id: string }>(item: T, sort: string, value: string) => ({
  data: [item],
  nextCursor: Buffer.from(JSON.stringify([sort, value, item.id])).toString('base64url')
})

export const CHANGE_EVENT_EXAMPLE = {
  position: '1042.88310',
  kind: 'published',
  resource: 'article',
  resourceId: ids.article,
  slug: SLUG,
  version: 3,
  occurredAt: PUBLISHED,
  tombstone: false,
  changed: ['status'],
  articleId: null,
  speakerId: null,
  section: 'World',
  topicIds: [ids.nato, ids.afghanistan]
}
export const CHANGE_PAGE_EXAMPLE = { data: [CHANGE_EVENT_EXAMPLE], nextCursor: CHANGE_EVENT_EXAMPLE.position }
export const CHANGE_STREAM_EXAMPLE = `id: ${CHANGE_EVENT_EXAMPLE.position}\nevent: change\ndata: ${JSON.stringify(CHANGE_EVENT_EXAMPLE)}\n\n`

/**
 * Values for path parameters, so every request sample and "Test request" names a real item:
 * the sample story, its topic and speaker (in the sample content), and the ids the keys and
 * webhooks examples use.
 */
export const PATH_PARAMETER_EXAMPLES: Array<{ path: RegExp, name: string, value: string }> = [
  { path: /^\/v1\/articles\//, name: 'idOrSlug', value: SLUG },
  { path: /^\/v1\/topics\//, name: 'idOrSlug', value: 'nato' },
  { path: /^\/v1\/speakers\//, name: 'idOrSlug', value: 'jens-stoltenberg' },
  { path: /^\/v1\/authors\//, name: 'idOrSlug', value: 'ingrid-halvorsen' },
  { path: /^\/v1\/quotes\//, name: 'id', value: ids.quote },
  { path: /^\/v1\/feeds\/topics\//, name: 'idOrSlug', value: 'nato' },
  { path: /^\/v1\/feeds\/speakers\//, name: 'idOrSlug', value: 'jens-stoltenberg' },
  { path: /^\/v1\/feeds\/authors\//, name: 'idOrSlug', value: AUTHOR_EXAMPLE.slug },
  { path: /^\/v1\/feeds\/sections\//, name: 'section', value: 'World' },
  { path: /^\/v1\/articles\//, name: 'revision', value: '1' },
  { path: /^\/v1\/corrections\//, name: 'id', value: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b' },
  { path: /^\/v1\/keys\//, name: 'id', value: '2c4e6a8b-1d3f-4a5b-9c7d-8e0f1a2b3c4d' },
  { path: /^\/v1\/webhooks\//, name: 'id', value: 'c1a2b3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
  { path: /^\/v1\/webhooks\//, name: 'deliveryId', value: 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70' }
]

/** Values for required query parameters. */
export const QUERY_PARAMETER_EXAMPLES: Record<string, string> = { q: 'stoltenberg afghanistan' }

// Problem details exactly as the API writes them (src/plugins/app/problem-details.ts): the
// type is `about:blank`, RFC 9457's type for "the status code says it all", and the title is
// the status's reason phrase. test/openapi/examples.test.ts sends the requests these describe
// and compares the answers with these examples.
export const PROBLEM_TYPE = 'about:blank'

type FieldError = { in: 'body' | 'query' | 'params' | 'headers', pointer: string, detail: string }
export interface ProblemExample {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  errors?: FieldError[]
}

/** A problem as the API answers it at `instance`. */
export function problemExample (status: number, detail: string, instance: string, errors?: FieldError[]): ProblemExample {
  return { type: PROBLEM_TYPE, title: STATUS_CODES[status] ?? 'Error', status, detail, instance, ...(errors && { errors }) }
}

/** One field's validation failure, worded as Ajv words it and the error handler reports it. */
export function validationProblem (instance: string, error: FieldError): ProblemExample {
  return problemExample(400, `${error.in}${error.pointer} ${error.detail}`, instance, [error])
}

/** The detail of each problem whose wording does not depend on the operation. */
export const PROBLEM_DETAILS = {
  keyRequired: 'This operation needs an API key: send `Authorization: Bearer <key>`.',
  badKey: 'The API key is missing, malformed, unknown or revoked.',
  keyInQuery: (param: string) => `API keys are not accepted in the query string (\`${param}\`): send \`Authorization: Bearer <key>\` instead, and revoke a key that has been in a URL, since URLs are logged and shared.`,
  keyInPath: 'API keys are not accepted in the URL: send `Authorization: Bearer <key>` instead (a key is addressed by its id), and revoke a key that has been in a URL, since URLs are logged and shared.',
  scope: (scope: string) => `This operation needs an API key with the "${scope}" scope.`,
  notFound: (what: string) => `${what} was not found.`,
  noRoute: (method: string, path: string) => `No route for ${method} ${path}.`,
  statusFilter: 'Filtering by `status` needs an API key with the "content:read-drafts" scope; public lists show published articles only.',
  slugTaken: (slug: string, resource: string) => `The slug "${slug}" is already used by another item of ${resource}.`,
  speakerHasQuotes: (count: number) => `The speaker still has ${count} quote(s); delete or reassign them first.`,
  uniqueTaken: 'An item with that unique value already exists.',
  topicMissing: (slug: string) => `Topic "${slug}" does not exist; give its name to create it.`,
  articleMissing: (slug: string) => `Article "${slug}" does not exist.`,
  noArticleFound: 'No article found: it needs a headline followed by at least one paragraph of prose.',
  staleEtag: (etag: string) => `The item changed since you read it (current ETag ${etag}); fetch it again and retry.`,
  bodyTooLarge: 'Request body is too large',
  unsupportedType: 'Unsupported Media Type',
  uriTooLong: 'A path segment is longer than this API accepts.',
  headersTooLarge: 'The request line and headers are larger than this server accepts (16 KB in all): shorten the URL or the headers.',
  unstorableValue: 'A value in the request cannot be stored or looked up (for example a NUL character, or a number or date out of range).',
  rateLimited: 'Too many requests: the limit is 300 per 60 s; retry in 42 seconds.',
  unexpected: 'An unexpected error occurred; it has been logged.',
  databaseUnavailable: 'The database is unavailable right now; retry shortly.',
  revisionAuthorGone: (slug: string) => `Author "${slug}" was deleted since this revision; restore is not possible as it was. Create the author again or edit the article instead.`,
  revisionTopicGone: (slug: string) => `Topic "${slug}" was deleted since this revision; restore is not possible as it was. Create the topic again or edit the article instead.`,
  notACorrectionOfThis: 'Correction "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b" is not a correction of this article.',
  correctionSuperseded: 'Correction "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b" is already superseded by "f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b6c"; supersede that one instead.'
}

/** The sample story's current ETag, as `If-Match` and 412 examples show it. */
export const ARTICLE_ETAG_EXAMPLE = `"${ids.article}.${3}"`

// Revisions and corrections (src/modules/revisions, src/modules/corrections).
const ACTOR_KEY = '2c4e6a8b-1d3f-4a5b-9c7d-8e0f1a2b3c4d'
export const REVISION_SUMMARY_EXAMPLE = {
  id: '6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b',
  number: 3,
  version: 3,
  createdAt: PUBLISHED,
  actor: 'api',
  actorKeyId: ACTOR_KEY,
  changed: ['status', 'publishedAt']
}
export const REVISION_EXAMPLE = { ...REVISION_SUMMARY_EXAMPLE, article: ARTICLE_WITH_RELATIONS_EXAMPLE }
export const REVISION_DIFF_EXAMPLE = {
  from: { number: 1, version: 1 },
  to: { number: 3, version: 3 },
  changes: [
    {
      field: 'title',
      from: 'Allies can strike from afar: NATO',
      to: TITLE,
      words: [
        { op: 'equal', text: 'Allies ' },
        { op: 'removed', text: 'can' },
        { op: 'added', text: 'have the capabilities to' },
        { op: 'equal', text: ' strike from afar' },
        { op: 'added', text: ' against terrorist threats' },
        { op: 'equal', text: ': NATO' }
      ]
    },
    { field: 'status', from: 'draft', to: 'published' },
    { field: 'topics', from: [TOPIC_SUMMARY_EXAMPLE], to: ARTICLE_WITH_RELATIONS_EXAMPLE.topics, added: [ARTICLE_WITH_RELATIONS_EXAMPLE.topics[1]], removed: [] }
  ]
}
export const CORRECTION_CREATE_EXAMPLE = {
  kind: 'correction',
  text: 'An earlier version of this story said the ministers would meet on Thursday. They meet on Friday.'
}
export const CORRECTION_EXAMPLE = {
  id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
  articleId: ids.article,
  ...CORRECTION_CREATE_EXAMPLE,
  supersedes: null,
  supersededBy: null,
  createdAt: '2021-10-21T16:30:00.000Z'
}
export const CORRECTION_WITH_ARTICLE_EXAMPLE = { ...CORRECTION_EXAMPLE, article: ARTICLE_SUMMARY_EXAMPLE }
