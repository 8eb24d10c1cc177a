import t from 'tap'
import { fillArticlePattern } from '../../src/lib/public-urls.js'

const story = { id: '0b1e2c9a-7f4d-4c1e-9a55-2f3c4d5e6f70', slug: 'allies-meet', section: 'World News', publishedAt: new Date('2024-05-02T23:30:00Z') }

t.test('PUBLIC_ARTICLE_URL placeholders', async (t) => {
  t.equal(fillArticlePattern('https://news.example.com/{section}/{year}/{month}/{day}/{slug}', story),
    'https://news.example.com/world-news/2024/05/02/allies-meet', 'section as a slug, date parts in UTC')
  t.equal(fillArticlePattern('https://news.example.com/s/{id}', story), `https://news.example.com/s/${story.id}`)
  t.equal(fillArticlePattern('https://news.example.com/{section}/{slug}', { ...story, section: null }),
    'https://news.example.com/allies-meet', 'an empty section drops its segment')
  t.equal(fillArticlePattern('https://news.example.com/{year}/{slug}', { ...story, publishedAt: null }),
    'https://news.example.com/allies-meet', 'no publication date: no date segments')
  t.equal(fillArticlePattern('https://news.example.com/{section}/{slug}', { ...story, section: 'Ünïcode & Co' }),
    'https://news.example.com/uenicode-and-co/allies-meet', 'slugified as slugs are')
})
