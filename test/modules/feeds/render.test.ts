import t from 'tap'
import { renderFeed, type FeedChannel } from '../../../src/modules/feeds/render.js'
import type { FeedEntry } from '../../../src/modules/feeds/entries.js'
import { readers } from './validate.js'

// What a story may hold must never make a feed unreadable: CDATA terminators, characters XML
// forbids, markup in titles.
const channel: FeedChannel = {
  id: 'https://api.example.com/v1/feeds/articles.atom',
  title: 'Test & <Co>',
  description: 'Stories',
  link: 'https://news.example.com/',
  self: { rss: 'https://api.example.com/v1/feeds/articles.rss', atom: 'https://api.example.com/v1/feeds/articles.atom', json: 'https://api.example.com/v1/feeds/articles.json' },
  language: 'en',
  publisher: { name: 'Test & Co', link: 'https://news.example.com/' },
  updated: new Date('2024-05-02T10:00:00Z')
}
const entry: FeedEntry = {
  kind: 'article',
  guid: 'urn:uuid:0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70',
  articleId: '0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70',
  title: 'Ends ]]> here ]]> twice, <b>bold</b> & \u0001 control',
  link: 'https://news.example.com/world/a',
  summary: 'A summary with ]]> and <script>alert(1)</script>',
  contentHtml: '<p>Body ]]&gt; and \uD800 a lone surrogate</p>',
  published: new Date('2024-05-02T09:00:00Z'),
  updated: new Date('2024-05-02T10:00:00Z'),
  authors: ['Staff & Wires'],
  categories: ['World']
}

t.test('hostile text still makes feeds that validate', async (t) => {
  for (const format of ['rss', 'atom', 'json'] as const) {
    const body = renderFeed(format, channel, [entry])
    const feed = readers[format](body)
    t.same(feed.problems, [], `${format} validates`)
    t.equal(feed.entries.length, 1)
    t.match(feed.entries[0]?.title, /twice, <b>bold<\/b> & {2}control|twice, bold & {2}control/, `${format}: the title survives`)
    t.notMatch(body, /\u0001|\uD800/, `${format}: no character XML forbids`)
  }
})
