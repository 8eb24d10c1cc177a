import type { Agent } from 'undici'
import { guardedLookup, literalHostProblem } from './destination.js'

// One HTTP attempt at one delivery, with every limit a server calling arbitrary URLs needs:
// a deadline over the whole exchange, a cap on the bytes read back, no redirects followed,
// and (unless private destinations are allowed) connections only to checked public addresses.

export interface SendOptions { timeoutMs: number, maxResponseBytes: number, allowPrivate: boolean }

export interface AttemptResult {
  ok: boolean
  /** The receiver's status code, when it answered. */
  status: number | null
  durationMs: number
  /** Why it failed, for the deliveries list; null on success. */
  error: string | null
}

const EXCERPT_CHARS = 300

export interface Sender {
  send: (url: string, headers: Record<string, string>, body: string) => Promise<AttemptResult>
  close: () => Promise<void>
}

// undici is loaded with the first delivery, not at start-up (most instances send none for a while).
const importUndici = () => import('undici') // eslint-disable-line @typescript-eslint/explicit-function-return-type
let undici: ReturnType<typeof importUndici> | undefined
const loadUndici = (): ReturnType<typeof importUndici> => (undici ??= importUndici())

export function createSender (options: SendOptions): Sender {
  let agent: Promise<Agent> | undefined
  const agentNow = (): Promise<Agent> => (agent ??= loadUndici().then(({ Agent }) => new Agent({
    connect: { timeout: options.timeoutMs, ...(!options.allowPrivate && { lookup: guardedLookup() }) },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4_000,
    maxRedirections: 0
  })))

  async function send (url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
    const started = performance.now()
    const elapsed = (): number => Math.round(performance.now() - started)
    const target = new URL(url)
    // net.connect skips lookup for an IP literal, so a literal is checked here.
    const literal = options.allowPrivate ? null : literalHostProblem(target)
    if (literal) return { ok: false, status: null, durationMs: 0, error: `refused to connect to ${literal}` }
    try {
      const [{ request }, dispatcher] = await Promise.all([loadUndici(), agentNow()])
      const response = await request(target, {
        method: 'POST',
        dispatcher,
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Newsdesk-Webhooks/1' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs)
      })
      const excerpt = await readCapped(response.body, options.maxResponseBytes)
      const status = response.statusCode
      if (status >= 200 && status < 300) return { ok: true, status, durationMs: elapsed(), error: null }
      const why = status >= 300 && status < 400 ? `redirected to ${String(response.headers.location ?? '?')} (redirects are not followed)` : excerpt.trim().slice(0, EXCERPT_CHARS)
      return { ok: false, status, durationMs: elapsed(), error: `answered ${status}${why ? `: ${why}` : ''}` }
    } catch (error) {
      return { ok: false, status: null, durationMs: elapsed(), error: describe(error as Error, options.timeoutMs) }
    }
  }

  return { send, close: async () => { await (await agent)?.close() } }
}

/** Reads at most `limit` bytes of a body (for the error excerpt) and drops the rest unread. */
async function readCapped (body: AsyncIterable<Buffer> & { destroy: () => unknown }, limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    chunks.push(chunk.subarray(0, Math.max(0, limit - size)))
    size += chunk.length
    if (size >= limit) {
      body.destroy()
      break
    }
  }
  return Buffer.concat(chunks).toString('utf8')
}

function describe (error: Error & { code?: string, cause?: unknown }, timeoutMs: number): string {
  const cause = error.cause as (Error & { code?: string }) | undefined
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || /TIMEOUT/i.test(error.code ?? '')) return `no answer within ${timeoutMs} ms`
  if (cause?.name === 'ForbiddenDestinationError') return cause.message
  if (error.name === 'ForbiddenDestinationError') return error.message
  const code = error.code ?? cause?.code
  return `${code ? `${code}: ` : ''}${error.message}`.slice(0, EXCERPT_CHARS)
}
