import t from 'tap'
import { ndjsonLines, type NdjsonLine } from '../../src/lib/ndjson.js'

async function collect (chunks: (Buffer | string)[], max: number): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = []
  for await (const line of ndjsonLines((async function * () { yield * chunks })(), max)) lines.push(line)
  return lines
}

t.test('lines split across chunks, CRLF, a last line without newline, and UTF-8 cut mid-character', async (t) => {
  const euro = Buffer.from('€') // three bytes
  t.same(await collect(['{"a":1}\r\n{"b"', ':2}\n\n', Buffer.concat([Buffer.from('"'), euro.subarray(0, 1)]), Buffer.concat([euro.subarray(1), Buffer.from('"')])], 100),
    ['{"a":1}', '{"b":2}', '', '"€"'])
})

t.test('a line over the cap is reported with its length; the lines after it are read', async (t) => {
  t.same(await collect(['short\n', 'x'.repeat(10), 'x'.repeat(10), '\nnext\n'], 16), ['short', { oversizedBytes: 20 }, 'next'])
  t.same(await collect(['x'.repeat(16), '\n'], 16), ['x'.repeat(16)], 'a line of exactly the cap is kept')
})

t.test('memory stays bounded while a huge line is skipped', async (t) => {
  const chunk = Buffer.alloc(1024 * 1024, 0x78) // 1 MB of "x", the same buffer each time
  const megabytes = 300
  async function * input () {
    yield Buffer.from('{"first":true}\n')
    for (let i = 0; i < megabytes; i++) yield chunk
    yield Buffer.from('\n{"last":true}\n')
  }
  global.gc?.()
  const before = process.memoryUsage()
  let peak = 0
  const lines: NdjsonLine[] = []
  for await (const line of ndjsonLines((async function * () {
    for await (const piece of input()) {
      const now = process.memoryUsage()
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers)
      yield piece
    }
  })(), 64 * 1024)) lines.push(line)
  t.same(lines, ['{"first":true}', { oversizedBytes: megabytes * 1024 * 1024 }, '{"last":true}'])
  t.ok(peak < 64 * 1024 * 1024, `memory grew by ${Math.round(peak / 2 ** 20)} MB for a ${megabytes} MB line`)
})
