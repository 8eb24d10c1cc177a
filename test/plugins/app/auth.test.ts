import t from 'tap'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { authHeaders, build } from '../../helpers/app.js'

/** Sends the headers and the start of a body that says it is 100 kB, and reads the status line that comes back (or null). */
function statusBeforeBody (port: number, path: string, headers: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n${headers}\r\n{"title":`)
    })
    const timer = setTimeout(() => { socket.destroy(); resolve(null) }, 3000)
    socket.once('data', (chunk) => { clearTimeout(timer); socket.destroy(); resolve(chunk.toString().split('\r\n')[0]!) })
  })
}

t.test('a write without the key it needs is refused before its body is read', async (t) => {
  const app = await build(t)
  const reader = await authHeaders(app, 'content:read-drafts')
  const writer = await authHeaders(app, 'content:write')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  for (const path of ['/v1/articles', '/v1/topics', '/v1/keys', '/v1/webhooks', '/v1/imports', '/v1/articles/x/revisions/1/restore']) {
    t.equal(await statusBeforeBody(port, path, ''), 'HTTP/1.1 401 Unauthorized', `${path} without a key`)
  }
  t.equal(await statusBeforeBody(port, '/v1/articles', `Authorization: ${reader.authorization}\r\n`), 'HTTP/1.1 403 Forbidden', 'a key without the scope')
  t.equal(await statusBeforeBody(port, '/v1/keys', `Authorization: ${writer.authorization}\r\n`), 'HTTP/1.1 403 Forbidden', 'an admin route with a writer key')
  t.equal(await statusBeforeBody(port, '/v1/articles', `Authorization: ${writer.authorization}\r\n`), null, 'the right key: the body is awaited')
})
