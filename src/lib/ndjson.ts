// Splits an NDJSON byte stream into lines with a cap on each line's length. A longer line is
// not kept: its bytes are counted and dropped as they arrive, so memory stays bounded by the
// cap however long the line (readline kept the whole line and died past ~512 MB).

/** A line longer than the cap: skipped, with its length in bytes (without the newline). */
export interface OversizedLine { oversizedBytes: number }
export type NdjsonLine = string | OversizedLine

const NEWLINE = 0x0a

/** The lines of `input` (bytes or strings), each as text, or as OversizedLine past `maxLineBytes`. */
export async function * ndjsonLines (input: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = []
  let length = 0 // bytes of the current line seen so far
  const finish = (): NdjsonLine => {
    const line: NdjsonLine = length > maxLineBytes
      ? { oversizedBytes: length }
      : Buffer.concat(parts, length).toString('utf8').replace(/\r$/, '')
    parts = []
    length = 0
    return line
  }
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece
    let start = 0
    while (start <= chunk.length) {
      const end = chunk.indexOf(NEWLINE, start)
      const stop = end === -1 ? chunk.length : end
      if (length + (stop - start) <= maxLineBytes) parts.push(chunk.subarray(start, stop))
      else parts = [] // over the cap: keep nothing more of this line
      length += stop - start
      if (end === -1) break
      yield finish()
      start = end + 1
    }
  }
  if (length > 0) yield finish()
}
