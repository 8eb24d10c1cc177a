import autocannon from 'autocannon'
import { rssMb } from './processes.js'

export interface LoadResult { requestsPerSecond: number, p50: number, p99: number, non2xx: number, errors: number, rssMb: number }

/** autocannon against `url + paths[random]`, after a warm-up, for `seconds`. */
export async function measure (url: string, paths: string[], options: { seconds: number, connections: number, pid?: number, headers?: Record<string, string> }): Promise<LoadResult> {
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
  const result = await run(options.seconds)
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    rssMb: rssMb(options.pid)
  }
}
