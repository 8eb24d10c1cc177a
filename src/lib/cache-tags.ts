// Cache tags: what a public answer shows, and what a change can alter. The in-process
// response cache, the Surrogate-Key / Cache-Tag headers and the CDN purge hook all use them.
//
// An answer carries a tag for every resource it embeds (a:<article>, q:<quote>, t:<topic>,
// s:<speaker>, u:<author>; ar:<article> where it names a story only by its id, as a quote does) and,
// when it is a list or an aggregate, a tag for the whole kind of list
// (list:articles, list:quotes, list:topics, list:speakers, list:authors, search, counts). An article
// list filtered by topics (a topic's page, `?topic=`, `?allTopics=`, a topic's feed) also carries
// list:topic:<id> for each topic it filters by. A change event names the tags of every answer
// that could show it, before or after: the resource itself, the resources it is shown inside,
// and every list whose membership, order or totals it can move. Answers of routes this file does
// not know carry `any`, which every change names.

import { UUID } from './uuid.js'

export const ANY = 'any'

/**
 * The tag of every article list answer filtered by this topic: a story joining or leaving the
 * topic moves those lists alone (a retag names it instead of list:articles, every list).
 */
export const topicListTag = (topicId: string): string => `list:topic:${topicId}`

export interface TagSet { tags: Set<string>, /** nothing finer is known: drop everything */ all: boolean }

// Nested keys of the DTOs and the resource they hold.
const NESTED: Record<string, string> = { topics: 't', quotes: 'q', speaker: 's', speakers: 's', authors: 'u', article: 'a', articles: 'a' }
// An `articleId` shows nothing of the story that an edit in place can change: only its being
// public (a quote of a hidden story is hidden), which `ar:` follows (see addEventTags).
const ID_FIELDS: Record<string, string> = { articleId: 'ar', speakerId: 's' }

/** Adds the tags of every resource with an id inside `value`, an object of kind `prefix`. */
function walk (value: unknown, prefix: string | undefined, tags: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, prefix, tags)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [key, field] of Object.entries(value)) {
    if (key === 'id' && prefix && typeof field === 'string' && UUID.test(field)) tags.add(`${prefix}:${field}`)
    else if (ID_FIELDS[key] && typeof field === 'string' && UUID.test(field)) tags.add(`${ID_FIELDS[key]}:${field}`)
    else if (key === 'topicIds' && Array.isArray(field)) for (const id of field) { if (typeof id === 'string') tags.add(`t:${id}`) }
    else if (typeof field === 'object' && field !== null) walk(field, NESTED[key] ?? (key === 'data' ? prefix : undefined), tags)
  }
}

interface Route { kind: string, lists: string[] }

const NAMED_PREFIX: Record<string, string> = { topic: 't', speaker: 's', author: 'u' }

// The top-level resource and list tags of each public route (Fastify route URLs).
const ROUTES: Record<string, Route> = {
  '/v1/articles': { kind: 'a', lists: ['list:articles'] },
  '/v1/topics/:idOrSlug/articles': { kind: 'a', lists: ['list:articles'] },
  '/v1/authors/:idOrSlug/articles': { kind: 'a', lists: ['list:articles'] },
  '/v1/articles/:idOrSlug': { kind: 'a', lists: [] },
  '/v1/quotes': { kind: 'q', lists: ['list:quotes'] },
  '/v1/articles/:idOrSlug/quotes': { kind: 'q', lists: ['list:quotes'] },
  '/v1/topics/:idOrSlug/quotes': { kind: 'q', lists: ['list:quotes'] },
  '/v1/speakers/:idOrSlug/quotes': { kind: 'q', lists: ['list:quotes'] },
  '/v1/quotes/:id': { kind: 'q', lists: [] },
  '/v1/topics': { kind: 't', lists: ['list:topics'] },
  '/v1/topics/:idOrSlug': { kind: 't', lists: [] },
  '/v1/speakers': { kind: 's', lists: ['list:speakers'] },
  '/v1/speakers/:idOrSlug': { kind: 's', lists: [] },
  '/v1/authors': { kind: 'u', lists: ['list:authors'] },
  '/v1/authors/:idOrSlug': { kind: 'u', lists: [] },
  '/v1/search': { kind: 'search', lists: ['search'] },
  // Related stories: any story published, retagged or reworded can join or leave them ('search'
  // is named by every article and quote change, 'list:articles' by every change of membership).
  '/v1/articles/:idOrSlug/related': { kind: 'a', lists: ['list:articles', 'search'] },
  // Trending moves with any story or quote shown or hidden ('counts'), and with the clock
  // (these answers also expire after a minute; see src/modules/discovery/routes.ts).
  '/v1/topics/trending': { kind: 't', lists: ['list:topics', 'counts'] },
  '/v1/speakers/trending': { kind: 's', lists: ['list:speakers', 'counts'] },
  // Corrections are shown with their story (article tags) and change only through article events.
  '/v1/corrections': { kind: 'c', lists: ['list:corrections'] },
  '/v1/corrections/:id': { kind: 'c', lists: ['list:corrections'] }
}

/**
 * The tags of one public answer: `route` is the Fastify route URL, `query` the parsed query
 * string, `payload` the body before serialisation, `topicFilter` the ids of the topics a list
 * is filtered by (its handler resolved them). The list tags come first (see headerTags).
 */
export function answerTags (route: string | undefined, query: unknown, payload: unknown, topicFilter: readonly string[] = []): string[] {
  const known = route ? ROUTES[route] : undefined
  if (!known) return [ANY]
  const tags = new Set<string>(listTags(known, query, topicFilter))
  walk(payload, known.kind === 'search' ? undefined : known.kind, tags)
  return [...tags]
}

/**
 * answerTags of an answer written as JSON text (lib/json-text.ts), whose resources' tags
 * `resourceTags` gives in the order answerTags would find them in its payload.
 */
export function textAnswerTags (route: string | undefined, query: unknown, resourceTags: Iterable<string>, topicFilter: readonly string[] = []): string[] {
  const known = route ? ROUTES[route] : undefined
  if (!known) return [ANY]
  const tags = new Set<string>(listTags(known, query, topicFilter))
  for (const tag of resourceTags) tags.add(tag)
  return [...tags]
}

/** The list tags of an answer of `route` for this query string, filtered by these topics. */
function listTags (route: Route, query: unknown, topicFilter: readonly string[]): string[] {
  const params = (query ?? {}) as Record<string, unknown>
  const lists = [...route.lists]
  for (const topicId of topicFilter) lists.push(topicListTag(topicId))
  // Counts (topics, speakers) move with any story or quote shown or hidden anywhere.
  if (String(params.include ?? '').split(',').includes('counts')) lists.push('counts')
  // Sorting by update time: any edit reorders; by title: a new headline does.
  if (route.kind === 'a' && route.lists.length > 0 && String(params.sort ?? '').includes('updatedAt')) lists.push('list:articles:updated')
  if (route.kind === 'a' && route.lists.length > 0 && String(params.sort ?? '').includes('title')) lists.push('list:articles:title')
  return lists
}

// Article fields that no list filters or sorts by, and that no other resource shows: an edit
// to these alone changes only the answers that embed the story (tagged a:<id>) and search.
// A correction (migration 013) is an `updated` article event with changed ["corrections"].
const ARTICLE_DETAIL_FIELDS = new Set(['externalId', 'summary', 'body', 'byline', 'sourceUrl', 'corrections'])
// A new headline ('title') moves no story in or out of a list and reorders only lists sorted by
// title (list:articles:title); every other answer that shows it embeds the story (a:<id>) or is
// search (which related stories also name). Editors retitle all day: this keeps lists cached.
// Quote fields that change no article list (they filter by speaker, through quotes).
const QUOTE_DETAIL_FIELDS = new Set(['text', 'speakerRole', 'speakerOrganization', 'speakerDescription', 'position', 'saidAt', 'context'])

/** What invalidation needs of a change event (a change_events row). */
export interface ChangeForTags {
  kind: string
  resource: string
  resourceId: string
  publicBefore: boolean
  publicAfter: boolean
  articleId: string | null
  speakerId: string | null
  speakerBefore: string | null
  topicIds: string[]
  topicsBefore: string[]
  changed: string[]
}

/** Adds the tags of every public answer that could show `event`, before or after it. */
export function addEventTags (event: ChangeForTags, into: TagSet): void {
  // Neither before nor after could the public see it: no public answer showed it.
  if (!event.publicBefore && !event.publicAfter) return
  const tags = into.tags
  tags.add(ANY)
  switch (event.resource) {
    case 'article': {
      // The corrections record shows each story's title and only public stories' corrections.
      tags.add(`a:${event.resourceId}`).add('search').add('list:articles:updated').add('list:corrections')
      if (event.changed.includes('title')) tags.add('list:articles:title')
      const inPlace = event.kind === 'updated' && event.changed.every((field) => ARTICLE_DETAIL_FIELDS.has(field) || field === 'title')
      if (inPlace) return
      // A retag of a story that stays public: it joins or leaves the lists filtered by the topics
      // it joined or left (list:topic:<id>), and moves topic counts and trending ('counts').
      // Quote lists filter by each quote's own topics, which a retag does not touch; a topic
      // that becomes visible or hidden has its own event (migration 010); related stories and
      // facets are 'search', lists sorted by update time 'list:articles:updated' (named above).
      const retag = event.kind === 'updated' && event.changed.every((field) => ARTICLE_DETAIL_FIELDS.has(field) || field === 'title' || field === 'topics')
      if (retag) {
        tags.add('counts')
        for (const id of [...event.topicIds, ...event.topicsBefore]) tags.add(topicListTag(id))
        return
      }
      // Answers naming the story only by id (its quotes) change when it appears, goes or moves; not when it is reworded or retagged.
      tags.add(`ar:${event.resourceId}`).add('list:articles').add('list:quotes').add('counts')
      for (const id of [...event.topicIds, ...event.topicsBefore]) tags.add(`t:${id}`)
      return
    }
    case 'quote': {
      // A quote moved to another story: the story it left is not named anywhere.
      if (event.changed.includes('article')) into.all = true
      tags.add(`q:${event.resourceId}`).add('list:quotes').add('search').add('counts').add('list:articles:updated')
      if (event.articleId) tags.add(`a:${event.articleId}`)
      if (event.speakerId) tags.add(`s:${event.speakerId}`)
      if (event.speakerBefore) tags.add(`s:${event.speakerBefore}`)
      const detailOnly = event.kind === 'updated' && event.changed.length > 0 && event.changed.every((field) => QUOTE_DETAIL_FIELDS.has(field))
      if (!detailOnly) tags.add('list:articles')
      return
    }
    case 'topic':
    case 'speaker':
    case 'author': {
      // Names, slugs and visibility filter and label article and quote lists and search.
      const prefix = NAMED_PREFIX[event.resource]!
      tags.add(`${prefix}:${event.resourceId}`).add(`list:${event.resource}s`)
        .add('list:articles').add('list:articles:updated').add('list:quotes').add('search').add('counts')
      return
    }
    default:
      into.all = true
  }
}

/** The tags of a batch of events. */
export function eventTags (events: Iterable<ChangeForTags>): TagSet {
  const set: TagSet = { tags: new Set(), all: false }
  for (const event of events) addEventTags(event, set)
  return set
}

/** Longest Surrogate-Key / Cache-Tag value sent (Fastly and Cloudflare both take 16 KB; stay well under). */
export const MAX_TAG_HEADER_CHARS = 4000

/**
 * The tags as sent to a CDN: all of them when they fit in MAX_TAG_HEADER_CHARS; otherwise
 * the answer's list tags and `any` (every change purges `any`), so a page too big to name
 * its items is still purged by every change that could alter it.
 */
export function headerTags (tags: string[]): string[] {
  let length = 0
  for (const tag of tags) length += tag.length + 1
  if (length <= MAX_TAG_HEADER_CHARS) return tags
  const broad = tags.filter((tag) => !tag.includes(':') || tag.startsWith('list:'))
  return broad.includes(ANY) ? broad : [...broad, ANY]
}
