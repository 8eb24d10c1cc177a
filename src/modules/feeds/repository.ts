import type pg from 'pg'
import { prepared } from '../../lib/sql.js'
import { publicArticlesCondition } from '../articles/repository.js'
import type { ArticleFeedRow, QuoteFeedRow } from './entries.js'

// The reads behind the feeds: public stories only, whoever asks (a feed is for everyone, so a
// key that may read drafts sees the same feed), newest first, one prepared statement each.

const ARTICLE_COLUMNS = `a.id, a.slug, a.title, a.summary, a.body, a.section, a.byline,
  a.published_at AS "publishedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`
const NEWEST_FIRST = 'ORDER BY a.published_at DESC NULLS LAST, a.id DESC'

export function createFeedRepository (pool: pg.Pool) {
  async function articles (condition: string, values: unknown[], limit: number): Promise<ArticleFeedRow[]> {
    const where = [publicArticlesCondition('a'), condition].filter(Boolean).join(' AND ')
    const { rows } = await pool.query<ArticleFeedRow>(prepared(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${where} ${NEWEST_FIRST} LIMIT $${values.length + 1}`, [...values, limit]))
    return rows
  }

  return {
    newest: (limit: number) => articles('', [], limit),

    onTopic: (topicId: string, limit: number) =>
      articles('EXISTS (SELECT 1 FROM article_topics link WHERE link.article_id = a.id AND link.topic_id = $1)', [topicId], limit),

    byAuthor: (authorId: string, limit: number) =>
      articles('EXISTS (SELECT 1 FROM article_authors link WHERE link.article_id = a.id AND link.author_id = $1)', [authorId], limit),

    inSection: (section: string, limit: number) => articles('a.section = $1', [section], limit),

    /** The speaker's quotes in public stories, most recently said first. */
    async quotesBy (speakerId: string, limit: number): Promise<QuoteFeedRow[]> {
      const { rows } = await pool.query<Omit<QuoteFeedRow, 'article'> & { articleId: string, slug: string, title: string, section: string | null, publishedAt: Date | null }>(prepared(
        `SELECT q.id, q.text, q.said_at AS "saidAt", q.context, q.speaker_role AS "speakerRole", q.speaker_organization AS "speakerOrganization",
                greatest(q.updated_at, a.updated_at) AS "updatedAt",
                a.id AS "articleId", a.slug, a.title, a.section, a.published_at AS "publishedAt"
           FROM quotes q JOIN articles a ON a.id = q.article_id
          WHERE q.speaker_id = $1 AND ${publicArticlesCondition('a')}
          ORDER BY q.said_at DESC NULLS LAST, q.id DESC LIMIT $2`, [speakerId, limit]))
      return rows.map(({ articleId, slug, title, section, publishedAt, ...quote }) => ({
        ...quote, article: { id: articleId, slug, title, section, publishedAt }
      }))
    },

    /** Whether the public can see a story in this section (else the section's feed is a 404). */
    async sectionExists (section: string): Promise<boolean> {
      const { rows } = await pool.query(prepared(
        `SELECT 1 FROM articles a WHERE a.section = $1 AND ${publicArticlesCondition('a')} LIMIT 1`, [section]))
      return rows.length > 0
    },

    /**
     * When public content last changed: the commit time of the newest change the public could
     * see (an event public before or after it; a story hidden or shown is one). Nothing in a
     * feed can have changed after it (save a scheduled story appearing, which the entries' own
     * dates cover), so it is a Last-Modified that If-Modified-Since can trust; and a save of a
     * draft alone moves no public Last-Modified (which would tell of it).
     */
    async lastChangeAt (): Promise<Date | null> {
      const { rows } = await pool.query<{ at: Date | null }>(prepared(
        `SELECT c.committed_at AS at FROM change_commits c
          WHERE c.seq IS NOT NULL AND EXISTS (SELECT 1 FROM change_events e WHERE e.txid = c.txid AND (e.public_before OR e.public_after))
          ORDER BY c.seq DESC LIMIT 1`, []))
      return rows[0]?.at ?? null
    }
  }
}

export type FeedRepository = ReturnType<typeof createFeedRepository>
