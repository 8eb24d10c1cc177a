import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import { problemResponses } from '../../lib/problem.js'
import { publicUrls } from '../../lib/public-urls.js'
import { MovedResponse } from '../../lib/slug-redirects.js'
import { tagAnswer } from '../../plugins/app/cache-tags.js'
import { FEED_ENRICHERS } from './entries.js'
import { FEED_FORMATS, FEED_MEDIA_TYPES, renderFeed, type FeedFormat } from './render.js'
import { createFeedRepository } from './repository.js'
import { feedResponse } from './schemas.js'
import { FEED_SOURCES, type FeedContext } from './sources.js'

// Each feed of FEED_SOURCES in three formats, told apart by the path's suffix (`.rss`,
// `.atom`, `.json`), as feed readers and sites expect: a reader subscribes to a URL and often
// sends no useful Accept header. Always the public's view, whoever asks.

type FeedSettings = Pick<Config, 'PUBLIC_API_URL' | 'PUBLIC_SITE_URL' | 'PUBLIC_ARTICLE_URL' | 'PUBLICATION_NAME' | 'PUBLICATION_LANGUAGE' | 'FEED_MAX_ITEMS'>

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'Rss', atom: 'Atom', json: 'Json' }
const FORMAT_TITLES: Record<FeedFormat, string> = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' }
const EPOCH = new Date(0)

const feedRoutes: FastifyPluginAsync<{ config: FeedSettings }> = async (fastify, { config }) => {
  const feeds = createFeedRepository(fastify.readPool)
  const context: FeedContext = { db: fastify.db, pool: fastify.readPool, feeds, config }

  for (const source of FEED_SOURCES) {
    for (const format of FEED_FORMATS) {
      fastify.get(`${source.path}.${format}`, {
        schema: {
          tags: ['Feeds'],
          operationId: `get${source.name}Feed${FORMAT_NAMES[format]}`,
          summary: `${source.summary} (${FORMAT_TITLES[format]})`,
          description: `${source.description} At most FEED_MAX_ITEMS (50) entries; links follow PUBLIC_ARTICLE_URL. ` +
            'Only published stories, whoever asks. `ETag` and `Last-Modified` are answered with 304 (`If-None-Match`, `If-Modified-Since`).',
          ...(source.params && { params: source.params }),
          response: {
            200: feedResponse(source.kind, format),
            ...(source.params && source.path.includes(':idOrSlug') && MovedResponse),
            ...problemResponses(...(source.params ? [400, 401, 404] : [400, 401]))
          }
        }
      }, async (request, reply) => {
        const subject = await source.subject(context, request, reply)
        if (!subject) return reply
        const urls = publicUrls(config, request)
        const [entries, lastChange] = await Promise.all([source.entries(context, subject, config.FEED_MAX_ITEMS, urls), feeds.lastChangeAt()])
        for (const enrich of FEED_ENRICHERS) await enrich(fastify.readPool, entries)
        const updated = entries.reduce<Date | null>((newest, entry) => (newest === null || entry.updated > newest ? entry.updated : newest), null) ??
          subject.updatedAt ?? EPOCH
        const self = Object.fromEntries(FEED_FORMATS.map((other) => [other, urls.apiPath(`${subject.path}.${other}`)])) as Record<FeedFormat, string>
        const body = renderFeed(format, {
          id: urls.apiPath(`${subject.stablePath}.atom`),
          title: subject.title,
          description: subject.description,
          link: urls.site,
          self,
          language: config.PUBLICATION_LANGUAGE,
          publisher: { name: config.PUBLICATION_NAME, link: urls.site },
          updated
        }, entries)
        // Nothing in the feed changed after the last commit, nor after its newest entry's date
        // (a scheduled story appears at its time, with no commit): so If-Modified-Since holds.
        const lastModified = lastChange !== null && lastChange > updated ? lastChange : updated
        reply.header('last-modified', lastModified.toUTCString())
        tagAnswer(request, reply, () => [
          ...(source.kind === 'articles' ? ['list:articles'] : []),
          ...subject.tags,
          ...new Set(entries.map((entry) => `a:${entry.articleId}`))
        ])
        return reply.type(`${FEED_MEDIA_TYPES[format]}; charset=utf-8`).send(body)
      })
    }
  }
}

export default feedRoutes
