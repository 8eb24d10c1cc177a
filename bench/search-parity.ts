// The search target asks for the same top 20 as the naive ranked query: ask both servers
// every benchmark query and compare the ids, in order. When the naive query finds nothing,
// Newsdesk tries close speaker and topic names instead (a did-you-mean); those queries are
// counted apart.

export interface SearchParity { queries: number, identical: number, closeNames: string[], differing: string[] }

async function topIds (url: string): Promise<string[]> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  const body = await response.json() as { data: { id: string }[] }
  return body.data.map((hit) => hit.id)
}

export async function compareTop20 (newsdeskUrl: string, baselineUrl: string, queries: string[]): Promise<SearchParity> {
  const parity: SearchParity = { queries: queries.length, identical: 0, closeNames: [], differing: [] }
  for (const q of queries) {
    const param = encodeURIComponent(q)
    const [ours, naive] = await Promise.all([
      topIds(`${newsdeskUrl}/v1/search?type=articles&limit=20&q=${param}`),
      topIds(`${baselineUrl}/v1/search?q=${param}`)
    ])
    if (ours.join() === naive.join()) parity.identical++
    else if (naive.length === 0) parity.closeNames.push(q)
    else parity.differing.push(q)
  }
  return parity
}
