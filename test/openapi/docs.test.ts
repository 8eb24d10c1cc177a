import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium } from 'playwright-core'
import t from 'tap'
import { build } from '../helpers/app.js'

// Opens /docs in a real headless Chromium (Debian's, not a downloaded build) and checks that
// the reference renders every content operation, loading nothing from anywhere but this server.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CONTENT_TAGS = ['Articles', 'Quotes', 'Topics', 'Speakers']
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

t.test('GET /docs renders the reference offline, listing the content operations', {
  skip: existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run does) to run this test`
}, async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { operationId: string, tags: string[] }>> }
  const expected = Object.values(doc.paths).flatMap((item) => Object.values(item))
    .filter((op) => CONTENT_TAGS.includes(op.tags[0] ?? ''))
  t.ok(expected.length > 0, `${expected.length} content operations in the document`)

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })
  t.teardown(() => browser.close())
  const page = await browser.newPage()
  const elsewhere: string[] = []
  const failed: string[] = []
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) elsewhere.push(url)
  })
  page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`))
  page.on('pageerror', (error) => failed.push(`page error: ${error.message}`))

  const response = await page.goto(`${origin}/docs`, { waitUntil: 'networkidle' })
  t.equal(response?.status(), 200)
  await page.locator('.opblock').first().waitFor({ timeout: 20_000 })

  t.match(await page.locator('.info .title').innerText(), /Newsdesk Content API/)
  for (const op of expected) {
    // Swagger UI gives each operation the id operations-<tag>-<operationId>.
    const block = page.locator(`[id="operations-${op.tags[0]}-${op.operationId}"]`)
    t.equal(await block.count(), 1, `lists ${op.tags[0]} › ${op.operationId}`)
  }
  t.same(elsewhere, [], 'loads nothing from a CDN or any other host')
  t.same(failed, [], 'no failed request, no script error')
  if (process.env.DOCS_SCREENSHOT) await page.screenshot({ path: process.env.DOCS_SCREENSHOT, fullPage: true })
})

t.test('/docs has a policy of its own; the API keeps helmet\'s', async (t) => {
  const app = await build(t)
  // Helmet's `default-src 'none'` (right for JSON) would stop Swagger UI's scripts and styles.
  for (const url of ['/docs', '/docs/static/swagger-ui-bundle.js']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-security-policy'], /^default-src 'self';.*script-src 'self'/, `${url}: Swagger UI's own policy, once`)
  }
  const api = await app.inject({ url: '/v1/articles' })
  t.match(api.headers['content-security-policy'], /^default-src 'none'/, 'the API still loads nothing')
})
