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
  t.equal(nestsDeeperThan('<svg>' + '<path d="M0 0"/>'.repeat(1000) + '</svg>'), false, 'in svg, `/>` closes')
  t.equal(nestsDeeperThan(`<SCRIPT>${'<div>'.repeat(1000)}</script >`), false, 'script text opens nothing')
  t.equal(nestsDeeperThan(`<!-- ${'<div>'.repeat(1000)} -->`), false)
  t.equal(nestsDeeperThan(`<!DOCTYPE html><?xml x?>${'a < b '.repeat(1000)}`), false)
})

// A bound for a busy CI machine: one pass over a megabyte takes tens of milliseconds, and a scan
// that went back over the input would take minutes on these pages, so 5 s still tells them apart.
t.test('nesting depth: one pass, however the markup is broken', async (t) => {
  for (const page of ['<script>' + 'x</sc'.repeat(200_000), '<div a="'.repeat(100_000), '<'.repeat(1_000_000), '<!--' + '<!-'.repeat(300_000)]) {
    const started = performance.now()
    nestsDeeperThan(page)
    t.ok(performance.now() - started < 5_000, `${page.slice(0, 12)}…: ${Math.round(performance.now() - started)} ms`)
  }
})

// Each of these nests as deep as the plain divs for the page's parser (linkedom, on htmlparser2),
// and each got past the check and spent the whole 10 s parse budget (attack13).
t.test('nesting depth: what the parser nests is counted, however it is written', async (t) => {
  const n = MAX_HTML_NESTING + 1
  const pages: Record<string, string> = {
    '<div/> (a non-void element\'s `/>` is ignored)': '<div/>'.repeat(n),
    'stray end tags (`</span>` with no span open)': '<div></span>'.repeat(n),
    'an end tag named "div/"': '<div></div/>'.repeat(n),
    'a quote in an attribute name': '<div x"y>' + '<div>'.repeat(n) + '"',
    'noembed, noframes, plaintext hold markup': '<noembed>' + '<div>'.repeat(n),
    '<script/> is not raw text': '<script/>' + '<div>'.repeat(n) + '</script>',
    'a tag name with other characters': '<x_y></x>'.repeat(n),
    'nested tables without end tags': '<table><tr><td>'.repeat(Math.ceil(n / 3)),
    'a span in each unclosed paragraph': '<p><span>'.repeat(Math.ceil(n / 2)),
    'svg closed, then `/>` on html again': '<svg><g/></svg>' + '<div/>'.repeat(n)
  }
  for (const [what, page] of Object.entries(pages)) t.equal(nestsDeeperThan(page), true, what)
  // And what does not nest still does not.
  t.equal(nestsDeeperThan('<table>' + '<tr><td>cell<td>cell'.repeat(5000) + '</table>'), false, 'rows and cells without end tags are siblings')
  t.equal(nestsDeeperThan('<a href=x/>link</a>'.repeat(1000)), false, 'an unquoted value may end in /')
  t.equal(nestsDeeperThan('<title>' + '<div>'.repeat(1000) + '</title >'), false)
})
