import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium } from 'playwright-core'
import t from 'tap'
import { DOCS_SCRIPT_URL } from '../../src/plugins/external/docs.js'
import { build } from '../helpers/app.js'

// Opens /docs (Scalar) in a real headless Chromium (Debian's, not a downloaded build) and uses
// it as a partner would: the sidebar lists every content operation, search finds one, the
// request sample switches to the typed TypeScript client, and a 401 example says 401. Nothing
// may load from anywhere but this server.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CONTENT_TAGS = ['Articles', 'Quotes', 'Topics', 'Speakers']
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

interface Operation { operationId: string, summary: string, tags: string[] }

t.test('GET /docs is a reference a partner can use offline: navigation, search, samples, real examples', {
  skip: existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run does) to run this test`
}, async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }
  const expected = Object.values(doc.paths).flatMap((item) => Object.values(item))
    .filter((op) => CONTENT_TAGS.includes(op.tags[0] ?? ''))
  t.ok(expected.length > 0, `${expected.length} content operations in the document`)

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const elsewhere: string[] = []
  const failed: string[] = []
  const blocked: string[] = []
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) elsewhere.push(url)
  })
  page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`))
  page.on('pageerror', (error) => failed.push(`page error: ${error.message}`))
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) blocked.push(message.text()) })

  const response = await page.goto(`${origin}/docs`, { waitUntil: 'networkidle' })
  t.equal(response?.status(), 200)
  const sidebar = page.getByRole('navigation', { name: /^Sidebar/ })
  await page.getByText('List articles').first().waitFor({ timeout: 30_000 })
  t.match(await page.locator('h1').first().innerText(), /Newsdesk Content API/)

  // Navigation: every tag is in the sidebar; opening a tag lists its operations by summary.
  for (const tag of CONTENT_TAGS) {
    const entry = sidebar.getByText(tag, { exact: true }).first()
    t.equal(await entry.count(), 1, `the sidebar lists ${tag}`)
    if (tag !== 'Articles') await entry.click() // the first tag starts open
  }
  for (const op of expected) {
    t.ok(await sidebar.getByText(op.summary, { exact: true }).first().isVisible(), `the sidebar lists ${op.tags[0]} › ${op.summary}`)
  }

  // Search: the search box finds an operation by words of its summary and goes to it.
  await page.locator('button[role="search"]').first().click()
  await page.keyboard.type('random quote')
  const dialog = page.getByRole('dialog')
  const hit = dialog.getByText('A random quote').first()
  await hit.waitFor({ timeout: 10_000 })
  t.match(await dialog.innerText(), /\/v1\/quotes\/random/, 'search finds GET /v1/quotes/random')
  await hit.click()
  await page.waitForURL(/#.*\/v1\/quotes\/random/, { timeout: 10_000 })
  t.pass('choosing the hit goes to the operation')

  // A request sample: curl first, then the typed client, then Python.
  const create = page.locator('section[id$="/tag/articles/POST/v1/articles"]')
  await create.scrollIntoViewIfNeeded()
  const picker = create.locator('[data-testid="client-picker"]').first()
  t.match(await picker.innerText(), /curl/, 'curl is the first sample')
  t.match(await create.innerText(), /curl -s -X POST 'http:\/\/localhost:3000\/v1\/articles'/, 'the curl sample is shown')
  await picker.click()
  t.same(await page.getByRole('option').allInnerTexts(), ['curl', 'TypeScript (typed client)', 'Python (requests)'], 'three samples to choose from')
  await page.getByRole('option', { name: 'TypeScript (typed client)' }).click()
  await create.getByText('createNewsdeskClient').first().waitFor({ timeout: 10_000 })
  t.match(await create.innerText(), /await newsdesk\.POST\('\/v1\/articles'/, 'the typed client sample is shown')

  // A 401 example is a real 401 problem.
  await create.getByRole('tab', { name: '401' }).first().click()
  const example = await create.innerText()
  t.match(example, /"type": "about:blank"/, 'the 401 example has the type the API sends')
  t.match(example, /"status": 401/, 'the 401 example says 401')
  t.match(example, /"title": "Unauthorized"/)
  t.notMatch(example, /path\/index\.html/, 'no placeholder example')

  t.same(elsewhere, [], 'loads nothing from a CDN or any other host')
  t.same(failed, [], 'no failed request, no script error')
  t.same(blocked, [], 'nothing the page needs is blocked by its Content-Security-Policy')
  if (process.env.DOCS_SCREENSHOT) await page.screenshot({ path: process.env.DOCS_SCREENSHOT, fullPage: false })
})

t.test('/docs has a policy of its own; the API keeps helmet\'s', async (t) => {
  const app = await build(t)
  // Helmet's `default-src 'none'` (right for JSON) would stop Scalar's script and styles.
  for (const url of ['/docs', DOCS_SCRIPT_URL]) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-security-policy'], /^default-src 'self';.*script-src 'self';/, `${url}: the reference's own policy, once`)
    t.notMatch(res.headers['content-security-policy'], /unsafe-eval|script-src[^;]*unsafe-inline/, 'no script but files from this server')
  }
  const page = await app.inject({ url: '/docs' })
  t.match(page.body, new RegExp(`<script src="${DOCS_SCRIPT_URL}">`), 'the page loads Scalar from this server')
  t.notMatch(page.body, /https?:\/\//, 'and names no other host')
  const script = await app.inject({ url: DOCS_SCRIPT_URL, headers: { 'accept-encoding': 'gzip' } })
  t.equal(script.headers['content-encoding'], 'gzip', 'the bundle is sent compressed')
  t.match(script.headers['cache-control'], /immutable/, 'and kept by browsers: its name carries the version')
  const api = await app.inject({ url: '/v1/articles' })
  t.match(api.headers['content-security-policy'], /^default-src 'none'/, 'the API still loads nothing')
})
