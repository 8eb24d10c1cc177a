import { httpProblem } from '../../lib/problem.js'
import { slugFor } from '../../lib/slugs.js'
import { linkByName, mayLink } from '../../lib/visible-links.js'
import { sqlOfTransaction } from '../../lib/visibility.js'
import type { ContentTx } from '../../lib/write-path.js'
import type { AuthorLinkDto } from './schemas.js'

// An article's authors, as every write path gives them (POST and PATCH, the importer, bulk).

/**
 * The ids of the authors the links name, in byline order without repeats: an existing author
 * by id or slug (422 when there is none), or by name, created when no author has its slug. The
 * create is one statement that yields to a concurrent one, as topics and speakers do. With
 * `visibleOnly` an author only hidden stories credit is as unknown as none (lib/visible-links.ts).
 */
export async function resolveAuthors (tx: ContentTx, links: readonly AuthorLinkDto[], visibleOnly = false): Promise<string[]> {
  const ids: string[] = []
  for (const link of links) {
    let id: string
    if ('name' in link) {
      id = await linkByName(sqlOfTransaction(tx), 'author', link.slug ?? slugFor(link.name), visibleOnly, async (slug) => {
        await tx.$executeRaw`INSERT INTO authors (slug, name, role, bio, url, avatar_url, created_at, updated_at)
          VALUES (${slug}, ${link.name}, ${link.role ?? null}, ${link.bio ?? null}, ${link.url ?? null}, ${link.avatarUrl ?? null}, clock_timestamp(), clock_timestamp())
          ON CONFLICT (slug) DO NOTHING`
        return (await tx.author.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id
      })
    } else {
      const author = await tx.author.findFirst({ where: link, select: { id: true } })
      if (!await mayLink(sqlOfTransaction(tx), 'author', author?.id, visibleOnly)) {
        throw httpProblem(422, `Author "${'id' in link ? link.id : link.slug}" does not exist; give their name to create them.`)
      }
      id = author!.id
    }
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}

/** Makes `authorIds` the article's authors, in that order; writes nothing when they already are. */
export async function replaceAuthors (tx: ContentTx, articleId: string, authorIds: string[]): Promise<void> {
  const current = await tx.articleAuthor.findMany({ where: { articleId }, orderBy: { position: 'asc' }, select: { authorId: true } })
  if (current.map((link) => link.authorId).join() === authorIds.join()) return
  await tx.articleAuthor.deleteMany({ where: { articleId } })
  await tx.articleAuthor.createMany({ data: authorIds.map((authorId, position) => ({ articleId, authorId, position })) })
}
