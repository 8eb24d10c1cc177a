import autocannon from 'autocannon'
import { backendsCpuMs, backendsCpuSince, postgresCpuMs, processCpuMs } from './cpu.js'
import { rssMb } from './processes.js'

export interface LoadResult {
  requestsPerSecond: number, p50: number, p99: number, non2xx: number, errors: number, rssMb: number
  /** CPU ms per answer spent by the server process and by Postgres (NaN when not measured). */
  serverCpuMs: number, postgresCpuMs: number
  /** CPU ms per answer of the Postgres backends connected to the server alone (NaN when not measured). */
  backendsCpuMs: number
}

/** autocannon against `url + paths[random]`, after a warm-up, for `seconds`. */
export async function measure (url: string, paths: string[], options: { seconds: number, connections: number, pid?: number, postmaster?: number | undefined, headers?: Record<string, string> }): Promise<LoadResult> {
  let next = 0
  const run = (duration: number) => autocannon({
    url,
    connections: options.connections,
    duration,
    requests: [{
      method: 'GET',
      ...(options.headers && { headers: options.headers }),
      setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! })
    }]
  })
  await run(2)
  const cpuBefore = { server: processCpuMs(options.pid), postgres: postgresCpuMs(options.postmaster), backends: backendsCpuMs(options.postmaster, options.pid) }
  const result = await run(options.seconds)
  const answers = Math.max(1, result.requests.total)
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    rssMb: rssMb(options.pid),
    serverCpuMs: (processCpuMs(options.pid) - cpuBefore.server) / answers,
    postgresCpuMs: (postgresCpuMs(options.postmaster) - cpuBefore.postgres) / answers,
    backendsCpuMs: cpuBefore.backends.size === 0 ? Number.NaN : backendsCpuSince(cpuBefore.backends, backendsCpuMs(options.postmaster, options.pid)) / answers
  }
}
