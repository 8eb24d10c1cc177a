// The editor: its own process, PATCHing recent stories at a steady rate with an API key while
// the readers run. Open loop: a save starts on the clock whether or not the last one has been
// answered, as saves from several editors would. Reports each save's status and latency.
// Driven by bench/newsroom/run.ts over IPC: { origin, key, rate, seconds, slugs } then "go".
import { Pool } from 'undici'
import { percentile, statusKind, type StatusKind } from './stats.js'

export interface EditorOrders { origin: string, key: string, rate: number, seconds: number, slugs: string[], pathPrefix: string }
export interface EditorFigures { total: number, failed: number, p50: number, p99: number, max: number, statuses: Record<StatusKind, number>, failures: string[] }

async function edit (orders: EditorOrders): Promise<EditorFigures> {
  const pool = new Pool(orders.origin, { connections: 16, headersTimeout: 60_000, bodyTimeout: 60_000 })
  const latencies: number[] = []
  const statuses: Record<StatusKind, number> = { '2xx': 0, '304': 0, '4xx': 0, '503': 0, other: 0 }
  const failures: string[] = []
  const saves: Promise<void>[] = []
  const began = performance.now()
  const count = Math.round(orders.rate * orders.seconds)
  for (let i = 0; i < count; i++) {
    const due = began + (i * 1000) / orders.rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const slug = orders.slugs[(i * 7919) % orders.slugs.length]!
    saves.push((async () => {
      const started = performance.now()
      let status: number | undefined
      let detail = ''
      try {
        const response = await pool.request({
          method: 'PATCH',
          path: orders.pathPrefix + slug,
          headers: { authorization: `Bearer ${orders.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ summary: `Updated at ${new Date().toISOString()}: the editor's save number ${i}.` })
        })
        status = response.statusCode
        detail = status >= 300 ? (await response.body.text()).slice(0, 200) : (await response.body.arrayBuffer(), '')
      } catch (error) {
        detail = (error as Error).message
      }
      latencies.push(performance.now() - started)
      const kind = statusKind(status)
      statuses[kind]++
      if (kind !== '2xx' && failures.length < 5) failures.push(`${status ?? 'no answer'} ${detail}`)
    })())
  }
  await Promise.all(saves)
  await pool.close()
  latencies.sort((a, b) => a - b)
  return { total: count, failed: count - statuses['2xx'], p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? Number.NaN, statuses: { ...statuses }, failures }
}

let orders: EditorOrders | undefined
process.on('message', (message: EditorOrders | 'go') => {
  if (message !== 'go') {
    orders = message
    process.send?.('ready')
    return
  }
  edit(orders!).then((figures) => { process.send?.(figures, () => process.exit(0)) }, (error) => {
    console.error(error)
    process.exit(1)
  })
})
