import type pg from 'pg'
import type { Database } from '../../db/client.js'
import { Prisma } from '../../generated/prisma/client.js'
import { authorIdsOf, idsOfSlugs, timeRange } from '../../lib/lookups.js'
import { decodeCursor, keysetSql, orderBy, pageWhere, type Sort } from '../../lib/pagination.js'
import type { Versioned } from '../../lib/http-cache.js'
import { byKeySql, epochMs, jsonList, jsonObject, pageLimitSql, prepared, reviveTimes, selectList, sortValueSql, statementText } from '../../lib/sql.js'
import { validatorsLookup } from '../../lib/validators.js'
import { CORRECTION_SQL } from '../corrections/dto.js'
import { QUOTE_JSON, QUOTE_SQL, QUOTE_TAGS_SQL } from '../quotes/dto.js'
import { SPEAKER_SUMMARY_JSON, SPEAKER_SUMMARY_SQL } from '../speakers/dto.js'
import { TOPIC_SUMMARY_JSON, TOPIC_SUMMARY_SQL } from '../topics/dto.js'
import { jsonText } from '../../lib/json-text.js'
import { AUTHOR_SUMMARY_SQL } from '../authors/dto.js'
import { ARTICLE_JSON, ARTICLE_SQL, articleInclude, type ArticleRow, type ArticleRowWith } from './dto.js'
import { ARTICLE_INCLUDES, type ArticleInclude, type StatusName } from './schemas.js'

// Other modules (imports) map rows through the same DTO function.
export { toArticleDto } from './dto.js'

/**
 * What a public caller may see: published (an unknown publication date stays null, it is
 * never invented), or published/scheduled with a time that has come. No job flips the status.
 */
export function publicArticles (now = new Date()): Prisma.ArticleWhereInput {
  return {
    OR: [
      { status: 'published', publishedAt: null },
      { status: { in: ['published', 'scheduled'] }, publishedAt: { lte: now } }
    ]
  }
}

/** publicArticles() as SQL text; `alias` names the articles table in the query. */
export function publicArticlesCondition (alias: string): string {
  return `((${alias}.status = 'published' AND (${alias}.published_at IS NULL OR ${alias}.published_at <= now()))
    OR (${alias}.status IN ('published', 'scheduled') AND ${alias}.published_at <= now()))`
}

/**
 * In a write's transaction: locks the story `articleId` (FOR SHARE, or FOR UPDATE) and says whether
 * it is there for this caller, that is, exists and, with `visibleOnly`, is public. Postgres checks
 * the rule again on the newest row once the lock is had, and the lock holds off an unpublish until
 * the write commits, so a write that saw the story public cannot land on a hidden one.
 */
export async function lockStory (tx: Prisma.TransactionClient, articleId: string, visibleOnly: boolean, strength: 'SHARE' | 'UPDATE' = 'SHARE'): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM articles a WHERE a.id = $1::uuid${visibleOnly ? ` AND ${publicArticlesCondition('a')}` : ''} FOR ${strength}`, articleId)
  return rows.length > 0
}

/** publicArticles() for Prisma's raw queries. */
export function publicArticlesSql (alias: string): Prisma.Sql {
  return Prisma.raw(publicArticlesCondition(alias))
}

// The relations `include=` embeds, as JSON shaped like Prisma's include rows: topics by
// name, quotes in article order, each with its speaker (null for an unnamed source), authors in byline order.
const RELATIONS_SQL: Record<ArticleInclude, string> = {
  topics: jsonList(`json_build_object('topic', ${jsonObject(TOPIC_SUMMARY_SQL)})`,
    'FROM article_topics link JOIN topics t ON t.id = link.topic_id WHERE link.article_id = a.id', 't.name, t.id'),
  quotes: jsonList(jsonObject(QUOTE_SQL, { speaker: `CASE WHEN s.id IS NULL THEN NULL ELSE ${jsonObject(SPEAKER_SUMMARY_SQL)} END` }),
    'FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = a.id', 'q.position, q.id'),
  corrections: jsonList(jsonObject(CORRECTION_SQL), 'FROM corrections c WHERE c.article_id = a.id', 'c.created_at, c.id'),
  authors: jsonList(`json_build_object('author', ${jsonObject(AUTHOR_SUMMARY_SQL)})`,
    'FROM article_authors link JOIN authors au ON au.id = link.author_id WHERE link.article_id = a.id', 'link.position')
}

// The relations the JSON-text reads embed (lib/json-text.ts), each a lateral join giving its
// JSON text and its cache tags (each after a space) in one pass; the others take the row path.
const RELATIONS_TEXT: Partial<Record<ArticleInclude, { element: string, tags: string, from: string, orderBy: string }>> = {
  topics: {
    element: jsonText(TOPIC_SUMMARY_JSON),
    tags: `' t:' || t.id`,
    from: 'FROM article_topics link JOIN topics t ON t.id = link.topic_id WHERE link.article_id = a.id',
    orderBy: 't.name, t.id'
  },
  quotes: {
    element: jsonText([...QUOTE_JSON, ['speaker', `CASE WHEN s.id IS NULL THEN 'null' ELSE ${jsonText(SPEAKER_SUMMARY_JSON)} END`]]),
    tags: QUOTE_TAGS_SQL,
    from: 'FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = a.id',
    orderBy: 'q.position, q.id'
  }
}

/** Whether the JSON-text reads can embed these relations. */
export const textIncludes = (include: ReadonlySet<ArticleInclude>): boolean => [...include].every((name) => RELATIONS_TEXT[name] !== undefined)

/** The SQL of articles `a` as JSON text, of their cache tags (space-separated) and the lateral joins both read. */
function articleTextParts (include: ReadonlySet<ArticleInclude>): { json: string, tags: string, joins: string } {
  const names = ARTICLE_INCLUDES.filter((name) => include.has(name))
  const properties = [...ARTICLE_JSON, ...names.map((name) => [name, `coalesce(r_${name}.json, '[]')`] as const)]
  const joins = names.map((name) => {
    const relation = RELATIONS_TEXT[name]!
    return ` LEFT JOIN LATERAL (SELECT '[' || string_agg(${relation.element}, ',' ORDER BY ${relation.orderBy}) || ']' AS json, ` +
      `string_agg(${relation.tags}, '' ORDER BY ${relation.orderBy}) AS tags ${relation.from}) r_${name} ON true`
  })
  const tags = ["'a:' || a.id", ...names.map((name) => `coalesce(r_${name}.tags, '')`)].join(' || ')
  return { json: jsonText(properties), tags, joins: joins.join('') }
}

/**
 * SELECT of articles `a` as JSON text (`json`), with their cache tags (`tags`: a:<id> and
 * those of the embedded relations, space-separated) and their update time (`updated_at`, epoch ms);
 * `extra` adds columns.
 */
function selectArticleText (include: ReadonlySet<ArticleInclude>, extra = '', from = 'articles a'): string {
  const { json, tags, joins } = articleTextParts(include)
  return `SELECT ${json} AS json, ${tags} AS tags, ${epochMs('a.updated_at')} AS updated_at${extra} FROM ${from}${joins}`
}

/**
 * SELECT of one article `a` as a single text column `answer`: "<id> <version> <updated_at in
 * epoch ms> <tags>", a line feed, its slug as a JSON string, a line feed, then its JSON text
 * (unpackArticle reads it). pg decodes one field instead of six, the most a story read's row
 * costs Node. The head's parts are uuids, integers and tags of uuids; the slug is escaped, since
 * a slug written in SQL may hold a space or a line feed (only the API checks its pattern).
 */
function selectArticlePacked (include: ReadonlySet<ArticleInclude>): string {
  const { json, tags, joins } = articleTextParts(include)
  return `SELECT a.id || ' ' || a.version || ' ' || ${epochMs('a.updated_at')} || ' ' || ${tags} || chr(10) || to_json(a.slug)::text || chr(10) || ${json} AS answer FROM articles a${joins}`
}

/** An article read by selectArticlePacked. */
function unpackArticle (answer: string): ArticleText {
  const headEnd = answer.indexOf('\n')
  const slugEnd = answer.indexOf('\n', headEnd + 1)
  const [id, version, updatedAt, ...tags] = answer.slice(0, headEnd).split(' ')
  const slug = JSON.parse(answer.slice(headEnd + 1, slugEnd)) as string
  return { json: answer.slice(slugEnd + 1), id: id!, slug, version: Number(version), updatedAt: new Date(Number(updatedAt)), tags }
}

/** An article as JSON text, with what its answer's headers are made of. */
export interface ArticleText { json: string, id: string, slug: string, version: number, updatedAt: Date, tags: string[] }

/** SELECT ... FROM articles a, with the included relations and, unless `withBody` is false, the body. */
function selectArticles (include: ReadonlySet<ArticleInclude>, withBody: boolean): string {
  const relations = ARTICLE_INCLUDES.filter((name) => include.has(name)).map((name) => `, ${RELATIONS_SQL[name]} AS "${name}"`)
  return `SELECT ${selectList(ARTICLE_SQL, withBody ? [] : ['body'])}${relations.join('')} FROM articles a`
}

const publicValidators = validatorsLookup('articles', publicArticlesCondition('articles'))
const anyValidators = validatorsLookup('articles')

/** The row as Prisma gives it: its times and its quotes' as Dates. */
function fromSql (row: Record<string, unknown>): ArticleRowWith {
  for (const quote of (row.quotes ?? []) as Record<string, unknown>[]) reviveTimes(QUOTE_SQL, quote)
  for (const correction of (row.corrections ?? []) as Record<string, unknown>[]) reviveTimes(CORRECTION_SQL, correction)
  return reviveTimes(ARTICLE_SQL, row)
}

/** No filter at all: the plain list, which one hand-written statement serves. */
export const unfiltered = (filters: ArticleFilters): boolean => Object.values(filters).every((value) => value === undefined)

/** Whether the filters are a topic's alone (`/topics/{topic}/articles` with no other filter), which listText also writes. */
export const topicOnly = (filters: ArticleFilters): filters is ArticleFilters & { topicId: string } =>
  filters.topicId !== undefined && unfiltered({ ...filters, topicId: undefined })

export interface ArticleFilters {
  topics?: string[] | undefined
  allTopics?: string[] | undefined
  speakers?: string[] | undefined
  section?: string | undefined
  statuses?: StatusName[] | undefined
  publishedAfter?: string | undefined
  publishedBefore?: string | undefined
  /** Ids or slugs of authors. */
  authors?: string[] | undefined
  /** A topic id, for /topics/{topic}/articles. */
  topicId?: string | undefined
  /** An author id, for /authors/{author}/articles. */
  authorId?: string | undefined
}

export interface ListOptions {
  visibleOnly: boolean
  sort: Sort
  limit: number
  cursor?: string | undefined
  count: boolean
  fields?: string[] | undefined
  include: ReadonlySet<ArticleInclude>
}

/** `db` for Prisma, `pool` (routed like it) for the hand-written reads. */
export function createArticleRepository (db: Database, pool: pg.Pool) {
  /**
   * The `where` for these filters, or null when a named topic or speaker does not exist. The
   * topics it filters by go into `topicIds` (the answer's list:topic:<id> cache tags).
   */
  async function whereFor (visibleOnly: boolean, filters: ArticleFilters, topicIds: string[]): Promise<Prisma.ArticleWhereInput | null> {
    const and: Prisma.ArticleWhereInput[] = []
    if (visibleOnly) and.push(publicArticles())
    if (filters.section !== undefined) and.push({ section: filters.section })
    if (filters.statuses) and.push({ status: { in: filters.statuses } })
    const published = timeRange(filters.publishedAfter, filters.publishedBefore)
    if (published) and.push({ publishedAt: published })
    if (filters.topicId) {
      topicIds.push(filters.topicId)
      and.push({ topics: { some: { topicId: filters.topicId } } })
    }
    if (filters.topics) {
      const ids = await idsOfSlugs(db, 'topics', filters.topics)
      topicIds.push(...ids)
      if (ids.length === 0) return null
      and.push({ topics: { some: { topicId: { in: ids } } } })
    }
    if (filters.allTopics) {
      const ids = await idsOfSlugs(db, 'topics', filters.allTopics)
      topicIds.push(...ids)
      if (ids.length < filters.allTopics.length) return null
      for (const topicId of ids) and.push({ topics: { some: { topicId } } })
    }
    if (filters.authorId) and.push({ authors: { some: { authorId: filters.authorId } } })
    if (filters.authors) {
      const ids = await authorIdsOf(db, filters.authors)
      if (ids.length === 0) return null
      and.push({ authors: { some: { authorId: { in: ids } } } })
    }
    if (filters.speakers) {
      const ids = await idsOfSlugs(db, 'speakers', filters.speakers)
      if (ids.length === 0) return null
      and.push({ quotes: { some: { speakerId: { in: ids } } } })
    }
    return { AND: and }
  }

  async function plainList (options: ListOptions): Promise<ArticleRowWith[]> {
    const values: unknown[] = []
    const param = (value: unknown): string => `$${values.push(value)}`
    const cursor = options.cursor === undefined ? undefined : decodeCursor(options.cursor, options.sort)
    const keyset = keysetSql(options.sort, cursor, ARTICLE_SQL.columns[options.sort.column]!, 'a.id', param)
    const where = [options.visibleOnly ? publicArticlesCondition('a') : undefined, keyset.after].filter((condition) => condition !== undefined)
    // The body is most of an article's bytes: skip it when `fields=` leaves it out.
    const withBody = options.fields === undefined || options.fields.includes('body')
    const text = `${selectArticles(options.include, withBody)}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ` +
      `ORDER BY ${keyset.orderBy} LIMIT ${pageLimitSql(options.limit + 1, param)}`
    const { rows } = await pool.query(prepared(text, values))
    return rows.map(fromSql)
  }

  return {
    /**
     * The unfiltered list (no filter, no count), or a topic's (`topicId`), as JSON text, `limit + 1` items; its relations
     * must be ones textIncludes accepts. `sortValue` is the sort column's value as sortValueOf reads it.
     */
    async listText (options: ListOptions, topicId?: string): Promise<{ json: string, id: string, sortValue: string | number | null, updatedAt: number, tags: string }[]> {
      const values: unknown[] = []
      const param = (value: unknown): string => `$${values.push(value)}`
      const cursor = options.cursor === undefined ? undefined : decodeCursor(options.cursor, options.sort)
      // A topic's page newest first reads the topic's links in publication order (their copy of
      // published_at, migration 032) and probes only the stories it shows; otherwise it walked the
      // stories in order probing each one's links, ~350 probes for a topic holding 6% of them.
      const byLinks = topicId !== undefined && options.sort.column === 'publishedAt' && options.sort.direction === 'desc'
      const column = byLinks ? 'l.published_at' : ARTICLE_SQL.columns[options.sort.column]!
      const keyset = keysetSql(options.sort, cursor, column, byLinks ? 'l.article_id' : 'a.id', param)
      const onTopic = topicId === undefined
        ? undefined
        : byLinks ? `l.topic_id = ${param(topicId)}::uuid` : `EXISTS (SELECT 1 FROM article_topics l WHERE l.article_id = a.id AND l.topic_id = ${param(topicId)}::uuid)`
      const where = [options.visibleOnly ? publicArticlesCondition('a') : undefined, onTopic, keyset.after].filter((condition) => condition !== undefined)
      const limit = pageLimitSql(options.limit + 1, param)
      const key = [topicId === undefined ? 'articles' : byLinks ? 'topic-links' : 'topic-articles', [...options.include].sort().join(), options.visibleOnly, options.sort.key,
        cursor === undefined ? 'first' : cursor.value === null ? 'null' : 'after', limit].join('|')
      const from = byLinks ? 'article_topics l JOIN articles a ON a.id = l.article_id' : undefined
      const text = statementText(key, () => `${selectArticleText(options.include, `, a.id, ${sortValueSql(options.sort, column)} AS sort_value`, from)}` +
        `${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${keyset.orderBy} LIMIT ${limit}`)
      const { rows } = await pool.query<{ json: string, id: string, sort_value: string | number | null, updated_at: number, tags: string }>(prepared(text, values))
      return rows.map((row) => ({ json: row.json, id: row.id, sortValue: row.sort_value, updatedAt: row.updated_at, tags: row.tags }))
    },

    /** One article as JSON text, with the relations textIncludes accepts; null when not found (or hidden). */
    async findText (key: { id: string } | { slug: string }, visibleOnly: boolean, include: ReadonlySet<ArticleInclude>): Promise<ArticleText | null> {
      const { condition, value } = byKeySql(key, 'a')
      const where = visibleOnly ? `${condition} AND ${publicArticlesCondition('a')}` : condition
      const text = statementText(['article', [...include].sort().join(), visibleOnly, 'id' in key].join('|'),
        () => `${selectArticlePacked(include)} WHERE ${where}`)
      const { rows } = await pool.query<{ answer: string }>(prepared(text, [value]))
      return rows[0] ? unpackArticle(rows[0].answer) : null
    },

    /** A page of the list; `topicIds`: the topics it is filtered by (a topic named by an unknown slug is not). */
    async list (filters: ArticleFilters, options: ListOptions): Promise<{ rows: ArticleRowWith[], total: number | undefined, topicIds: string[] }> {
      const topicIds: string[] = []
      if (unfiltered(filters) && !options.count) return { rows: await plainList(options), total: undefined, topicIds }
      const where = await whereFor(options.visibleOnly, filters, topicIds)
      if (!where) return { rows: [], total: options.count ? 0 : undefined, topicIds }
      const page: Prisma.ArticleWhereInput = pageWhere(where, options.sort, options.cursor)
      const [rows, total] = await Promise.all([
        db.article.findMany({
          where: page,
          orderBy: orderBy(options.sort) as Prisma.ArticleOrderByWithRelationInput[],
          take: options.limit + 1,
          // The body is most of an article's bytes: skip it when `fields=` leaves it out.
          omit: { body: options.fields !== undefined && !options.fields.includes('body') },
          include: articleInclude(options.include)
        }),
        options.count ? db.article.count({ where }) : Promise.resolve(undefined)
      ])
      // Prisma cannot type an include chosen at run time; ArticleRowWith says what may be there.
      return { rows: rows as unknown as ArticleRowWith[], total, topicIds }
    },

    async find (key: { id: string } | { slug: string }, visibleOnly: boolean, include: ReadonlySet<ArticleInclude> = new Set()): Promise<ArticleRowWith | null> {
      const { condition, value } = byKeySql(key, 'a')
      const where = visibleOnly ? `${condition} AND ${publicArticlesCondition('a')}` : condition
      const { rows } = await pool.query(prepared(`${selectArticles(include, true)} WHERE ${where}`, [value]))
      return rows[0] ? fromSql(rows[0]) : null
    },

    /** Just what the article's ETag and Last-Modified are made of. */
    async findValidators (key: { id: string } | { slug: string }, visibleOnly: boolean): Promise<Versioned | null> {
      return (visibleOnly ? publicValidators : anyValidators)(pool, key)
    },

    /**
     * For writes: by id or current slug, any status unless `visibleOnly` (a key that may not read
     * drafts writes only what GET shows it; the write itself checks again, see save-graph.ts).
     */
    async findForWrite (key: { id: string } | { slug: string }, visibleOnly = false): Promise<ArticleRow | null> {
      const { condition, value } = byKeySql(key, 'a')
      const where = visibleOnly ? `${condition} AND ${publicArticlesCondition('a')}` : condition
      const { rows } = await pool.query(prepared(`${selectArticles(new Set(), true)} WHERE ${where}`, [value]))
      return rows[0] ? reviveTimes<ArticleRow>(ARTICLE_SQL, rows[0]) : null
    }
  }
}
