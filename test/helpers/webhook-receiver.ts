import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

export interface Received { headers: IncomingMessage['headers'], body: string, json: any, at: number } // eslint-disable-line @typescript-eslint/no-explicit-any

type Handler = (request: Received, response: ServerResponse, count: number) => void | Promise<void>

/**
 * A real HTTP server on 127.0.0.1 that receives webhooks: it records every request and
 * answers through `handler` (200 by default). Closed when the test ends.
 */
export async function startReceiver (t: Test, handler: Handler = (_request, response) => { response.end('ok') }) {
  const received: Received[] = []
  const waiters: Array<{ count: number, resolve: () => void }> = []
  let current = handler
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let json: unknown
      try { json = JSON.parse(body) } catch { json = undefined }
      const entry = { headers: request.headers, body, json, at: Date.now() }
      received.push(entry)
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve()
      Promise.resolve(current(entry, response, received.length)).catch(() => { response.destroy() })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    setHandler (next: Handler) { current = next },
    /** Resolves once `count` requests have arrived in all; fails after `timeoutMs`. */
    async waitFor (count: number, timeoutMs = 15_000): Promise<Received[]> {
      if (received.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} webhook requests arrived within ${timeoutMs} ms`)), timeoutMs)
          waiters.push({ count, resolve: () => { clearTimeout(timer); resolve() } })
        })
      }
      return received
    }
  }
}

export async function until (what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
