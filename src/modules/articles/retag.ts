import type pg from 'pg'
import { httpProblem } from '../../lib/problem.js'
import { isReservedSlug, itemSlugFor } from '../../lib/slugs.js'
import { reviveTimes, selectList } from '../../lib/sql.js'
import { contentStatement } from '../../lib/write-path.js'
import type { TopicLinkDto } from '../topics/schemas.js'
import { ARTICLE_SQL, type ArticleRow } from './dto.js'
import { PLAIN_COLUMNS } from './save-graph.js'
import type { ArticleUpdateDto } from './schemas.js'

// An editor's retag (`topics`, optionally with text columns) in one round trip: one call of
// newsdesk_retag_article (migration 027), which runs updateArticleGraph's statements in its
// order inside one statement's transaction, so the triggers record the same events and revisions.

type RetagPatch = Pick<ArticleUpdateDto, keyof typeof PLAIN_COLUMNS> & { topics: TopicLinkDto[] }

/** The SQLSTATE newsdesk_retag_article raises for a topic slug that no topic has. */
const UNKNOWN_TOPIC = 'NDT22'

/**
 * Whether the patch is a retag retagArticle writes: `topics` and plain columns only, no topic
 * named by a reserved slug (whose 409 updateArticleGraph gives, after its 404 and 412).
 */
export function isRetagPatch (patch: ArticleUpdateDto): patch is RetagPatch {
  return patch.topics !== undefined && Object.keys(patch).every((key) => key === 'topics' || key in PLAIN_COLUMNS) &&
    patch.topics.every((link) => !('name' in link) || link.slug === undefined || !isReservedSlug('topics', link.slug))
}

const STATEMENT = `SELECT ${selectList(ARTICLE_SQL)} FROM newsdesk_retag_article($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) a`

/**
 * Whether `retagArticle` may write this retag for the caller: an editor's any retag; a key that
 * may not read drafts, one whose links are all by slug (a name another way, save-graph.ts).
 */
export function retagsInOneCall (patch: ArticleUpdateDto, visibleOnly: boolean): patch is RetagPatch {
  return isRetagPatch(patch) && (!visibleOnly || patch.topics.every((link) => !('name' in link)))
}

/**
 * updateArticleGraph for a retag: the story by `key`, at `expectedVersion` when given (If-Match),
 * written only while `liveKeyId` (when given) is live. Null when no story matched, and then
 * nothing was written. An unknown topic slug is a 422 with nothing written. With `visibleOnly`
 * (a key that may not read drafts) only a public story matches, and a topic the public may not
 * see is an unknown slug (migration 031).
 */
export async function retagArticle (pool: pg.Pool, key: { id: string } | { slug: string }, expectedVersion: number | undefined, patch: RetagPatch,
  liveKeyId: string | undefined, visibleOnly: boolean): Promise<ArticleRow | null> {
  const { topics, ...columns } = patch
  const bySlug: string[] = []
  const named: { slug: string, name: string, description: string | null, aliases: string[] }[] = []
  for (const link of topics) {
    if ('name' in link) named.push({ slug: link.slug ?? itemSlugFor('topics', link.name), name: link.name, description: link.description ?? null, aliases: link.aliases ?? [] })
    else bySlug.push(link.slug)
  }
  const sent = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined))
  try {
    const rows = await contentStatement(pool, STATEMENT, [
      'id' in key, 'id' in key ? key.id : key.slug, expectedVersion ?? null, liveKeyId ?? null, JSON.stringify(sent), new Date(),
      bySlug, named.map((link) => link.slug), named.map((link) => link.name), named.map((link) => link.description), JSON.stringify(named.map((link) => link.aliases)),
      visibleOnly
    ])
    return rows[0] ? reviveTimes<ArticleRow>(ARTICLE_SQL, rows[0]) : null
  } catch (error) {
    if ((error as { code?: string }).code === UNKNOWN_TOPIC) throw httpProblem(422, (error as Error).message)
    throw error
  }
}
