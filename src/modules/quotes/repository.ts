import { createHash, randomInt, randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { Database } from '../../db/client.js'
import type { Prisma } from '../../generated/prisma/client.js'
import { idsOfSlugs, timeRange } from '../../lib/lookups.js'
import { keysetSql, orderBy, pageWhere, type Sort, type SortValue } from '../../lib/pagination.js'
import { byIdOrSlug } from '../../lib/schema-types.js'
import { byKeySql, epochMs, pageLimitSql, prepared, sortValueSql, statementText } from '../../lib/sql.js'
import { jsonText } from '../../lib/json-text.js'
import { publicNamed } from '../../lib/visibility.js'
import { publicArticles, publicArticlesCondition } from '../articles/repository.js'
import { QUOTE_JSON, QUOTE_SQL, QUOTE_TAGS_SQL, quoteInclude, type QuoteRow, type QuoteRowWith } from './dto.js'
import type { QuoteFilterDto, QuoteInclude } from './schemas.js'

/** Matches up to which a random quote is drawn uniformly from their ids. */
const UNIFORM_UP_TO = 100

/** A quote is public exactly when its article is. */
export function publicQuotes (now = new Date()): Prisma.QuoteWhereInput {
  return { article: publicArticles(now) }
}

export interface QuoteFilters {
  speakers?: string[] | undefined
  topics?: string[] | undefined
  article?: string | undefined
  saidAfter?: string | undefined
  saidBefore?: string | undefined
  minLength?: number | undefined
  maxLength?: number | undefined
  /** Set by the nested routes (/articles/{a}/quotes, /topics/{t}/quotes, /speakers/{s}/quotes). */
  articleId?: string | undefined
  topicId?: string | undefined
  speakerId?: string | undefined
}

export function quoteFiltersOf (query: QuoteFilterDto): QuoteFilters {
  return {
    speakers: query.speaker?.split(','),
    topics: query.topic?.split(','),
    article: query.article,
    saidAfter: query.saidAfter,
    saidBefore: query.saidBefore,
    minLength: query.minLength,
    maxLength: query.maxLength
  }
}

interface ListOptions {
  visibleOnly: boolean
  sort: Sort
  limit: number
  cursor?: string | undefined
  count: boolean
  include: ReadonlySet<QuoteInclude>
}

/** A point in the uuid space chosen by a hash of the day, so it is the same everywhere all day. */
export function pivotOfDay (day: string): string {
  const hex = createHash('sha256').update(`newsdesk quote of the day ${day}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** `db` for Prisma, `pool` (routed like it) for the hand-written reads. */
export function createQuoteRepository (db: Database, pool: pg.Pool) {
  /** The `where` for these filters, or null when a named speaker, topic or article does not exist. */
  async function whereFor (visibleOnly: boolean, filters: QuoteFilters): Promise<Prisma.QuoteWhereInput | null> {
    const and: Prisma.QuoteWhereInput[] = []
    if (visibleOnly) and.push(publicQuotes())
    if (filters.articleId) and.push({ articleId: filters.articleId })
    if (filters.speakerId) and.push({ speakerId: filters.speakerId })
    if (filters.topicId) and.push({ topics: { some: { topicId: filters.topicId } } })
    if (filters.speakers) {
      const ids = await idsOfSlugs(db, 'speakers', filters.speakers)
      if (ids.length === 0) return null
      and.push({ speakerId: { in: ids } })
    }
    if (filters.topics) {
      const ids = await idsOfSlugs(db, 'topics', filters.topics)
      if (ids.length === 0) return null
      and.push({ topics: { some: { topicId: { in: ids } } } })
    }
    if (filters.article !== undefined) {
      const article = await db.article.findFirst({ where: byIdOrSlug(filters.article), select: { id: true } })
      if (!article) return null
      and.push({ articleId: article.id })
    }
    const said = timeRange(filters.saidAfter, filters.saidBefore)
    if (said) and.push({ saidAt: said })
    if (filters.minLength !== undefined || filters.maxLength !== undefined) {
      and.push({ textLength: { ...(filters.minLength !== undefined && { gte: filters.minLength }), ...(filters.maxLength !== undefined && { lte: filters.maxLength }) } })
    }
    return { AND: and }
  }

  /** The first matching quote at or after `pivot` in id order, wrapping around to the start. */
  async function firstFrom (where: Prisma.QuoteWhereInput, pivot: string, include: ReadonlySet<QuoteInclude>): Promise<QuoteRowWith | null> {
    const query = { orderBy: { id: 'asc' as const }, include: quoteInclude(include) }
    const row = await db.quote.findFirst({ ...query, where: { AND: [where, { id: { gte: pivot } }] } }) ??
      await db.quote.findFirst({ ...query, where })
    return row as unknown as QuoteRowWith | null
  }

  return {
    async list (filters: QuoteFilters, options: ListOptions): Promise<{ rows: QuoteRowWith[], total: number | undefined }> {
      const where = await whereFor(options.visibleOnly, filters)
      if (!where) return { rows: [], total: options.count ? 0 : undefined }
      const page: Prisma.QuoteWhereInput = pageWhere(where, options.sort, options.cursor)
      const [rows, total] = await Promise.all([
        db.quote.findMany({
          where: page,
          orderBy: orderBy(options.sort) as Prisma.QuoteOrderByWithRelationInput[],
          take: options.limit + 1,
          include: quoteInclude(options.include)
        }),
        options.count ? db.quote.count({ where }) : Promise.resolve(undefined)
      ])
      return { rows: rows as unknown as QuoteRowWith[], total }
    },

    /**
     * A page of one speaker's quotes, the speaker named by id or current slug, in a single
     * statement, as JSON text (lib/json-text.ts); null when no speaker has that id or slug (it
     * may be an old slug). Each quote comes with its cache tags and update time (epoch ms) as answerTags and Last-Modified find them in its DTO.
     * A speaker with a quote in a public story is public: a page holding one needs no other
     * proof (the rule's function, planned anew on every call, cost more than the page).
     */
    async speakerPageText (speaker: { id: string } | { slug: string }, options: {
      visibleOnly: boolean, sort: Sort, limit: number, cursor: { value: SortValue, id: string } | undefined
    }): Promise<Array<{ json: string, id: string, sortValue: string | number | null, tags: string, updatedAt: number }> | null> {
      const { condition, value } = byKeySql(speaker, 's')
      const values: unknown[] = [value]
      const param = (bound: unknown): string => `$${values.push(bound)}`
      const column = QUOTE_SQL.columns[options.sort.column]!
      const keyset = keysetSql(options.sort, options.cursor, column, 'q.id', param)
      const where = ['q.speaker_id = s.id', options.visibleOnly ? publicArticlesCondition('a') : undefined, keyset.after]
        .filter((part) => part !== undefined)
      const limit = pageLimitSql(options.limit + 1, param)
      const key = ['speaker-quotes', 'id' in speaker, options.visibleOnly, options.sort.key,
        options.cursor === undefined ? 'first' : options.cursor.value === null ? 'null' : 'after', limit].join('|')
      // Each quote as two fields, not five: "<id> <updated_at, epoch ms><tags>", a line feed and its
      // JSON text (no part of the head holds a line feed; the tags start with a space), and its sort value.
      const text = statementText(key, () => `SELECT page.* FROM speakers s LEFT JOIN LATERAL (
        SELECT q.id || ' ' || ${epochMs('q.updated_at')} || ${QUOTE_TAGS_SQL} || chr(10) || ${jsonText(QUOTE_JSON)} AS answer,
          ${sortValueSql(options.sort, column)} AS sort_value
        FROM quotes q${options.visibleOnly ? ' JOIN articles a ON a.id = q.article_id' : ''}
        WHERE ${where.join(' AND ')} ORDER BY ${keyset.orderBy} LIMIT ${limit}
      ) page ON true WHERE ${condition}${options.visibleOnly ? ` AND (page.answer IS NOT NULL OR ${publicNamed('speaker', 's')})` : ''}`)
      const { rows } = await pool.query<{ answer: string | null, sort_value: string | number | null }>(prepared(text, values))
      // No row: no such speaker (or one only hidden stories quote); one row of nulls: a speaker without visible quotes.
      if (rows.length === 0) return null
      if (rows[0]!.answer === null) return []
      return rows.map((row) => {
        const answer = row.answer!
        const lineEnd = answer.indexOf('\n')
        const idEnd = answer.indexOf(' ')
        const tagsStart = answer.indexOf(' ', idEnd + 1)
        return {
          json: answer.slice(lineEnd + 1),
          id: answer.slice(0, idEnd),
          sortValue: row.sort_value,
          tags: answer.slice(tagsStart, lineEnd),
          updatedAt: Number(answer.slice(idEnd + 1, tagsStart))
        }
      })
    },

    async find (id: string, visibleOnly: boolean, include: ReadonlySet<QuoteInclude> = new Set()): Promise<QuoteRowWith | null> {
      const row = await db.quote.findFirst({ where: visibleOnly ? { AND: [{ id }, publicQuotes()] } : { id }, include: quoteInclude(include) })
      return row as unknown as QuoteRowWith | null
    },

    /** For writes: any quote, or only a public one with `visibleOnly` (the write checks again, writes.ts). */
    async findForWrite (id: string, visibleOnly = false): Promise<QuoteRow | null> {
      return db.quote.findFirst({ where: visibleOnly ? { AND: [{ id }, publicQuotes()] } : { id } })
    },

    /**
     * A random matching quote without ORDER BY random(). Up to UNIFORM_UP_TO matches (a
     * speaker's or a story's quotes) each is equally likely: their ids are read and one is
     * drawn. Beyond, a random uuid is a point in the id index and the first match at or after
     * it is the answer (wrapping around): one index probe however many quotes there are, each
     * picked with probability proportional to the id gap before it (close to uniform over
     * many random v4 ids, far from it over two: one of two quotes could come up one time in fifty).
     */
    async random (filters: QuoteFilters, visibleOnly: boolean, include: ReadonlySet<QuoteInclude>): Promise<QuoteRowWith | null> {
      const where = await whereFor(visibleOnly, filters)
      if (!where) return null
      const few = await db.quote.findMany({ where, select: { id: true }, orderBy: { id: 'asc' }, take: UNIFORM_UP_TO + 1 })
      if (few.length === 0) return null
      const pivot = few.length <= UNIFORM_UP_TO ? few[randomInt(few.length)]!.id : randomUUID()
      return firstFrom(where, pivot, include)
    },

    /** The public quote of a UTC day: the first public quote at or after the day's pivot id. */
    async ofTheDay (day: string, include: ReadonlySet<QuoteInclude>): Promise<QuoteRowWith | null> {
      return firstFrom(publicQuotes(), pivotOfDay(day), include)
    }
  }
}
