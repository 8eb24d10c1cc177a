import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type pg from 'pg'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { ReplicaState } from '../../db/replica-health.js'

// Prometheus metrics at GET /metrics, for a key with the `metrics:read` scope (or `admin`):
// a scraper gets a key that can read nothing else. Each app has a registry of its own, so
// several apps in one process (the tests) do not share counters. Names are listed, with the
// alerts worth having, in README "Running in production".

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
  interface FastifyRequest {
    /** Why this request was shed (a 503 under load), for newsdesk_shed_requests_total. */
    shedReason?: string
  }
}

export interface Metrics {
  registry: Registry
  cacheHits: Counter
  cacheMisses: Counter
  /** reason: `capacity` (the LRU made room), `invalidated` (a change dropped it), `expired` (a replica answer's age ran out). */
  cacheEvictions: Counter<'reason'>
  /** How many answers the response cache holds; it sets this when it runs. */
  cacheSize: () => number
  webhookDeliveries: Counter<'outcome'>
}

/** The database lanes to report, by name (primary, replica, writer); set by the database plugin. */
export type PoolLanes = () => Record<string, pg.Pool>

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

const WEBHOOK_QUEUE = `
SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
       count(*) FILTER (WHERE status = 'delivering')::int AS delivering,
       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8 AS oldest
  FROM webhook_deliveries WHERE status IN ('pending', 'delivering')`

export default fp(async function metrics (fastify: FastifyInstance, opts: { lanes: PoolLanes, replica: () => ReplicaState | undefined }) {
  const registry = new Registry()
  // Process metrics, event-loop delay among them (nodejs_eventloop_lag_seconds, _p99_seconds, ...).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 })

  const requests = new Counter({ name: 'newsdesk_http_requests_total', help: 'Requests answered, by method, route pattern and status.', labelNames: ['method', 'route', 'status'], registers: [registry] })
  const duration = new Histogram({ name: 'newsdesk_http_request_duration_seconds', help: 'Time to answer, by method, route pattern and status.', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers: [registry] })
  const shed = new Counter({ name: 'newsdesk_shed_requests_total', help: 'Requests refused with 503 under load, by reason.', labelNames: ['reason'], registers: [registry] })
  const instruments: Metrics = {
    registry,
    cacheHits: new Counter({ name: 'newsdesk_response_cache_hits_total', help: 'Public GETs answered from the in-process response cache.', registers: [registry] }),
    cacheMisses: new Counter({ name: 'newsdesk_response_cache_misses_total', help: 'Cacheable public GETs that had to be computed.', registers: [registry] }),
    cacheEvictions: new Counter({ name: 'newsdesk_response_cache_evictions_total', help: 'Answers dropped from the response cache, by reason (capacity, invalidated, expired).', labelNames: ['reason'], registers: [registry] }),
    cacheSize: () => 0,
    webhookDeliveries: new Counter({ name: 'newsdesk_webhook_delivery_attempts_total', help: 'Webhook delivery attempts by outcome: delivered, retry (failed, will be retried), failed (given up).', labelNames: ['outcome'], registers: [registry] })
  }

  new Gauge({ // eslint-disable-line no-new
    name: 'newsdesk_response_cache_entries', help: 'Answers held in the response cache.', registers: [registry],
    collect () { this.set(instruments.cacheSize()) }
  })
  const lanes = (): Array<[string, pg.Pool]> => Object.entries(opts.lanes())
  new Gauge({ // eslint-disable-line no-new
    name: 'newsdesk_db_pool_connections', help: 'Pooled connections by lane and state (in_use, idle) and the lane\'s maximum (max).', labelNames: ['lane', 'state'], registers: [registry],
    collect () {
      for (const [lane, pool] of lanes()) {
        this.set({ lane, state: 'in_use' }, pool.totalCount - pool.idleCount)
        this.set({ lane, state: 'idle' }, pool.idleCount)
        this.set({ lane, state: 'max' }, (pool as unknown as { options: { max: number } }).options.max)
      }
    }
  })
  new Gauge({ // eslint-disable-line no-new
    name: 'newsdesk_db_pool_waiting', help: 'Queries waiting for a pooled connection, by lane.', labelNames: ['lane'], registers: [registry],
    collect () { for (const [lane, pool] of lanes()) this.set({ lane }, pool.waitingCount) }
  })

  new Gauge({ // eslint-disable-line no-new
    name: 'newsdesk_db_replica_in_use', help: 'Whether public reads go to the read replica (1) or, while it is down or lagging past DATABASE_REPLICA_MAX_LAG_MS, to the primary (0). Absent without a replica.', registers: [registry],
    collect () { const state = opts.replica(); if (state) this.set(state.usable ? 1 : 0) }
  })
  new Gauge({ // eslint-disable-line no-new
    name: 'newsdesk_db_replica_lag_seconds', help: 'How far the read replica was behind the primary at the last check (absent while it does not answer).', registers: [registry],
    collect () { const lag = opts.replica()?.lagMs; if (lag !== null && lag !== undefined) this.set(lag / 1000); else this.reset() }
  })
  const queueDepth = new Gauge({ name: 'newsdesk_webhook_queue_depth', help: 'Webhook deliveries not finished, by status (pending, delivering).', labelNames: ['status'], registers: [registry] })
  const oldestPending = new Gauge({ name: 'newsdesk_webhook_oldest_pending_seconds', help: 'Age of the oldest webhook delivery still pending (0 when none).', registers: [registry] })
  async function readWebhookQueue (): Promise<void> {
    try {
      const { rows: [row] } = await fastify.pool.query<{ pending: number, delivering: number, oldest: number }>({ name: 'metrics-webhook-queue', text: WEBHOOK_QUEUE })
      queueDepth.set({ status: 'pending' }, row?.pending ?? 0)
      queueDepth.set({ status: 'delivering' }, row?.delivering ?? 0)
      oldestPending.set(row?.oldest ?? 0)
    } catch {
      // The database is away: the scrape still answers, without these two.
      queueDepth.reset()
      oldestPending.reset()
    }
  }

  fastify.decorate('metrics', instruments)
  fastify.decorateRequest('shedReason', undefined)

  // Each series' labels, made once (a sync hook: no promise per answer).
  const series = new Map<string, { method: string, route: string, status: string }>()
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const method = METHODS.has(request.method) ? request.method : 'OTHER'
    // The route's pattern (`/v1/articles/:idOrSlug`), never the raw URL: one series per route.
    const route = request.routeOptions.url ?? '(unmatched)'
    const key = `${method} ${reply.statusCode} ${route}`
    let labels = series.get(key)
    if (labels === undefined) {
      labels = { method, route, status: String(reply.statusCode) }
      series.set(key, labels)
    }
    requests.inc(labels)
    duration.observe(labels, reply.elapsedTime / 1000)
    if (reply.statusCode === 503 && request.shedReason !== undefined) shed.inc({ reason: request.shedReason })
    done()
  })

  fastify.get('/metrics', {
    // Not part of the partners' contract (it is for the operator's Prometheus): not in the OpenAPI document.
    schema: { hide: true },
    preHandler: fastify.requireScope('metrics:read')
  }, async (_request, reply) => {
    await readWebhookQueue()
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}, { name: 'metrics', dependencies: ['database', 'auth'] })
