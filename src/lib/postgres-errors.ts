// Postgres error codes, whether the error came from pg or through Prisma's driver adapter.

/** The Postgres error code behind an error from pg or from Prisma's driver adapter. */
export function postgresCode (error: unknown): string | undefined {
  const { code, meta } = error as { code?: unknown, meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }
  const original = meta?.driverAdapterError?.cause?.originalCode
  if (typeof original === 'string') return original
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('P') ? code : undefined
}

/**
 * Whether a write was undone only because it met another at the same moment: a deadlock
 * (40P01; two writes each locking a story the other needs) or a serialization failure (40001).
 * Nothing of it was written, and the same write may simply be made again.
 */
export const isWriteCollision = (error: unknown): boolean => /^(40P01|40001)$/.test(postgresCode(error) ?? '')
