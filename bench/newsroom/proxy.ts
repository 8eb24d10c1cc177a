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
    // Bodies are small (an editor's PATCH): read whole, so a request can be sent again.
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => send(upstream, Buffer.concat(chunks), true))
    function send (target: URL, body: Buffer, mayRetry: boolean): void {
      const forward = http.request({
        agent, host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers
      }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      })
      forward.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the instance closed as we reused it: the request never reached it,
        // so it is sent once more on a new socket, as Node's docs advise (request.reusedSocket).
        if (mayRetry && forward.reusedSocket && error.code === 'ECONNRESET' && !response.headersSent) {
          console.error(`[proxy] ${request.method} ${request.url}: reused socket reset, sent again`)
          send(target, body, false)
          return
        }
        if (!response.headersSent) response.writeHead(502)
        response.end()
      })
      forward.end(body)
    }
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
