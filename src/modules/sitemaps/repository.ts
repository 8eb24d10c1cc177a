import type pg from 'pg'
import { keysetSql, type Sort } from '../../lib/pagination.js'
import type { LinkedArticle } from '../../lib/public-urls.js'
import { prepared } from '../../lib/sql.js'
import { publicArticlesCondition } from '../articles/repository.js'

// The reads behind the sitemaps: public stories only. Article sitemaps list stories in the
// order they were created, so a new story lands on the last page and older pages stay put;
// a page starts after the key (created_at, id) of the last story of the page before it.

export const SITEMAP_ORDER: Sort = { key: 'createdAt', column: 'createdAt', type: 'date', nullable: false, direction: 'asc' }

export interface SitemapRow extends LinkedArticle { lastmod: Date }
export interface NewsRow extends LinkedArticle { title: string, publishedAt: Date }
/** One article sitemap: the key its first story comes after (null for the first), and its newest change. */
export interface SitemapPage { after: { createdAt: Date, id: string } | null, lastmod: Date }

/** Google News takes the stories of the last two days, at most 1,000 in one sitemap. */
export const NEWS_WINDOW_HOURS = 48
export const NEWS_MAX_URLS = 1000

const LINK_COLUMNS = 'a.id, a.slug, a.section, a.published_at AS "publishedAt"'
// A scheduled story changes (appears) at its publication time, after its last edit.
const LASTMOD = 'greatest(a.updated_at, a.published_at)'

export function createSitemapRepository (pool: pg.Pool) {
  return {
    /**
     * The pages of `size` stories: one pass over the public stories in sitemap order, each
     * page's first key being the key of the last story of the page before.
     */
    async pages (size: number): Promise<SitemapPage[]> {
      const { rows } = await pool.query<{ afterCreatedAt: Date | null, afterId: string | null, lastmod: Date }>(prepared(
        `WITH numbered AS (
           SELECT a.id, a.created_at, ${LASTMOD} AS lastmod, row_number() OVER (ORDER BY a.created_at, a.id) AS n
             FROM articles a WHERE ${publicArticlesCondition('a')})
         SELECT last.created_at AS "afterCreatedAt", last.id AS "afterId", page.lastmod
           FROM (SELECT (n - 1) / $1 AS number, max(lastmod) AS lastmod FROM numbered GROUP BY 1) page
           LEFT JOIN numbered last ON last.n = page.number * $1
          ORDER BY page.number`, [size]))
      return rows.map((row) => ({
        after: row.afterCreatedAt && row.afterId ? { createdAt: row.afterCreatedAt, id: row.afterId } : null,
        lastmod: row.lastmod
      }))
    },

    /** Up to `size` stories after the key `after` (from the first without one), in sitemap order. */
    async page (after: { value: Date, id: string } | undefined, size: number): Promise<SitemapRow[]> {
      const values: unknown[] = []
      const param = (value: unknown): string => `$${values.push(value)}`
      const keyset = keysetSql(SITEMAP_ORDER, after, 'a.created_at', 'a.id', param)
      const where = [publicArticlesCondition('a'), keyset.after].filter(Boolean).join(' AND ')
      const { rows } = await pool.query<SitemapRow>(prepared(
        `SELECT ${LINK_COLUMNS}, ${LASTMOD} AS lastmod FROM articles a WHERE ${where} ORDER BY ${keyset.orderBy} LIMIT ${param(size)}`, values))
      return rows
    },

    /** The stories published in the last NEWS_WINDOW_HOURS, newest first. */
    async news (): Promise<NewsRow[]> {
      const { rows } = await pool.query<NewsRow>(prepared(
        `SELECT ${LINK_COLUMNS}, a.title FROM articles a
          WHERE ${publicArticlesCondition('a')} AND a.published_at >= now() - make_interval(hours => $1)
          ORDER BY a.published_at DESC, a.id DESC LIMIT $2`, [NEWS_WINDOW_HOURS, NEWS_MAX_URLS]))
      return rows
    },

    /** When the last story to leave the news window left it (its publication time + the window): the news sitemap changed then too. */
    async newsLeftAt (): Promise<Date | null> {
      const { rows } = await pool.query<{ at: Date | null }>(prepared(
        `SELECT max(a.published_at) + make_interval(hours => $1) AS at FROM articles a
          WHERE ${publicArticlesCondition('a')} AND a.published_at < now() - make_interval(hours => $1)`, [NEWS_WINDOW_HOURS]))
      return rows[0]?.at ?? null
    }
  }
}
