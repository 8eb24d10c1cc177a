import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { decodeCursor, encodeCursor } from '../../lib/pagination.js'
import { problemResponses } from '../../lib/problem.js'
import { publicUrls } from '../../lib/public-urls.js'
import { xmlText } from '../../lib/xml-text.js'
import { tagAnswer } from '../../plugins/app/cache-tags.js'
import { createFeedRepository } from '../feeds/repository.js'
import { SITEMAP_ORDER, createSitemapRepository } from './repository.js'
import { sitemapIndexXml, sitemapXml } from './render.js'
import { SITEMAP_MEDIA_TYPE, SITEMAP_RESPONSES, SitemapPageQuery } from './schemas.js'

// Sitemaps for crawlers: an index, the public stories in pages of SITEMAP_PAGE_SIZE (50,000 at
// most, the protocol's limit), each page starting after a keyset cursor the index gives it
// (never an OFFSET), and a Google News sitemap of the last 48 hours. Links follow
// PUBLIC_ARTICLE_URL.

type SitemapSettings = Pick<Config, 'PUBLIC_API_URL' | 'PUBLIC_SITE_URL' | 'PUBLIC_ARTICLE_URL' | 'PUBLICATION_NAME' | 'PUBLICATION_LANGUAGE' | 'SITEMAP_PAGE_SIZE'>

const tags = ['Sitemaps']
// Any story shown, hidden, added or edited can change a sitemap.
const SITEMAP_TAGS = ['list:articles', 'list:articles:updated']

const sitemapRoutes: FastifyPluginAsync<{ config: SitemapSettings }> = async (fastify, { config }) => {
  const sitemaps = createSitemapRepository(fastify.readPool)
  // Google News takes an ISO 639 code (and zh-cn, zh-tw), not a full BCP 47 tag: `en-GB` is `en`.
  const language = config.PUBLICATION_LANGUAGE.toLowerCase()
  const newsLanguage = language === 'zh-cn' || language === 'zh-tw' ? language : language.split('-')[0]!
  const feeds = createFeedRepository(fastify.readPool)

  /** Sends the XML with Last-Modified: its newest entry's change, or the last commit if later. */
  async function send (request: FastifyRequest, reply: FastifyReply, xml: string, newest: Date | null): Promise<FastifyReply> {
    const lastChange = await feeds.lastChangeAt()
    const dates = [newest, lastChange].filter((date): date is Date => date !== null)
    const lastModified = dates.length > 0 ? new Date(Math.max(...dates.map((date) => date.getTime()))) : new Date(0)
    reply.header('last-modified', lastModified.toUTCString())
    tagAnswer(request, reply, () => SITEMAP_TAGS)
    return reply.type(`${SITEMAP_MEDIA_TYPE}; charset=utf-8`).send(xml)
  }
  const newestOf = (dates: Date[]): Date | null => dates.reduce<Date | null>((newest, date) => (newest === null || date > newest ? date : newest), null)

  fastify.get('/sitemaps/index.xml', {
    schema: {
      tags,
      operationId: 'getSitemapIndex',
      summary: 'Sitemap index',
      description: 'Lists the article sitemaps (the first, then one per further SITEMAP_PAGE_SIZE stories, each with the cursor ' +
        'it starts after) and the Google News sitemap. Submit this URL to search engines.',
      response: { 200: SITEMAP_RESPONSES.index, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => {
    const urls = publicUrls(config, request)
    const pages = await sitemaps.pages(config.SITEMAP_PAGE_SIZE)
    const pageUrl = (after: { createdAt: Date, id: string } | null): string => urls.apiPath('/v1/sitemaps/articles.xml') +
      (after ? `?after=${encodeCursor(SITEMAP_ORDER, after.createdAt, after.id)}` : '')
    // An empty archive still has its (empty) first page.
    const items = (pages.length > 0 ? pages : [{ after: null, lastmod: null }]).map((page) => ({
      url: pageUrl(page.after), ...(page.lastmod && { lastmod: page.lastmod.toISOString() })
    }))
    // No lastmod for the news sitemap: it changes as time passes, and this index is kept until a story changes.
    items.push({ url: urls.apiPath('/v1/sitemaps/news.xml') })
    return send(request, reply, await sitemapIndexXml(items), newestOf(pages.map((page) => page.lastmod)))
  })

  fastify.get('/sitemaps/articles.xml', {
    schema: {
      tags,
      operationId: 'getArticleSitemap',
      summary: 'Sitemap of stories',
      description: 'Up to SITEMAP_PAGE_SIZE (50,000) public stories in the order they were created, starting after `after` ' +
        '(from the first story without it). The sitemap index lists every page with its `after`.',
      querystring: SitemapPageQuery,
      response: { 200: SITEMAP_RESPONSES.page, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => {
    const { after } = request.query as { after?: string }
    const start = after === undefined ? undefined : decodeCursor(after, SITEMAP_ORDER)
    const urls = publicUrls(config, request)
    const rows = await sitemaps.page(start as { value: Date, id: string } | undefined, config.SITEMAP_PAGE_SIZE)
    const xml = await sitemapXml(rows.map((row) => ({ url: urls.article(row), lastmod: row.lastmod.toISOString() })))
    return send(request, reply, xml, newestOf(rows.map((row) => row.lastmod)))
  })

  fastify.get('/sitemaps/news.xml', {
    // Stories leave it as time passes, with no change event to drop a kept copy: made afresh each time.
    config: { responseCache: false },
    schema: {
      tags,
      operationId: 'getNewsSitemap',
      summary: 'Google News sitemap',
      description: 'The public stories published in the last 48 hours, newest first (at most 1,000, Google News\'s limit), with ' +
        'the publication\'s name and language (PUBLICATION_NAME, PUBLICATION_LANGUAGE).',
      response: { 200: SITEMAP_RESPONSES.news, ...problemResponses(400, 401) }
    }
  }, async (request, reply) => {
    const urls = publicUrls(config, request)
    const [rows, leftAt] = await Promise.all([sitemaps.news(), sitemaps.newsLeftAt()])
    const xml = await sitemapXml(rows.map((row) => ({
      url: urls.article(row),
      news: {
        publication: { name: xmlText(config.PUBLICATION_NAME) || 'Newsdesk', language: newsLanguage },
        publication_date: row.publishedAt.toISOString(),
        // A title of nothing XML can carry is still a story: named by its slug.
        title: xmlText(row.title).trim() || row.slug
      }
    })), { news: true })
    return send(request, reply, xml, newestOf([...rows.map((row) => row.publishedAt), ...(leftAt ? [leftAt] : [])]))
  })
}

export default sitemapRoutes
