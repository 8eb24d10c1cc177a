import t from 'tap'
import { MAX_HTML_NESTING, nestsDeeperThan } from '../../src/ingest/html/nesting.js'

// The pre-parse depth check counts what makes a tree deep, and only that.

t.test('nesting depth: elements that hold others count; void, self-closed, sibling-closed, raw text and comments do not', async (t) => {
  const divs = (n: number): string => '<div class="a>b">'.repeat(n) + 'x' + '</div>'.repeat(n)
  t.equal(nestsDeeperThan(divs(MAX_HTML_NESTING)), false, 'at the limit')
  t.equal(nestsDeeperThan(divs(MAX_HTML_NESTING + 1)), true, 'one beyond it')
  t.equal(nestsDeeperThan('<span>'.repeat(300)), true, 'unclosed elements nest, as a browser nests them')
  t.equal(nestsDeeperThan('<p>paragraph'.repeat(5000)), false, '<p> without </p>: siblings')
  t.equal(nestsDeeperThan('<li>item'.repeat(5000) + '<br>'.repeat(5000) + '<img src=x />'.repeat(500)), false)
  t.equal(nestsDeeperThan('<div/>'.repeat(1000)), false)
  t.equal(nestsDeeperThan(`<SCRIPT>${'<div>'.repeat(1000)}</script >`), false, 'script text opens nothing')
  t.equal(nestsDeeperThan(`<!-- ${'<div>'.repeat(1000)} -->`), false)
  t.equal(nestsDeeperThan(`<!DOCTYPE html><?xml x?>${'a < b '.repeat(1000)}`), false)
})

t.test('nesting depth: one pass, however the markup is broken', async (t) => {
  for (const page of ['<script>' + 'x</sc'.repeat(200_000), '<div a="'.repeat(100_000), '<'.repeat(1_000_000), '<!--' + '<!-'.repeat(300_000)]) {
    const started = performance.now()
    nestsDeeperThan(page)
    t.ok(performance.now() - started < 500, `${page.slice(0, 12)}…: ${Math.round(performance.now() - started)} ms`)
  }
})
