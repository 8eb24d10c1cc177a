// API keys belong in `Authorization`. One put in the URL (query or path) ends up in access logs, proxies,
// browser history and Referer headers, so it is refused, and never written to a log line.

/** Query parameters a client might put a key in. */
const KEY_PARAMS = new Set(['key', 'apikey', 'api_key', 'api-key', 'access_token', 'token', 'auth', 'authorization', 'bearer'])
/** A Newsdesk key, whatever parameter carries it. */
const KEY_VALUE = /^(bearer\s+)?nd_[A-Za-z0-9_-]{16,}$/i

function isKeyParam (name: string, value: string): boolean {
  return KEY_PARAMS.has(name.toLowerCase()) || KEY_VALUE.test(value.trim())
}

function queryOf (url: string): URLSearchParams | undefined {
  const start = url.indexOf('?')
  if (start === -1) return undefined
  try {
    return new URLSearchParams(url.slice(start + 1))
  } catch {
    return undefined
  }
}

/**
 * What any key parameter's name or value holds (or hides behind percent-encoding): a URL
 * without any is not parsed, as most are not.
 */
const MAYBE_KEY = /key|token|auth|bearer|nd_|%/i

/** The name of the first query parameter that carries (or is named for) a key, if any. */
export function keyParamIn (url: string): string | undefined {
  if (!url.includes('?') || !MAYBE_KEY.test(url)) return undefined
  for (const [name, value] of queryOf(url) ?? []) if (isKeyParam(name, value)) return name
  return undefined
}

/** A path segment that is a key, as sent or percent-encoded. */
function isKeySegment (segment: string): boolean {
  try {
    return KEY_VALUE.test(decodeURIComponent(segment))
  } catch {
    return KEY_VALUE.test(segment)
  }
}

/** The URL's path and the rest (its query with the `?`, or ''). */
function splitPath (url: string): [string, string] {
  const end = url.indexOf('?')
  return end === -1 ? [url, ''] : [url.slice(0, end), url.slice(end)]
}

/** Whether a path segment is a key (`DELETE /v1/keys/nd_…` by someone who meant its id). */
export function keyInPath (url: string): boolean {
  const [path] = splitPath(url)
  return /nd_|%/i.test(path) && path.split('/').some(isKeySegment)
}

/** The URL with every key in its path and the value of every key-carrying query parameter replaced by REDACTED, for logs and problems. */
export function redactKeyParams (url: string): string {
  if (keyInPath(url)) {
    const [path, rest] = splitPath(url)
    url = path.split('/').map((segment) => isKeySegment(segment) ? 'REDACTED' : segment).join('/') + rest
  }
  if (keyParamIn(url) === undefined) return url
  const start = url.indexOf('?')
  const pairs = url.slice(start + 1).split('&').map((pair) => {
    const [name, value] = [...new URLSearchParams(pair)][0] ?? ['', '']
    return isKeyParam(name, value) ? `${pair.split('=')[0]}=REDACTED` : pair
  })
  return `${url.slice(0, start)}?${pairs.join('&')}`
}
