// Which job mechanics for webhook deliveries? The hand-written SKIP LOCKED queue (queue.ts,
// driven by worker.ts, as the API runs it) against graphile-worker (a maintained Postgres job
// library; its named queues give the same per-subscription order). Both do the same work per
// job, one signed POST to a local receiver, with 4 jobs at once per process. Prints:
//   - scheduling latency: a job queued on an idle system until its POST arrives (30 samples)
//   - drain throughput: 2,000 jobs over 50 subscriptions, already queued, until all arrive
//   - idle load: database transactions per second a waiting worker process costs
// Run: node --import tsx bench/webhook-jobs.ts  (DATABASE_URL, or an embedded Postgres)
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { makeWorkerUtils, run, Logger } from 'graphile-worker'
import pg from 'pg'
import pino from 'pino'
import { createSender } from '../src/modules/webhooks/sender.js'
import { signedHeaders } from '../src/modules/webhooks/signing.js'
import { startWebhookWorker } from '../src/modules/webhooks/worker.js'
import { benchServer, freshDatabase, serverVersion } from './lib/database.js'

const SUBSCRIPTIONS = 50
const JOBS = 2_000
const SAMPLES = 30
const CONCURRENCY = 4
const POLL_MS = 1_000
const IDLE_SECONDS = 20
const SECRET = 'whsec_' + Buffer.alloc(32, 3).toString('base64')

let arrived = 0
let onArrival: (() => void) | undefined
const receiver = createServer((request, response) => {
  request.resume()
  request.on('end', () => { arrived++; onArrival?.(); response.end('ok') })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`

async function arrivals (count: number): Promise<void> {
  if (arrived >= count) return
  await new Promise<void>((resolve) => { onArrival = () => { if (arrived >= count) { onArrival = undefined; resolve() } } })
}

async function transactions (pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()')
  return Number(rows[0]!.n)
}

async function idleLoad (pool: pg.Pool): Promise<number> {
  // Backends flush their statistics lazily (up to 10 s after going idle): let earlier work settle first.
  await new Promise((resolve) => setTimeout(resolve, 11_000))
  const before = await transactions(pool)
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000))
  const after = await transactions(pool)
  return (after - before - 1) / IDLE_SECONDS
}

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!

async function measure (name: string, pool: pg.Pool, start: () => Promise<() => Promise<void>>, enqueue: (subscription: number, count: number, notify: boolean) => Promise<void>) {
  // Idle: a worker with nothing to do, before any job exists.
  const idleStop = await start()
  const idle = await idleLoad(pool)
  await idleStop()
  // Drain: everything queued before the workers start.
  arrived = 0
  for (let s = 0; s < SUBSCRIPTIONS; s++) await enqueue(s, JOBS / SUBSCRIPTIONS, false)
  const began = performance.now()
  const stop = await start()
  await arrivals(JOBS)
  const drainSeconds = (performance.now() - began) / 1000
  // Latency: one job at a time on an idle worker.
  const latencies: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100))
    const target = arrived + 1
    const queued = performance.now()
    await enqueue(i % SUBSCRIPTIONS, 1, true)
    await arrivals(target)
    latencies.push(performance.now() - queued)
  }
  await stop()
  console.log(`| ${name} | ${percentile(latencies, 0.5).toFixed(1)} ms | ${percentile(latencies, 0.95).toFixed(1)} ms | ${(JOBS / drainSeconds).toFixed(0)} jobs/s | ${idle.toFixed(1)} tx/s |`)
}

const server = await benchServer()
try {
  const databaseUrl = await freshDatabase(server.serverUrl, 'newsdesk_bench_jobs')
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  const log = pino({ level: 'error' })
  console.log(`# Webhook job mechanics, ${JOBS} jobs over ${SUBSCRIPTIONS} subscriptions, ${CONCURRENCY} at once, Postgres ${await serverVersion(databaseUrl)} (${server.label}), Node ${process.version}`)
  console.log('| mechanics | latency p50 | latency p95 | drain | idle load |')
  console.log('| --- | --- | --- | --- | --- |')

  // 1. The hand-written queue, through the worker the API runs.
  const subscriptionIds: string[] = []
  for (let s = 0; s < SUBSCRIPTIONS; s++) {
    const { rows } = await pool.query<{ id: string }>('INSERT INTO webhook_subscriptions (url, secret) VALUES ($1, $2) RETURNING id', [url, SECRET])
    subscriptionIds.push(rows[0]!.id)
  }
  await measure('SKIP LOCKED table (queue.ts)', pool, async () => {
    const worker = startWebhookWorker({
      pool, databaseUrl, log, allowPrivate: true, timeoutMs: 10_000, maxResponseBytes: 65_536, batchSize: 100, concurrency: CONCURRENCY, pollMs: POLL_MS, retentionDays: 30,
      retry: { baseMs: 5_000, maxDelayMs: 3600_000, windowMs: 86_400_000, maxAttempts: 30, disableAfterFailures: 3 }
    })
    return () => worker.stop()
  }, async (subscription, count, notify) => {
    await pool.query(`INSERT INTO webhook_deliveries (subscription_id, message_id, event_type, event_count, payload)
      SELECT $1, 'msg_' || md5(random()::text), 'webhook.ping', 0, '{"type":"webhook.ping"}' FROM generate_series(1, $2)`, [subscriptionIds[subscription], count])
    if (notify) await pool.query("SELECT pg_notify('newsdesk_webhooks', '')")
  })

  // 2. graphile-worker: one named queue per subscription keeps its jobs in order.
  const sender = createSender({ allowPrivate: true, timeoutMs: 10_000, maxResponseBytes: 65_536 })
  const quiet = new Logger(() => () => {})
  const utils = await makeWorkerUtils({ connectionString: databaseUrl, logger: quiet })
  await utils.migrate()
  const body = '{"type":"webhook.ping"}'
  await measure('graphile-worker 0.16.6', pool, async () => {
    const runner = await run({
      connectionString: databaseUrl, concurrency: CONCURRENCY, pollInterval: POLL_MS, noHandleSignals: true, logger: quiet,
      taskList: { deliver: async () => { const outcome = await sender.send(url, signedHeaders([SECRET], 'msg_bench', body), body); if (!outcome.ok) throw new Error(outcome.error ?? 'failed') } }
    })
    return () => runner.stop()
  }, async (subscription, count) => {
    for (let i = 0; i < count; i++) await utils.addJob('deliver', {}, { queueName: `subscription-${subscription}` })
  })
  await utils.release()
  await sender.close()
  await pool.end()
} finally {
  receiver.close()
  await server.stop()
}
