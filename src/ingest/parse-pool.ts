import { availableParallelism } from 'node:os'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Piscina } from 'piscina'
import { httpProblem } from '../lib/problem.js'
import type { ParseTask } from './parse-worker.js'
import type { ParseOptions, ParsedArticle } from './types.js'

// Pages are parsed in worker threads with a time budget. A page that takes longer is refused
// (422) and its thread is stopped, so no text can hang the server, delay /health or block
// shutdown. Workers start on the first import (the parser loads ~40 MB) and stop when idle.
const WORKER = new URL(`./parse-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
export const DEFAULT_PARSE_TIMEOUT_MS = 10_000
const MAX_QUEUED = 64

let pool: Promise<Piscina> | undefined

// Piscina itself is loaded with the first import too, not at the server's start-up.
function workers (): Promise<Piscina> {
  pool ??= import('piscina').then(({ Piscina }) => new Piscina({
    filename: WORKER.href,
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(4, availableParallelism() - 1)),
    idleTimeout: 60_000,
    maxQueue: MAX_QUEUED
  }))
  return pool
}

async function runTask<T> (task: ParseTask, timeoutMs: number): Promise<T> {
  const budget = AbortSignal.timeout(timeoutMs)
  try {
    // Wait for a started thread first: a thread's start-up is not the page's time.
    await (await workers()).run({ op: 'ready' })
    return await (await workers()).run(task, { signal: budget }) as T
  } catch (error) {
    if (budget.aborted) {
      throw httpProblem(422, `The page could not be analysed within ${timeoutMs / 1000} s and was not imported. Send the story alone, or split it.`)
    }
    if (/queue is at limit/i.test((error as Error).message)) {
      throw httpProblem(503, 'Too many imports are being analysed; try again shortly.', { headers: { 'retry-after': '5' } })
    }
    throw error
  }
}

/** The text of a saved HTML page's story (the headline and a paragraph a line). */
export function htmlStoryText (html: string, timeoutMs = DEFAULT_PARSE_TIMEOUT_MS): Promise<string> {
  return runTask<string>({ op: 'page-text', html }, timeoutMs)
}

export function parsePage (page: { text: string } | { html: string }, hints: ParseOptions, timeoutMs = DEFAULT_PARSE_TIMEOUT_MS): Promise<ParsedArticle & { canonicalUrl?: string | null }> {
  return runTask({ op: 'parse', ...page, hints }, timeoutMs)
}

// Apps that may import (several run in one process in tests): the workers stop with the last.
let users = 0

/** Call once per app that imports; the returned function, at its shutdown, stops the workers with the last app. */
export function useParsePool (): () => Promise<void> {
  users++
  return async () => {
    if (--users > 0) return
    await closeParsePool()
  }
}

/** Stops the workers (the next import starts them again). */
export async function closeParsePool (): Promise<void> {
  const closing = pool
  pool = undefined
  await (await closing)?.destroy()
}
