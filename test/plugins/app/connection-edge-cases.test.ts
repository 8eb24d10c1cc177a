import { connect } from 'node:net'
import t from 'tap'
import { build } from '../../helpers/app.js'

// Two answers Node used to give by itself, with no problem body: a 400 to an HTTP/1.1 request
// without a Host, and a 417 to an Expect other than 100-continue (not in the OpenAPI document).

async function raw (port: number, request: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request)) // the server closes: Connection: close, or HTTP/1.0
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => { data += chunk })
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
}

t.test('HTTP/1.1 without a Host is a 400 problem; HTTP/1.0 without one is served', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const noHost = await raw(port, 'GET /v1/articles HTTP/1.1\r\nConnection: close\r\n\r\n')
  t.match(noHost, /^HTTP\/1\.1 400 /)
  t.match(noHost, /content-type: application\/problem\+json/i)
  t.match(noHost, /"detail":"An HTTP\/1\.1 request needs a Host header\."/)
  t.match(await raw(port, 'GET /v1/articles HTTP/1.0\r\n\r\n'), /^HTTP\/1\.1 200 /)
})

t.test('an unknown expectation is ignored: the request is answered as usual', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const odd = await raw(port, 'GET /v1/articles HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nConnection: close\r\n\r\n')
  t.match(odd, /^HTTP\/1\.1 200 /)
  t.match(odd, /"data":\[/)
  const missing = await raw(port, 'GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\nExpect: x\r\nConnection: close\r\n\r\n')
  t.match(missing, /^HTTP\/1\.1 404 /)
  t.match(missing, /application\/problem\+json/)
})
