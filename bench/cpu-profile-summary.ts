// Where a server's CPU went, from a V8 profile (`node --cpu-prof --cpu-prof-dir=DIR dist/bundle/server.js`,
// written when the process exits on SIGINT/SIGTERM), in µs per answer:
//   node --import tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--answers N] [--top 40]
// Self time by module (each function of the bundle is put in the module esbuild marked it with,
// `// node_modules/pg-protocol/...`), self time by function, and inclusive time of each function
// (counted once per sample, however often it recurs on the stack). The idle node is left out, so
// the figures are the busy time the sampler saw (wall time on a busy thread, not only CPU).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

interface CallFrame { functionName: string, url: string, lineNumber: number, columnNumber: number }
interface ProfileNode { id: number, callFrame: CallFrame, hitCount?: number, children?: number[] }
interface Profile { nodes: ProfileNode[], startTime: number, endTime: number, samples: number[], timeDeltas: number[] }

const { values, positionals } = parseArgs({ allowPositionals: true, options: { answers: { type: 'string' }, top: { type: 'string', default: '40' } } })
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile
const answers = values.answers === undefined ? undefined : Number(values.answers)
const top = Number(values.top)

// Module markers of each bundle file: line numbers (0-based, as V8 gives them) where a module starts.
const markers = new Map<string, Array<{ line: number, module: string }>>()
function moduleOf (frame: CallFrame): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)'
  if (frame.url.startsWith('node:')) return frame.url
  if (!frame.url.startsWith('file://')) return frame.url
  let list = markers.get(frame.url)
  if (list === undefined) {
    list = []
    try {
      const lines = readFileSync(fileURLToPath(frame.url), 'utf8').split('\n')
      lines.forEach((text, line) => {
        const match = /^\/\/ ((?:node_modules|dist|src)\/\S+)$/.exec(text)
        if (match) list!.push({ line, module: match[1]! })
      })
    } catch { /* not a file any more */ }
    markers.set(frame.url, list)
  }
  let found = frame.url.slice(frame.url.lastIndexOf('/') + 1)
  for (const marker of list) {
    if (marker.line > frame.lineNumber) break
    found = marker.module
  }
  // node_modules/<pkg>/... or node_modules/@scope/<pkg>/... : the package; our own files whole.
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(found)
  return pkg ? pkg[1]! : found
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

// Time per sample: the deltas, attributed to the sample they precede the next of.
const timeOf = new Map<number, number>()
for (let index = 0; index < profile.samples.length; index++) {
  const delta = profile.timeDeltas[index + 1] ?? 0
  timeOf.set(profile.samples[index]!, (timeOf.get(profile.samples[index]!) ?? 0) + delta)
}
const label = (frame: CallFrame): string => `${frame.functionName || '(anonymous)'} ${moduleOf(frame)}:${frame.lineNumber + 1}`

const selfByModule = new Map<string, number>()
const selfByFunction = new Map<string, number>()
const inclusive = new Map<string, number>()
let busy = 0
for (const [id, time] of timeOf) {
  const node = byId.get(id)!
  if (node.callFrame.functionName === '(idle)') continue
  busy += time
  const module = moduleOf(node.callFrame)
  selfByModule.set(module, (selfByModule.get(module) ?? 0) + time)
  selfByFunction.set(label(node.callFrame), (selfByFunction.get(label(node.callFrame)) ?? 0) + time)
  const seen = new Set<string>()
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
    const name = label(byId.get(current)!.callFrame)
    if (seen.has(name)) continue
    seen.add(name)
    inclusive.set(name, (inclusive.get(name) ?? 0) + time)
  }
}

const per = (time: number): string => answers ? `${(time / answers).toFixed(1).padStart(7)} µs` : `${(time / 1000).toFixed(1).padStart(9)} ms`
const share = (time: number): string => `${(100 * time / busy).toFixed(1).padStart(5)}%`
function print (title: string, map: Map<string, number>): void {
  console.log(`\n${title}`)
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${per(time)} ${share(time)}  ${name}`)
}
console.log(`busy ${per(busy)}${answers ? ` per answer over ${answers} answers` : ''} (${(busy / 1000).toFixed(0)} ms busy of ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms)`)
print('self time by module', selfByModule)
print('self time by function', selfByFunction)
print('inclusive time by function', inclusive)
