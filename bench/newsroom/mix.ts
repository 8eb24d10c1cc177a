// The newsroom read mix (issue 15): what a news site's readers ask for, request by request.
//   55% a story, Zipf(1.1) over every public story, the newest the most read
//   15% the homepage list, one time in five followed by its second page (through nextCursor)
//   10% a topic page, 10% a speaker's quotes, both Zipf(1.1) over all of them
//   10% search, walking through 20,000 distinct queries made from the corpus vocabulary,
//       so a query is almost never asked twice
import pg from 'pg'
import { FILLER, WORDS, random } from '../data.js'

export type RouteClass = 'story' | 'list' | 'topic' | 'speaker' | 'search' | 'write'
export const READ_CLASSES: RouteClass[] = ['story', 'list', 'topic', 'speaker', 'search']

export interface Samples {
  /** Public stories, newest first: rank 1 of the Zipf draw is the newest. */
  stories: string[]
  /** The newest public stories: what the editors keep changing. */
  recent: string[]
  topics: string[]
  /** Speakers, most quoted first. */
  speakers: string[]
}

export async function loadSamples (url: string): Promise<Samples> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const slugs = async (sql: string) => (await client.query<{ slug: string }>(sql)).rows.map((row) => row.slug)
  const stories = await slugs(`SELECT slug FROM articles WHERE status = 'published' AND published_at <= now() ORDER BY published_at DESC, id DESC`)
  const topics = await slugs(`SELECT t.slug FROM topics t JOIN article_topics l ON l.topic_id = t.id GROUP BY t.slug ORDER BY count(*) DESC, t.slug`)
  const speakers = await slugs(`SELECT s.slug FROM speakers s JOIN quotes q ON q.speaker_id = s.id GROUP BY s.slug ORDER BY count(*) DESC, s.slug`)
  await client.end()
  return { stories, recent: stories.slice(0, 200), topics, speakers }
}

/** URLs of one server for each kind of read. */
export interface Target {
  name: string
  story: (slug: string) => string
  list: (cursor?: string) => string
  topic: (slug: string) => string
  speaker: (slug: string) => string
  search: (q: string) => string
  write: (slug: string) => string
}

export const newsdesk: Target = {
  name: 'Newsdesk',
  story: (slug) => `/v1/articles/${slug}?include=quotes`,
  list: (cursor) => `/v1/articles?limit=20&include=topics${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  topic: (slug) => `/v1/topics/${slug}/articles?limit=20&include=topics`,
  speaker: (slug) => `/v1/speakers/${slug}/quotes`,
  search: (q) => `/v1/search?type=articles&q=${encodeURIComponent(q)}`,
  write: (slug) => `/v1/articles/${slug}`
}

export const baseline: Target = {
  name: 'baseline',
  story: (slug) => `/v1/articles/${slug}`,
  list: (cursor) => `/v1/articles${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
  topic: (slug) => `/v1/topics/${slug}/articles`,
  speaker: (slug) => `/v1/speakers/${slug}/quotes`,
  search: (q) => `/v1/search?q=${encodeURIComponent(q)}`,
  write: (slug) => `/v1/articles/${slug}`
}

export { random }

/** Draws ranks 0..n-1 with P(rank k) proportional to 1/(k+1)^s. */
export function zipf (n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n)
  let sum = 0
  for (let k = 0; k < n; k++) cdf[k] = (sum += 1 / (k + 1) ** s)
  return () => {
    const x = rand() * sum
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid]! < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/**
 * `count` distinct searches a reader could type, from the words the stories are made of:
 * news words and the made-up filler words, drawn as often as the corpus uses them.
 * Two and three words, phrases, exclusions and rare single words.
 */
export function searchQuerySet (count = 20_000, seed = 15): string[] {
  const rand = random(seed)
  const news = (): string => WORDS[Math.floor(rand() * WORDS.length)]!
  const filler = (): string => FILLER[Math.floor(FILLER.length * rand() ** 3)]!
  const queries = new Set<string>()
  while (queries.size < count) {
    const roll = rand()
    queries.add(roll < 0.3 ? `${news()} ${news()}`
      : roll < 0.5 ? `${news()} ${filler()}`
        : roll < 0.65 ? `"${news()} ${news()}"`
          : roll < 0.8 ? `${news()} ${news()} ${news()}`
            : roll < 0.9 ? `${news()} -${news()}`
              : filler())
  }
  return [...queries]
}

export interface Read { routeClass: RouteClass, path: string, secondPage?: boolean }

/** The next read of the mix for one server; `queries` is walked in order, never sampled. */
export function readMix (target: Target, samples: Samples, queries: string[], seed: number): () => Read {
  const rand = random(seed)
  const story = zipf(samples.stories.length, 1.1, rand)
  const topic = zipf(samples.topics.length, 1.1, rand)
  const speaker = zipf(samples.speakers.length, 1.1, rand)
  let query = 0
  return () => {
    const roll = rand()
    if (roll < 0.55) return { routeClass: 'story', path: target.story(samples.stories[story()]!) }
    if (roll < 0.70) return { routeClass: 'list', path: target.list(), secondPage: rand() < 0.2 }
    if (roll < 0.80) return { routeClass: 'topic', path: target.topic(samples.topics[topic()]!) }
    if (roll < 0.90) return { routeClass: 'speaker', path: target.speaker(samples.speakers[speaker()]!) }
    return { routeClass: 'search', path: target.search(queries[query++ % queries.length]!) }
  }
}
