// What a person starting Newsdesk reads when it cannot start: the variable or resource at
// fault and the fix, in a line or two, never a stack trace.

/** `user@host:port/database` of a Postgres URL: enough to recognise it, without the password. */
export function describeDatabaseUrl (url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.host}${parsed.pathname}`
  } catch {
    return 'an unparsable URL'
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'])

interface Context { databaseUrl?: string | undefined, host?: string, port?: number }

/** The one or two lines to print for an error that stopped start-up. */
export function explainStartupError (error: unknown, context: Context = {}): string {
  const { code, message = String(error), syscall } = (error ?? {}) as { code?: string, message?: string, syscall?: string }
  const database = context.databaseUrl ? describeDatabaseUrl(context.databaseUrl) : undefined
  if (syscall === 'listen' && code === 'EADDRINUSE') {
    return `Port ${context.port} (PORT) is already in use on ${context.host} (HOST): stop what runs there, or set PORT to a free port.`
  }
  if (syscall === 'listen' && code === 'EACCES') {
    return `Not allowed to listen on port ${context.port} (PORT): ports below 1024 need privileges; set PORT to 1024 or above.`
  }
  if (syscall === 'listen' && code === 'EADDRNOTAVAIL') {
    return `HOST=${context.host} is not an address of this machine: set HOST to 0.0.0.0, 127.0.0.1 or one of its addresses.`
  }
  if (database !== undefined) {
    if (code !== undefined && UNREACHABLE.has(code)) {
      return `Cannot reach the database in DATABASE_URL (${database}): ${code}.\nStart Postgres there or fix DATABASE_URL; unset it to use the embedded Postgres.`
    }
    if (code === '28P01' || code === '28000' || /password must be a string/.test(message)) {
      return `The database in DATABASE_URL (${database}) refused the login: ${message.replace(/^SASL: SCRAM-SERVER-FIRST-MESSAGE: /, '')}.\nFix the user name or password in DATABASE_URL.`
    }
    if (code === '3D000') {
      return `The database in DATABASE_URL (${database}) does not exist: create it (createdb), or fix the database name in DATABASE_URL.`
    }
  }
  // Configuration and embedded-Postgres errors are written as the one line to show.
  return `Newsdesk could not start: ${message.split('\n')[0]}`
}
