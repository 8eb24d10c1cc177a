import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TSchema } from 'typebox'
import type { Config } from '../../config.js'
import type { Database } from '../../db/client.js'
import { topicListTag } from '../../lib/cache-tags.js'
import { notFound } from '../../lib/problem.js'
import type { PublicUrls } from '../../lib/public-urls.js'
import { IdOrSlugParams } from '../../lib/schema-types.js'
import { findOrRedirect } from '../../lib/slug-redirects.js'
import { visibleTo } from '../../lib/visibility.js'
import type pg from 'pg'
import { articleEntry, quoteEntry, type FeedEntry } from './entries.js'
import type { FeedRepository } from './repository.js'
import { SectionParams } from './schemas.js'

// Every feed is one entry of FEED_SOURCES: what its path names (the subject), and its entries.
// routes.ts serves each in RSS, Atom and JSON Feed, with validators and cache tags.

export interface FeedContext {
  db: Database
  pool: pg.Pool
  feeds: FeedRepository
  config: Pick<Config, 'PUBLICATION_NAME'>
}

/** What a feed is about. */
export interface FeedSubject {
  id: string | null
  name: string
  title: string
  description: string
  /** The feed's path without its format suffix, as addressed now (by slug). */
  path: string
  /** The same by id, which no rename changes: the feed's permanent id. */
  stablePath: string
  /** Cache tags of the subject (its renames and visibility change the feed). */
  tags: string[]
  /** When the subject itself last changed: the feed's date when it has no entry. */
  updatedAt: Date | null
}

export interface FeedSource {
  /** Under /v1, without the format suffix. */
  path: string
  /** Names its operations: get<name>Feed{Rss,Atom,Json}. */
  name: string
  /** The entries are stories, or quotes linking to their stories. */
  kind: 'articles' | 'quotes'
  summary: string
  description: string
  params?: TSchema
  /** Answers 404 when it does not exist for the public, 301 for an old slug (then null: already answered). */
  subject: (context: FeedContext, request: FastifyRequest, reply: FastifyReply) => Promise<FeedSubject | null>
  entries: (context: FeedContext, subject: FeedSubject, limit: number, urls: PublicUrls) => Promise<FeedEntry[]>
}

const idOrSlugOf = (request: FastifyRequest): string => (request.params as { idOrSlug: string }).idOrSlug

export const FEED_SOURCES: FeedSource[] = [
  {
    path: '/feeds/articles',
    name: 'Newest',
    kind: 'articles',
    summary: 'Feed of the newest stories',
    description: 'The newest published stories, newest first.',
    subject: async ({ config }) => ({
      id: null,
      name: config.PUBLICATION_NAME,
      title: config.PUBLICATION_NAME,
      description: 'The newest stories.',
      path: '/v1/feeds/articles',
      stablePath: '/v1/feeds/articles',
      tags: [],
      updatedAt: null
    }),
    entries: async ({ feeds }, _subject, limit, urls) => (await feeds.newest(limit)).map((row) => articleEntry(row, urls))
  },
  {
    path: '/feeds/topics/:idOrSlug',
    name: 'Topic',
    kind: 'articles',
    summary: 'Feed of a topic\'s stories',
    description: 'The newest published stories on the topic. An old slug answers 301 to the current URL; a topic the public cannot see is a 404.',
    params: IdOrSlugParams,
    subject: async ({ db, pool, config }, request, reply) => {
      const topic = await findOrRedirect(request, reply, 'topics', idOrSlugOf(request), 'Topic', async (key) =>
        visibleTo(pool, 'topic', await db.topic.findFirst({ where: key, select: { id: true, slug: true, name: true, description: true, updatedAt: true } }), true))
      return topic && {
        id: topic.id,
        name: topic.name,
        title: `${topic.name} · ${config.PUBLICATION_NAME}`,
        description: topic.description ?? `Stories about ${topic.name}.`,
        path: `/v1/feeds/topics/${topic.slug}`,
        stablePath: `/v1/feeds/topics/${topic.id}`,
        // A story joining or leaving the topic names its list tag (lib/cache-tags.ts).
        tags: [`t:${topic.id}`, topicListTag(topic.id)],
        updatedAt: topic.updatedAt
      }
    },
    entries: async ({ feeds }, subject, limit, urls) => (await feeds.onTopic(subject.id!, limit)).map((row) => articleEntry(row, urls))
  },
  {
    path: '/feeds/authors/:idOrSlug',
    name: 'Author',
    kind: 'articles',
    summary: 'Feed of an author\'s stories',
    description: 'The newest published stories the author wrote or co-wrote. An old slug answers 301 to the current URL; an author the public cannot see is a 404.',
    params: IdOrSlugParams,
    subject: async ({ db, pool, config }, request, reply) => {
      const author = await findOrRedirect(request, reply, 'authors', idOrSlugOf(request), 'Author', async (key) =>
        visibleTo(pool, 'author', await db.author.findFirst({ where: key, select: { id: true, slug: true, name: true, bio: true, updatedAt: true } }), true))
      return author && {
        id: author.id,
        name: author.name,
        title: `${author.name} · ${config.PUBLICATION_NAME}`,
        description: author.bio ?? `Stories by ${author.name}.`,
        path: `/v1/feeds/authors/${author.slug}`,
        stablePath: `/v1/feeds/authors/${author.id}`,
        tags: [`u:${author.id}`],
        updatedAt: author.updatedAt
      }
    },
    entries: async ({ feeds }, subject, limit, urls) => (await feeds.byAuthor(subject.id!, limit)).map((row) => articleEntry(row, urls))
  },
  {
    // The router's own pattern for a parameter before `.rss` is `(.*?)`, whose dot stops at line
    // breaks: a section named with U+2028 (or a newline) had feeds no URL could reach.
    path: '/feeds/sections/:section([\\s\\S]+?)',
    name: 'Section',
    kind: 'articles',
    summary: 'Feed of a section\'s stories',
    description: 'The newest published stories of the section (its name as stories carry it, such as `World`). ' +
      'A section without a published story is a 404.',
    params: SectionParams,
    subject: async ({ feeds, config }, request) => {
      const { section } = request.params as { section: string }
      if (!await feeds.sectionExists(section)) throw notFound(`Section "${section}"`)
      const path = `/v1/feeds/sections/${encodeURIComponent(section)}`
      return { id: null, name: section, title: `${section} · ${config.PUBLICATION_NAME}`, description: `The newest stories in ${section}.`, path, stablePath: path, tags: [], updatedAt: null }
    },
    entries: async ({ feeds }, subject, limit, urls) => (await feeds.inSection(subject.name, limit)).map((row) => articleEntry(row, urls))
  },
  {
    path: '/feeds/speakers/:idOrSlug',
    name: 'Speaker',
    kind: 'quotes',
    summary: 'Feed of a speaker\'s quotes',
    description: 'What the speaker said in published stories, most recently said first; each item links to its story. ' +
      'An old slug answers 301 to the current URL; a speaker the public cannot see is a 404.',
    params: IdOrSlugParams,
    subject: async ({ db, pool, config }, request, reply) => {
      const speaker = await findOrRedirect(request, reply, 'speakers', idOrSlugOf(request), 'Speaker', async (key) =>
        visibleTo(pool, 'speaker', await db.speaker.findFirst({ where: key, select: { id: true, slug: true, name: true, updatedAt: true } }), true))
      return speaker && {
        id: speaker.id,
        name: speaker.name,
        title: `${speaker.name} · ${config.PUBLICATION_NAME}`,
        description: `What ${speaker.name} said, newest first.`,
        path: `/v1/feeds/speakers/${speaker.slug}`,
        stablePath: `/v1/feeds/speakers/${speaker.id}`,
        tags: [`s:${speaker.id}`],
        updatedAt: speaker.updatedAt
      }
    },
    entries: async ({ feeds }, subject, limit, urls) => (await feeds.quotesBy(subject.id!, limit)).map((row) => quoteEntry(row, subject.name, urls))
  }
]
