import { Type, type Static } from 'typebox'
import { Prisma } from '../../generated/prisma/client.js'
import { CsvOf } from '../../lib/list-params.js'
import { Slug } from '../../lib/schema-types.js'
import { publicArticlesSql } from '../articles/repository.js'
import { createNameExpansions, operatorsQuery, requiredOperators, type Expansion, type RunSql } from './repository.js'

// Search facets: for `facets=topic,section,speaker`, how many of the stories a query finds
// carry each topic, section and speaker, so a search page can offer them as filters. Kept apart
// from the ranking (repository.ts): the counts cover every story found, not only one page, so
// they are one aggregate over the same match the ranking uses (the words typed or a topic's
// alias; a close speaker or topic name when the words find nothing; the query's operators
// always hold; the caller's visibility).

export const SEARCH_FACETS = ['topic', 'section', 'speaker'] as const
export type SearchFacet = typeof SEARCH_FACETS[number]
/** Values returned per facet, most frequent first. */
export const FACET_SIZE = 10
/**
 * Stories counted at most. A common word finds most of a 100k archive, and counting the topics
 * of all of them took over a second (bench/discovery.ts); past this
 * many the counts are of the first stories found (in table order), and `exact` is false.
 */
export const FACET_MAX_STORIES = 5000

export const FacetsParam = CsvOf(SEARCH_FACETS, `Also count the stories found by each value of these (top ${FACET_SIZE} each), for filters on a search page; not with \`type=quotes\`.`)

const Count = Type.Integer({ minimum: 1, description: 'Stories found that have this value.' })
const NamedFacet = Type.Array(Type.Object({ slug: Slug, name: Type.String(), count: Count }), { maxItems: FACET_SIZE })
export const SearchFacets = Type.Object({
  counted: Type.Integer({ minimum: 0, description: `Stories counted: all the stories found, or the first ${FACET_MAX_STORIES} of them.` }),
  exact: Type.Boolean({ description: `False when the query found more than ${FACET_MAX_STORIES} stories: the counts are then of the first ${FACET_MAX_STORIES} found.` }),
  topic: Type.Optional(NamedFacet),
  section: Type.Optional(Type.Array(Type.Object({ name: Type.String(), count: Count }), { maxItems: FACET_SIZE })),
  speaker: Type.Optional(NamedFacet)
}, { title: 'SearchFacets', description: 'Only the facets asked for, each most frequent first; counts are of stories (articles).' })
export type SearchFacetsDto = Static<typeof SearchFacets>

export const SEARCH_FACETS_EXAMPLE: SearchFacetsDto = {
  counted: 15,
  exact: true,
  topic: [{ slug: 'nato', name: 'NATO', count: 12 }, { slug: 'afghanistan', name: 'Afghanistan', count: 7 }],
  section: [{ name: 'World', count: 15 }],
  speaker: [{ slug: 'jens-stoltenberg', name: 'Jens Stoltenberg', count: 9 }]
}

interface FacetRow { facet: SearchFacet | 'total', slug: string | null, name: string, count: number }

export function createSearchFacets (run: RunSql) {
  const { aliasTopics, closeNames } = createNameExpansions(run)

  async function count (q: string, widening: Expansion, visibleOnly: boolean, facets: readonly SearchFacet[]): Promise<FacetRow[]> {
    // Parsed once per statement (a one-row CTE): the search lane runs generic plans.
    const parsed = Prisma.join([Prisma.sql`websearch_to_tsquery('english', ${q})`, ...widening.names.map((name) => Prisma.sql`phraseto_tsquery('english', ${name})`)], ' || ', '(', ')')
    const query = Prisma.sql`(SELECT query FROM parsed)`
    const widened = [
      ...(widening.topicIds.length > 0 ? [Prisma.sql`SELECT article_id FROM article_topics WHERE topic_id = ANY(${widening.topicIds}::uuid[])`] : []),
      ...(widening.speakerIds.length > 0 ? [Prisma.sql`SELECT article_id FROM quotes WHERE speaker_id = ANY(${widening.speakerIds}::uuid[])`] : [])
    ]
    const matches = widened.length > 0
      ? Prisma.sql`(a.search_vector @@ ${query} OR a.id = ANY(ARRAY(${Prisma.join(widened, ' UNION ')})))`
      : Prisma.sql`a.search_vector @@ ${query}`
    const operators = requiredOperators(q) === null ? Prisma.sql`TRUE` : Prisma.sql`((SELECT operators FROM parsed) IS NULL OR a.search_vector @@ (SELECT operators FROM parsed))`
    const visible = visibleOnly ? publicArticlesSql('a') : Prisma.sql`TRUE`
    const parts: Record<SearchFacet, Prisma.Sql> = {
      section: Prisma.sql`(SELECT 'section' AS facet, NULL AS slug, section AS name, count(*)::int AS count FROM counted
        WHERE section IS NOT NULL GROUP BY section ORDER BY count(*) DESC, section LIMIT ${FACET_SIZE})`,
      topic: Prisma.sql`(SELECT 'topic', t.slug, t.name, count(*)::int FROM counted m JOIN article_topics link ON link.article_id = m.id JOIN topics t ON t.id = link.topic_id
        GROUP BY t.id ORDER BY count(*) DESC, t.name, t.id LIMIT ${FACET_SIZE})`,
      speaker: Prisma.sql`(SELECT 'speaker', s.slug, s.name, count(DISTINCT m.id)::int FROM counted m JOIN quotes qt ON qt.article_id = m.id JOIN speakers s ON s.id = qt.speaker_id
        GROUP BY s.id ORDER BY count(DISTINCT m.id) DESC, s.name, s.id LIMIT ${FACET_SIZE})`
    }
    return run<FacetRow>(Prisma.sql`
      WITH parsed AS MATERIALIZED (SELECT ${parsed} AS query, ${operatorsQuery(q)} AS operators),
      matched AS MATERIALIZED (
        SELECT a.id, a.section FROM articles a WHERE ${matches} AND ${operators} AND ${visible} LIMIT ${FACET_MAX_STORIES + 1}
      ),
      counted AS (SELECT * FROM matched LIMIT ${FACET_MAX_STORIES})
      SELECT 'total' AS facet, NULL AS slug, '' AS name, count(*)::int AS count FROM matched
      UNION ALL ${Prisma.join(facets.map((facet) => parts[facet]), ' UNION ALL ')}`)
  }

  /** The facets asked for, over every story the query finds that the caller may read. */
  return async function searchFacets (q: string, visibleOnly: boolean, facets: readonly SearchFacet[]): Promise<SearchFacetsDto> {
    let rows = await count(q, await aliasTopics(q), visibleOnly, facets)
    // As the ranking does: a query whose words find nothing is tried as a close name.
    if (rows.find((row) => row.facet === 'total')?.count === 0) {
      const close = await closeNames(q, true)
      if (close.names.length > 0) rows = await count(q, close, visibleOnly, facets)
    }
    const found = rows.find((row) => row.facet === 'total')?.count ?? 0
    const result: SearchFacetsDto = { counted: Math.min(found, FACET_MAX_STORIES), exact: found <= FACET_MAX_STORIES }
    for (const facet of facets) {
      const values = rows.filter((row) => row.facet === facet)
      if (facet === 'section') result.section = values.map((row) => ({ name: row.name, count: row.count }))
      else result[facet] = values.map((row) => ({ slug: row.slug!, name: row.name, count: row.count }))
    }
    return result
  }
}
