import { createNewsdeskClient } from '../../client/index.js'

// A partner's mistake the generated types must catch: reading a field the API does not have.
// `@ts-expect-error` keeps `npm test`'s tsc green only while the error exists; client.test.ts
// also strips it and checks that tsc reports the mistake, naming the field.
export async function headlineOf (baseUrl: string, slug: string): Promise<string> {
  const client = createNewsdeskClient({ baseUrl })
  const { data } = await client.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: slug } } })
  // @ts-expect-error `headline` is not an Article field (it is `title`)
  return data?.headline ?? ''
}
