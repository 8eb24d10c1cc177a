import { Pool } from 'undici'
import type { Read } from './mix.js'
import { Recorder } from './stats.js'

/**
 * Closed-loop readers: `connections` keep-alive connections, each sending the mix's next read
 * as soon as its last one is answered. A list read asks for the second page, through the
 * first page's nextCursor, when the mix says so. Only answers after the warm-up are recorded.
 */
export async function readLoad (origin: string, next: () => Read, secondPage: (cursor: string) => string,
  options: { connections: number, warmupSeconds: number, seconds: number, onMeasuring?: () => void, onMeasured?: () => void }): Promise<{ recorder: Recorder, seconds: number }> {
  const pool = new Pool(origin, { connections: options.connections, pipelining: 1, headersTimeout: 60_000, bodyTimeout: 60_000 })
  const recorder = new Recorder()
  let measuring = false
  let stopped = false

  async function send (read: Read): Promise<string | undefined> {
    const began = performance.now()
    let status: number | undefined
    let body: string | undefined
    try {
      const response = await pool.request({ method: 'GET', path: read.path })
      status = response.statusCode
      if (read.secondPage && status === 200) body = await response.body.text()
      else await response.body.arrayBuffer()
    } catch {
      status = undefined
    }
    if (measuring) recorder.record(read.routeClass, performance.now() - began, status)
    return body
  }

  async function reader (): Promise<void> {
    while (!stopped) {
      const read = next()
      const body = await send(read)
      if (body && !stopped) {
        const cursor = (JSON.parse(body) as { nextCursor?: string | null }).nextCursor
        if (cursor) await send({ routeClass: 'list', path: secondPage(cursor) })
      }
    }
  }

  const readers = Array.from({ length: options.connections }, () => reader())
  await new Promise((resolve) => setTimeout(resolve, options.warmupSeconds * 1000))
  measuring = true
  options.onMeasuring?.()
  const began = performance.now()
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000))
  measuring = false
  options.onMeasured?.()
  const seconds = (performance.now() - began) / 1000
  stopped = true
  await Promise.all(readers)
  await pool.close()
  return { recorder, seconds }
}
