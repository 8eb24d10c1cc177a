import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { seedSampleContent } from '../../src/db/sample-content.js'
import { authHeaders, build } from '../helpers/app.js'

// The README's examples, run as a newcomer runs them: every ```sh block with a curl in it, in
// order, in one shell, against a server loaded with the sample content, with an admin key in
// $KEY and $ADMIN. Each curl's status is recorded (a wrapper adds -w) and its body kept:
// - no 5xx, and no connection failure;
// - a 4xx only where the line says so in its comment ("# ... 412");
// - a list a filter answers is not empty, unless the line's comment says "nothing".
// Lines that are not HTTP (`npm ...`, `open ...`, `cp ...`: the test supplies the files) and the placeholders `KEY=nd_...` are left out.
// Left out too: the Webhooks section (it subscribes partner URLs that must resolve and answer).

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SKIPPED_SECTIONS = ['Webhooks']

interface Line { number: number, text: string }
interface Block { section: string, lines: Line[] }

/** The ```sh blocks that run curl, with their README line numbers and the section they are in. */
export function curlBlocks (readme: string): Block[] {
  const blocks: Block[] = []
  let section = ''
  let current: Block | undefined
  readme.split('\n').forEach((text, i) => {
    if (current) {
      if (text.startsWith('```')) {
        if (current.lines.some((l) => /\bcurl\b/.test(l.text)) && !SKIPPED_SECTIONS.includes(current.section)) blocks.push(current)
        current = undefined
      } else current.lines.push({ number: i + 1, text })
    } else if (/^```(sh|bash|shell)\s*$/.test(text)) current = { section, lines: [] }
    else if (/^#{2,3} /.test(text)) section = text.replace(/^#+ /, '')
  })
  return blocks
}

const isNotHttp = (text: string): boolean => /^\s*(npm|open|node|npx|cp)\s/.test(text) || /^\s*(KEY|ADMIN)=nd_/.test(text)

/** The comment at the end of a line (outside quotes, roughly: after "  # "). */
const commentOf = (text: string): string => /\s#\s(.*)$/.exec(text)?.[1] ?? ''

/** The shell script: a curl wrapper, then the blocks with a marker before each command; and each command's comments, by its first line. */
function script (blocks: Block[], origin: string, bodies: string): { source: string, comments: Map<number, string> } {
  const comments = new Map<number, string>()
  let command = 0
  const out = [
    'set -u',
    // Each curl writes its body to a numbered file (then to stdout, where the README pipes it)
    // and its status to stderr after the marker of the README line that ran it.
    // (A file of its own: a curl in `$(...)` or a pipeline runs in a subshell.)
    `curl () { local file; file=$(mktemp -p ${JSON.stringify(bodies)}); command curl -o "$file" -w '%{stderr}__STATUS__ %{http_code} '"\${file##*/}"'\\n' "$@"; local code=$?; cat "$file" 2>/dev/null; return $code; }`
  ]
  for (const block of blocks) {
    let inQuote = false
    let continued = false
    for (const { number, text } of block.lines) {
      const startsCommand = !inQuote && !continued
      let line = text.replaceAll('localhost:3000', origin.replace(/^http:\/\//, ''))
      if (startsCommand && isNotHttp(line)) { continued = line.trimEnd().endsWith('\\'); command = 0; continue }
      if (startsCommand) command = number
      if (command) comments.set(command, `${comments.get(command) ?? ''} ${commentOf(text)}`)
      line = line.replace(/curl -sN /g, 'curl -sN --max-time 2 ')
      out.push(startsCommand && line.trim() !== '' && !line.trim().startsWith('#') ? `echo "__LINE__ ${number}" >&2; ${line}` : line)
      const quotes = (text.replace(/\\'/g, '').replace(/"[^"']*"/g, '').match(/'/g) ?? []).length
      if (quotes % 2 === 1) inQuote = !inQuote
      continued = !inQuote && text.trimEnd().endsWith('\\')
    }
  }
  return { source: out.join('\n') + '\n', comments }
}

t.test('the README\'s curl examples answer what the README says, in order, on the sample content', {
  skip: await run('sh', ['-c', 'command -v curl && command -v jq']).then(() => false, () => 'needs curl and jq (`apt-get install -y curl jq`)')
}, async (t) => {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
  const blocks = curlBlocks(readme)
  t.ok(blocks.length >= 4, `${blocks.length} blocks: ${blocks.map((b) => b.section).join(', ')}`)

  const app = await build(t)
  t.same(await seedSampleContent(app.db, app.pool), { seeded: true }, 'the sample story is loaded')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const key = (await authHeaders(app, 'admin')).authorization.replace(/^Bearer /, '')

  // The files the examples upload: an NDJSON export-format file and an article page.
  const cwd = await mkdtemp(path.join(tmpdir(), 'newsdesk-readme-'))
  t.teardown(() => rm(cwd, { recursive: true, force: true }))
  const bodies = path.join(cwd, '.bodies')
  await mkdir(bodies)
  await writeFile(path.join(cwd, 'articles.ndjson'), [
    { externalId: 'wire-2024-05-02-0193', title: 'Ministers back the eastern flank plan', status: 'published', publishedAt: '2024-05-02T09:30:00.000Z', section: 'World', topics: [{ slug: 'nato' }], quotes: [{ text: 'We will not look away.', speaker: { name: 'Maria Lopez' } }] },
    { externalId: 'wire-2024-05-02-0194', title: 'Council approves housing plan', status: 'draft' }
  ].map((line) => JSON.stringify(line)).join('\n') + '\n')
  await copyFile(path.join(ROOT, 'test/fixtures/html/01-island-ferry.txt'), path.join(cwd, 'page.txt'))
  await copyFile(path.join(ROOT, 'test/fixtures/html/01-island-ferry.html'), path.join(cwd, 'page.html'))

  const { source, comments } = script(blocks, origin, bodies)
  await writeFile(path.join(cwd, 'readme.sh'), source)
  const result = await run('bash', ['readme.sh'], { cwd, env: { ...process.env, KEY: key, ADMIN: key }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 })
    .catch((error: { stdout?: string, stderr?: string, code?: number }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '', code: error.code }))

  const lines = new Map(blocks.flatMap((b) => b.lines).map((l) => [l.number, l.text]))
  let line = 0
  let requests = 0
  for (const entry of result.stderr.split('\n')) {
    const marker = /^__LINE__ (\d+)$/.exec(entry)
    if (marker) { line = Number(marker[1]); continue }
    const status = /^__STATUS__ (\d{3}) (\S+)$/.exec(entry)
    if (!status) continue
    requests++
    const code = Number(status[1])
    const text = lines.get(line) ?? ''
    const where = `README line ${line}: ${text.trim().slice(0, 110)}`
    const comment = comments.get(line) ?? ''
    if (code === 0 || code >= 500) { t.fail(`${where} → ${code}`); continue }
    if (code >= 400) {
      if (comment.includes(String(code))) t.pass(`${where} → ${code}, as its comment says`)
      else t.fail(`${where} → ${code}: ${(await readFile(path.join(bodies, status[2]!), 'utf8')).slice(0, 300)}`)
      continue
    }
    t.pass(`${where} → ${code}`)
    // A filter that finds nothing on the sample content shows nothing.
    const body = (await readFile(path.join(bodies, status[2]!), 'utf8').catch(() => '')).replace(/^HTTP\/[\s\S]*?\r\n\r\n/, '')
    if (code === 200 && body.startsWith('{"data":[]') && !/nothing/.test(comment)) t.fail(`${where} → an empty list`)
  }
  t.ok(requests >= 25, `${requests} requests made`)
  t.equal(result.stderr.split('\n').filter((l) => l && !/^__(LINE|STATUS)__/.test(l)).join('\n'), '', 'the shell reports no error')
  if (process.env.README_TRACE) await writeFile(process.env.README_TRACE, `${source}\n----\n${result.stderr}\n----\n${result.stdout}`)
})
