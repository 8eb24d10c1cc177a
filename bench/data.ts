// Deterministic newsroom-scale data: the same seed gives the same articles, quotes,
// speakers and topics on every machine, so benchmark runs compare like with like.
import type { ArticleLine } from '../src/modules/bulk/article-lines.js'

export interface DatasetSize { articles: number, speakers: number, topics: number, quotesPerArticle: number, topicsPerArticle: number }
export const FULL: DatasetSize = { articles: 100_000, speakers: 2_000, topics: 50, quotesPerArticle: 3, topicsPerArticle: 3 }

/** mulberry32: tiny, fast, good enough for test data. */
export function random (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const WORDS = ('alliance budget minister election council vote parliament security defence treaty summit economy inflation ' +
  'market energy pipeline climate flood drought harvest farmers strike union wages housing rent school teachers hospital ' +
  'doctors vaccine outbreak court judge ruling appeal police investigation border migrants refugees ceasefire troops ' +
  'missile drone navy airport railway bridge tunnel port shipping exports imports tariffs sanctions oil gas solar wind ' +
  'nuclear reactor water reservoir river coast storm wildfire earthquake rescue volunteers charity museum festival ' +
  'film music theatre football league championship coach stadium transfer athletes olympics marathon record science ' +
  'research university students scholarship telescope satellite rocket launch startup investors bank interest rates ' +
  'currency debt bonds pension reform protest rally campaign candidate poll debate scandal resignation coalition ' +
  'opposition mayor governor senator ambassador embassy diplomats negotiations agreement deadline talks crisis').split(' ')
const FIRST = 'Anna Ben Clara David Elena Farid Grace Hassan Ines Jonas Kemal Lena Marco Nadia Omar Petra Quentin Rosa Samir Tara Umar Vera Wim Yara Zoltan'.split(' ')
const LAST = 'Adler Berg Costa Dahl Ekman Fischer Garcia Horvat Ito Jensen Kowalski Lund Moreau Novak Okafor Petrov Quinn Rossi Silva Tanaka Ueda Varga Weber Young Zhou Abbas Brandt Chen Duarte Eriksen'.split(' ')
const ROLES = ['Minister', 'Spokesperson', 'Chief Executive', 'Professor', 'Mayor', 'Secretary General', 'Director', 'Senator']
const ORGS = ['NATO', 'the United Nations', 'the European Commission', 'City Council', 'the Central Bank', 'Red Cross', 'the Ministry of Health', 'Greenfield University']
const SECTIONS = ['Latest News', 'World', 'Politics', 'Business', 'Science', 'Sport', 'Culture', 'Opinion']

export function topicNames (size: DatasetSize): string[] {
  return Array.from({ length: size.topics }, (_, i) => `${capitalise(WORDS[i * 3 % WORDS.length]!)} ${capitalise(WORDS[(i * 7 + 1) % WORDS.length]!)}`)
}

export function speakerNames (size: DatasetSize): string[] {
  return Array.from({ length: size.speakers }, (_, i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`)
}

const capitalise = (word: string): string => word[0]!.toUpperCase() + word.slice(1)

// Filler prose: 4,000 made-up words drawn with a Zipf-like skew, so a news word from WORDS
// matches a few percent of stories, as real terms do, rather than a quarter of them.
const SYLLABLES = 'ba ko ri mu te la so vi ne du ga pe lo zi fa'.split(' ')
export const FILLER = Array.from({ length: 4000 }, (_, i) => SYLLABLES[i % 15]! + SYLLABLES[Math.floor(i / 15) % 15]! + SYLLABLES[Math.floor(i / 225) % 15]! + 'n')

/** Yields the dataset as bulk-import lines, newest story last. */
export function * articleLines (size: DatasetSize = FULL, seed = 42): Generator<ArticleLine> {
  const rand = random(seed)
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!
  const sentence = (words: number): string => capitalise(Array.from({ length: words }, () => pick(WORDS)).join(' ')) + '.'
  // Prose: mostly filler, about one news word in sixty.
  const prose = (words: number): string => capitalise(Array.from({ length: words }, () =>
    rand() < 1 / 60 ? pick(WORDS) : FILLER[Math.floor(FILLER.length * rand() ** 3)]!).join(' ')) + '.'
  const topics = topicNames(size)
  const speakers = speakerNames(size)
  const start = Date.UTC(2021, 0, 1)
  const step = (Date.UTC(2026, 0, 1) - start) / size.articles

  for (let i = 0; i < size.articles; i++) {
    const publishedAt = new Date(start + Math.floor(i * step + rand() * step)).toISOString()
    const roll = rand()
    const topicCount = 1 + Math.floor(rand() * (size.topicsPerArticle * 2 - 1))
    const quoteCount = Math.floor(rand() * (size.quotesPerArticle * 2 + 1))
    yield {
      slug: `story-${i}`,
      externalId: `bench-${i}`,
      title: `${sentence(2).slice(0, -1)} ${prose(2 + Math.floor(rand() * 5)).slice(0, -1).toLowerCase()} ${i}`,
      summary: prose(18),
      body: Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => prose(12)).join(' ')),
      section: pick(SECTIONS),
      byline: `By ${pick(FIRST)} ${pick(LAST)}`,
      status: roll < 0.96 ? 'published' : roll < 0.98 ? 'draft' : 'archived',
      publishedAt,
      topics: [...new Set(Array.from({ length: topicCount }, () => pick(topics)))].map((name) => ({ name })),
      quotes: Array.from({ length: quoteCount }, () => {
        const index = Math.floor(rand() ** 2 * speakers.length) // a few speakers are quoted far more than most
        return {
          text: prose(10 + Math.floor(rand() * 15)),
          speaker: { name: speakers[index]!, role: ROLES[index % ROLES.length]!, organization: ORGS[index % ORGS.length]! },
          saidAt: publishedAt
        }
      })
    }
  }
}

/** At least 50 distinct search queries drawn from the vocabulary: words, pairs, phrases, exclusions. */
export function searchQueries (count = 60, seed = 7): string[] {
  const rand = random(seed)
  const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)]!
  const queries = new Set<string>()
  while (queries.size < count) {
    const kind = queries.size % 4
    queries.add(kind === 0 ? pick() : kind === 1 ? `${pick()} ${pick()}` : kind === 2 ? `"${pick()} ${pick()}"` : `${pick()} -${pick()}`)
  }
  return [...queries]
}
