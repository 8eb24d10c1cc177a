import dns from 'node:dns'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

// SSRF protection. A webhook URL is chosen by an admin but fetched by the server, from inside
// its network: refuse any destination that is not a public unicast address (loopback,
// private, link-local such as cloud metadata at 169.254.169.254, CGNAT, multicast,
// unspecified, reserved, and IPv6 forms that embed an IPv4 address: mapped, NAT64, 6to4,
// Teredo). Checked when a subscription is saved, and again at each connection, on the
// addresses DNS gives then: the connection goes to the very address that was checked, so a
// name that later resolves to 127.0.0.1 (DNS rebinding) is refused too.

// ipaddr.js's range names, as a person would say them ("a private address").
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private address',
  reserved: 'a reserved address',
  uniqueLocal: 'a unique local address',
  deprecatedSiteLocal: 'a site-local address',
  rfc6052: 'a NAT64 address',
  rfc6145: 'an IPv4-translated address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
  benchmarking: 'a benchmarking address',
  discard: 'a discard-only address'
}

/**
 * What this address is when it is not a public destination, as a phrase that follows "resolves
 * to" or "connect to" ("10.0.0.1, a private address"); null when it is a public one.
 */
export function addressProblem (address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}", which is not an IP address`
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  const range = parsed.range()
  if (range !== 'unicast') return `${address}, ${RANGE_WORDS[range] ?? `a special-purpose address (${range})`}`
  // ipaddr.js calls all of IPv6 it has no name for unicast, the deprecated IPv4-compatible
  // ::a.b.c.d (::127.0.0.1) included: only global unicast (2000::/3) is assigned to anyone.
  if (parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6)) return `${address}, an IPv6 address outside global unicast (2000::/3)`
  return null
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3')

type Lookup = (hostname: string, options: { all: true }) => Promise<Array<{ address: string, family: number }>>
const systemLookup: Lookup = (hostname, options) => dns.promises.lookup(hostname, options)

/** The host of a URL as an IP literal, without IPv6 brackets; or null for a name. */
function ipLiteral (hostname: string): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
  return ipaddr.isValid(bare) ? bare : null
}

/**
 * Why this URL may not receive webhooks, or null when it may: http(s) only, no credentials
 * in it, and (unless private destinations are allowed) a host whose every address is public.
 */
export async function destinationProblem (url: string, options: { allowPrivate: boolean, lookup?: Lookup }): Promise<string | null> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not an absolute URL'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http or https URL'
  if (parsed.username || parsed.password) return 'must not carry credentials: receivers check the signature instead'
  if (parsed.hash) return 'must not have a #fragment'
  // Nothing listens on port 0: every delivery would fail until the subscription is disabled.
  if (parsed.port === '0') return 'must not name port 0'
  if (options.allowPrivate) return null
  const literal = ipLiteral(parsed.hostname)
  if (literal !== null) {
    const problem = addressProblem(literal)
    return problem && `points to ${problem}`
  }
  let addresses: Array<{ address: string }>
  try {
    addresses = await (options.lookup ?? systemLookup)(parsed.hostname, { all: true })
  } catch {
    return `names host "${parsed.hostname}", which does not resolve`
  }
  for (const { address } of addresses) {
    const problem = addressProblem(address)
    if (problem) return `names host "${parsed.hostname}", which resolves to ${problem}`
  }
  return addresses.length === 0 ? `names host "${parsed.hostname}", which does not resolve` : null
}

/** A refusal to connect: the request fails with it and the delivery records its message. */
export class ForbiddenDestinationError extends Error {
  override name = 'ForbiddenDestinationError'
}

/**
 * A `lookup` for the connection itself (net.connect calls it, with `all: true` when it may
 * try several addresses): resolves, refuses when any address is not public, and hands on
 * only checked addresses, so the socket connects to what was checked.
 */
export function guardedLookup (lookup: Lookup = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { all: true }).then((addresses) => {
      const refused = addresses.map(({ address }) => addressProblem(address)).find((problem) => problem !== null)
      if (refused) throw new ForbiddenDestinationError(`refused to connect: host "${hostname}" resolves to ${refused}`)
      const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses
      if (wanted.length === 0) throw Object.assign(new Error(`host "${hostname}" has no IPv${String(options.family)} address`), { code: 'ENOTFOUND' })
      if (options.all) callback(null, wanted)
      else callback(null, wanted[0]!.address, wanted[0]!.family)
    }).catch((error: NodeJS.ErrnoException) => { callback(error, '', 0) })
  }
}

/** An IP literal host that may not be connected to (net.connect does not call lookup for those). */
export function literalHostProblem (url: URL): string | null {
  const literal = ipLiteral(url.hostname)
  return literal === null ? null : addressProblem(literal)
}
