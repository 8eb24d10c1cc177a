import { STATUS_CODES } from 'node:http'
import t from 'tap'
import { PROBLEM_TYPE, type ProblemExample } from '../../src/lib/examples.js'
import { authHeaders, build } from '../helpers/app.js'

// The problem examples the API reference shows (src/lib/examples.ts, attached by
// src/plugins/external/openapi-samples.ts) are what the API answers: each 400, 401, 403 and
// 404 example is sent as the request it describes and the answer compared with it.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const METHODS = ['get', 'post', 'patch', 'delete', 'put']
// About 1,100 requests: two minutes on a loaded 2-core machine, past tap's default for a file.
t.setTimeout(600_000)

t.test('every problem example has its response\'s status, the type the API sends and a real title', async (t) => {
  const app = await build(t)
  const doc = app.swagger() as unknown as Json
  let count = 0
  for (const [path, item] of Object.entries(doc.paths) as Array<[string, Json]>) {
    for (const method of METHODS) {
      for (const [status, response] of Object.entries(item[method]?.responses ?? {}) as Array<[string, Json]>) {
        const media = response.content?.['application/problem+json']
        if (!media) continue
        const examples = media.examples ? Object.values(media.examples as Record<string, { value: ProblemExample }>).map((e) => e.value) : [media.example]
        t.ok(examples.length > 0 && examples.every(Boolean), `${method.toUpperCase()} ${path} ${status} has an example`)
        for (const example of examples.filter(Boolean)) {
          count++
          if (example.status !== Number(status) || example.type !== PROBLEM_TYPE || example.title !== STATUS_CODES[example.status]) {
            t.fail(`${method.toUpperCase()} ${path} ${status}: example ${JSON.stringify(example)}`)
          }
        }
      }
    }
  }
  t.ok(count > 300, `${count} problem examples checked`)
  t.notMatch(JSON.stringify(doc), /path\/index\.html/, 'no placeholder left')
})

t.test('400, 401, 403 and 404 examples are what the API answers to the request they describe', async (t) => {
  const app = await build(t)
  const doc = app.swagger() as unknown as Json
  const admin = await authHeaders(app, 'admin')
  const writer = await authHeaders(app, 'content:write')
  const reader = await authHeaders(app, 'content:read-drafts')
  let compared = 0
  // `status=` on a topic's or speaker's list is checked once the topic is known to exist.
  const afterTopic: Array<() => Promise<void>> = []
  for (const [path, item] of Object.entries(doc.paths) as Array<[string, Json]>) {
    for (const method of METHODS) {
      const op: Json | undefined = item[method]
      if (!op) continue
      const needsKey = !(op.security ?? []).some((s: Json) => Object.keys(s).length === 0)
      const jsonBody = op.requestBody?.content?.['application/json']
      const bodyExample = jsonBody?.example ?? (Object.values(jsonBody?.examples ?? {})[0] as Json | undefined)?.value
      for (const status of ['400', '401', '403', '404']) {
        const media = op.responses?.[status]?.content?.['application/problem+json']
        for (const [name, { value: example }] of Object.entries((media?.examples ?? {}) as Record<string, { value: ProblemExample }>)) {
          let headers: Record<string, string> = {}
          let payload: unknown
          if (status === '401') headers = name === 'bad-key' || !needsKey ? { authorization: 'Bearer nd_not-a-key' } : {}
          else if (status === '403') headers = op.operationId === 'listArticles' ? {} : op.tags.includes('Keys') || op.tags.includes('Webhooks') ? writer : example.detail.includes('"content:read-drafts"') ? await authHeaders(app) : reader
          else headers = needsKey ? admin : {}
          if (status === '400' && /^body\//.test(example.detail)) payload = { ...bodyExample, colour: 'red' }
          else if (status !== '400' && bodyExample !== undefined) payload = bodyExample
          if (op.requestBody && payload === undefined && !op.requestBody.content?.['application/json']) continue // a text or NDJSON body: covered by the routes' own tests
          if (example.instance.includes('%00')) continue // Postgres' answer; the fuzz tests cover it
          const send = async (): Promise<void> => {
            const res = await app.inject({ method: method.toUpperCase() as 'GET', url: example.instance, headers, ...(payload !== undefined && { payload: payload as object }) })
            compared++
            const body = String(res.headers['content-type'] ?? '').startsWith('application/problem+json') ? res.json() : res.body
            t.same({ status: res.statusCode, body }, { status: example.status, body: example }, `${method.toUpperCase()} ${path}: the "${name}" example`)
          }
          if (status === '403' && (path.startsWith('/v1/topics/{idOrSlug}') || path.startsWith('/v1/authors/{idOrSlug}'))) afterTopic.push(send)
          else await send()
        }
      }
    }
  }
  const topic = await app.inject({ method: 'POST', url: '/v1/topics', headers: admin, payload: { name: 'NATO' } })
  t.equal(topic.statusCode, 201, 'the topic "nato" exists now')
  const author = await app.inject({ method: 'POST', url: '/v1/authors', headers: admin, payload: { name: 'Ingrid Halvorsen' } })
  t.equal(author.statusCode, 201, 'the author "ingrid-halvorsen" exists now')
  for (const send of afterTopic) await send()
  t.ok(compared > 100, `${compared} examples compared with real answers`)
})

t.test('every curl and Python request sample parses (the TypeScript ones are type-checked in test/contract)', async (t) => {
  const { execFileSync } = await import('node:child_process')
  const app = await build(t)
  const doc = app.swagger() as unknown as Json
  const python = (() => { try { execFileSync('python3', ['--version']); return true } catch { return false } })()
  let checked = 0
  for (const [path, item] of Object.entries(doc.paths) as Array<[string, Json]>) {
    for (const method of METHODS) {
      const samples: Array<{ lang: string, label: string, source: string }> = item[method]?.['x-codeSamples'] ?? []
      if (!item[method]) continue
      t.same(samples.map((s) => s.lang), ['Shell', 'TypeScript', 'Python'], `${method.toUpperCase()} ${path} has curl, TypeScript and Python samples`)
      for (const sample of samples) {
        const check = sample.lang === 'Shell' ? ['bash', ['-n']] as const : sample.lang === 'Python' && python ? ['python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())']] as const : undefined
        if (!check) continue
        try {
          execFileSync(check[0], [...check[1]], { input: sample.source, stdio: ['pipe', 'ignore', 'pipe'] })
          checked++
        } catch (error) {
          t.fail(`${method.toUpperCase()} ${path} ${sample.label}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`)
        }
      }
      const curl = samples.find((s) => s.lang === 'Shell')?.source ?? ''
      t.match(curl, new RegExp(`^curl -s( -X ${method.toUpperCase()})? 'http://localhost:3000/`), `${method.toUpperCase()} ${path}: the curl sample calls it`)
    }
  }
  t.ok(checked > 80, `${checked} samples parsed`)
})
