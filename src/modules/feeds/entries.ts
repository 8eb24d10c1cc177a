import type pg from 'pg'
import { permanentId, type LinkedArticle, type PublicUrls } from '../../lib/public-urls.js'
import { prepared } from '../../lib/sql.js'

// One feed entry, whatever the format: a story, or a quote that links to its story. The
// renderer (render.ts) turns a list of these into RSS 2.0, Atom 1.0 or JSON Feed 1.1.

export interface FeedEntry {
  /** A story, or a quote from one: enrichers that describe the story itself skip quotes. */
  kind: 'article' | 'quote'
  /** The permanent id (`urn:uuid:<id>`): RSS guid, Atom id, JSON Feed id. Never the slug, which may change. */
  guid: string
  /** The story it belongs to (itself for a story): what enrichers look things up by. */
  articleId: string
  title: string
  /** Absolute: where a reader reads it. */
  link: string
  /** Plain text. */
  summary: string | null
  /** HTML, every value escaped. */
  contentHtml: string
  /** Null when the story has no publication date (it is never invented). */
  published: Date | null
  updated: Date
  /** Names, in byline order. */
  authors: string[]
  categories: string[]
}

export interface ArticleFeedRow extends LinkedArticle {
  title: string
  summary: string | null
  body: string[]
  byline: string | null
  createdAt: Date
  updatedAt: Date
}

export interface QuoteFeedRow {
  id: string
  text: string
  saidAt: Date | null
  context: string | null
  speakerRole: string | null
  speakerOrganization: string | null
  updatedAt: Date
  article: LinkedArticle & { title: string }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!)

/** A story's body as HTML paragraphs. */
export const paragraphsHtml = (paragraphs: string[]): string => paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('')

const later = (a: Date, b: Date | null): Date => (b !== null && b > a ? b : a)

export function articleEntry (row: ArticleFeedRow, urls: PublicUrls): FeedEntry {
  return {
    kind: 'article',
    guid: permanentId(row.id),
    articleId: row.id,
    title: row.title,
    link: urls.article(row),
    summary: row.summary,
    contentHtml: paragraphsHtml(row.body),
    published: row.publishedAt,
    // A scheduled story changes (it appears) at its publication time, after its last edit.
    updated: later(row.updatedAt, row.publishedAt),
    // The free-text byline, until storyAuthors finds author records.
    authors: row.byline ? [row.byline] : [],
    categories: row.section ? [row.section] : []
  }
}

/** A quote as an entry: its words, who said them in what role, and a link to its story. */
export function quoteEntry (row: QuoteFeedRow, speakerName: string, urls: PublicUrls): FeedEntry {
  const link = urls.article(row.article)
  const role = [row.speakerRole, row.speakerOrganization].filter(Boolean).join(', ')
  const short = row.text.length > 100 ? `${row.text.slice(0, 99).trimEnd()}…` : row.text
  return {
    kind: 'quote',
    guid: permanentId(row.id),
    articleId: row.article.id,
    title: `${speakerName}: “${short}”`,
    link,
    summary: row.text,
    contentHtml: `<blockquote><p>${escapeHtml(row.text)}</p></blockquote>` +
      `<p>${escapeHtml(speakerName)}${role ? `, ${escapeHtml(role)}` : ''}${row.context ? `. ${escapeHtml(row.context)}` : ''}</p>` +
      `<p>From <a href="${escapeHtml(link)}">${escapeHtml(row.article.title)}</a></p>`,
    published: row.saidAt ?? row.article.publishedAt,
    updated: later(row.updatedAt, row.saidAt ?? row.article.publishedAt),
    authors: [speakerName],
    categories: []
  }
}

/**
 * Adds to the entries of any feed what other tables hold about their stories, in place,
 * with one query for the whole feed. FEED_ENRICHERS run in order on every feed, so a story's
 * authors or its corrections reach all twelve feeds by adding one function to the list.
 */
export type FeedEnricher = (pool: pg.Pool, entries: FeedEntry[]) => Promise<void>

/** Each story's topics, by name, as its categories (after its section). */
export const topicCategories: FeedEnricher = async (pool, entries) => {
  const ids = [...new Set(entries.map((entry) => entry.articleId))]
  if (ids.length === 0) return
  const { rows } = await pool.query<{ articleId: string, name: string }>(prepared(
    `SELECT link.article_id AS "articleId", t.name FROM article_topics link JOIN topics t ON t.id = link.topic_id
      WHERE link.article_id = ANY($1::uuid[]) ORDER BY t.name, t.id`, [ids]))
  const names = new Map<string, string[]>()
  for (const row of rows) names.set(row.articleId, [...names.get(row.articleId) ?? [], row.name])
  for (const entry of entries) entry.categories.push(...names.get(entry.articleId) ?? [])
}

const storyIds = (entries: FeedEntry[]): string[] => [...new Set(entries.filter((entry) => entry.kind === 'article').map((entry) => entry.articleId))]

/** Each story's authors, by name in byline order, instead of its free-text byline when it has author records. */
export const storyAuthors: FeedEnricher = async (pool, entries) => {
  const ids = storyIds(entries)
  if (ids.length === 0) return
  const { rows } = await pool.query<{ articleId: string, name: string }>(prepared(
    `SELECT link.article_id AS "articleId", au.name FROM article_authors link JOIN authors au ON au.id = link.author_id
      WHERE link.article_id = ANY($1::uuid[]) ORDER BY link.position, au.id`, [ids]))
  const names = new Map<string, string[]>()
  for (const row of rows) names.set(row.articleId, [...names.get(row.articleId) ?? [], row.name])
  for (const entry of entries) {
    const authors = entry.kind === 'article' ? names.get(entry.articleId) : undefined
    if (authors) entry.authors = authors
  }
}

export interface CorrectionRow { articleId: string, kind: string, text: string, createdAt: Date, superseded: boolean }

const KIND_LABELS: Record<string, string> = { correction: 'Correction', clarification: 'Clarification', update: 'Update' }

/** A story's corrections, oldest first, as the HTML block that ends its feed content. */
export function correctionsHtml (corrections: CorrectionRow[]): string {
  const items = corrections.map((correction) => {
    const iso = correction.createdAt.toISOString()
    return `<li><strong>${escapeHtml(KIND_LABELS[correction.kind] ?? correction.kind)}</strong>, ` +
      `<time datetime="${iso}">${iso.slice(0, 10)}</time>${correction.superseded ? ' (superseded)' : ''}: ${escapeHtml(correction.text)}</li>`
  })
  return `<aside class="corrections"><h2>Corrections</h2><ul>${items.join('')}</ul></aside>`
}

/**
 * Each story's public corrections, after its body; the entry's `updated` moves to the newest,
 * so a feed reader shows the story again. (A correction is an article change event, so it
 * purges every cached feed tagged with its story, a:<id>.)
 */
export const storyCorrections: FeedEnricher = async (pool, entries) => {
  const ids = storyIds(entries)
  if (ids.length === 0) return
  const { rows } = await pool.query<CorrectionRow>(prepared(
    `SELECT c.article_id AS "articleId", c.kind, c.text, c.created_at AS "createdAt",
            EXISTS (SELECT 1 FROM corrections later WHERE later.supersedes = c.id) AS superseded
       FROM corrections c WHERE c.article_id = ANY($1::uuid[]) ORDER BY c.created_at, c.id`, [ids]))
  const byStory = new Map<string, CorrectionRow[]>()
  for (const row of rows) byStory.set(row.articleId, [...byStory.get(row.articleId) ?? [], row])
  for (const entry of entries) {
    const corrections = entry.kind === 'article' ? byStory.get(entry.articleId) : undefined
    if (!corrections) continue
    entry.contentHtml += correctionsHtml(corrections)
    entry.updated = later(entry.updated, corrections[corrections.length - 1]!.createdAt)
  }
}

export const FEED_ENRICHERS: FeedEnricher[] = [topicCategories, storyAuthors, storyCorrections]
