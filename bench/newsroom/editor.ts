// The editor: its own process, PATCHing recent stories at a steady rate with an API key while
// the readers run. Open loop: a save starts on the clock whether or not the last one has been
// answered, as saves from several editors would. Reports each save's status and latency.
// Driven by bench/newsroom/run.ts over IPC: { origin, key, rate, seconds, slugs, topics } then "go".
// Saves are of the kinds a newsroom makes, in every ten: six summaries, two headlines (which
// touch every list the story is in), one body rewrite and one retag (its topic pages).
import { Pool } from 'undici'
import { statusKind, type EditorSaves, type StatusKind } from './stats.js'

export interface EditorOrders { origin: string, key: string, rate: number, seconds: number, slugs: string[], topics: string[], pathPrefix: string }

const SAVE_KINDS = ['summary', 'title', 'summary', 'body', 'summary', 'title', 'summary', 'topics', 'summary', 'summary'] as const
const saveKind = (i: number): string => SAVE_KINDS[i % SAVE_KINDS.length]!

/** The i-th save's changes: what an editor at a news desk sends. */
function change (i: number, topics: string[]): Record<string, unknown> {
  const stamp = `${new Date().toISOString()}, save ${i}`
  switch (saveKind(i)) {
    case 'title': return { title: `Updated headline (${stamp})` }
    case 'body': return { body: [`The desk rewrote this story at ${stamp}.`, 'A second paragraph, with what changed since the first version.', 'A third, for length.'] }
    case 'topics': return { topics: [topics[i % topics.length], topics[(i * 7 + 3) % topics.length]].map((slug) => ({ slug })) }
    default: return { summary: `Updated at ${stamp}: the editor's save number ${i}.` }
  }
}
async function edit (orders: EditorOrders): Promise<EditorSaves> {
  const pool = new Pool(orders.origin, { connections: 16, headersTimeout: 60_000, bodyTimeout: 60_000 })
  const latencies: number[] = []
  const kinds: string[] = []
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
          body: JSON.stringify(change(i, orders.topics))
        })
        status = response.statusCode
        detail = status >= 300 ? (await response.body.text()).slice(0, 200) : (await response.body.arrayBuffer(), '')
      } catch (error) {
        detail = (error as Error).message
      }
      latencies.push(performance.now() - started)
      kinds.push(saveKind(i))
      const kind = statusKind(status)
      statuses[kind]++
      if (kind !== '2xx' && failures.length < 5) failures.push(`${status ?? 'no answer'} ${detail}`)
    })())
  }
  await Promise.all(saves)
  await pool.close()
  return { latencies, kinds, statuses: { ...statuses }, failures }
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
