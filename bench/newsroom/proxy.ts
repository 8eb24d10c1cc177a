import http from 'node:http'
import type { Server } from '../lib/processes.js'
import { freePort } from '../lib/processes.js'

// Two API instances behind one port, as a load balancer would put them: a tiny round-robin
// HTTP proxy with keep-alive connections to each instance. It adds a hop (and some CPU on the
// same machine), which a real balancer on another machine would not.

export interface Balanced extends Server { instances: Server[] }

export async function balance (instances: Server[]): Promise<Balanced> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  const upstreams = instances.map((instance) => new URL(instance.url))
  let next = 0
  const proxy = http.createServer((request, response) => {
    const upstream = upstreams[next++ % upstreams.length]!
    const forward = http.request({
      agent, host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers
    }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    })
    forward.on('error', () => {
      if (!response.headersSent) response.writeHead(502)
      response.end()
    })
    request.pipe(forward)
  })
  const port = await freePort()
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve))
  return {
    child: instances[0]!.child,
    instances,
    url: `http://127.0.0.1:${port}`,
    startedInMs: Math.max(...instances.map((instance) => instance.startedInMs)),
    stop: async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()))
      proxy.closeAllConnections()
      agent.destroy()
      for (const instance of instances) await instance.stop()
    }
  }
}
