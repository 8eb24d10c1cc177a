import { Format } from 'typebox/format'

// The one validator of every date-time a caller sends (query parameters, JSON bodies, bulk
// lines, imports): JSON Schema's `format: 'date-time'` means this function, for Fastify's
// Ajv and for TypeBox alike. A value it accepts is one `new Date()` reads exactly, so no
// route can meet an Invalid Date later.
//
// RFC 3339 allows a leap second (`23:59:60`); JavaScript dates and Postgres cannot hold one
// exactly, so it is refused with a message saying what to send instead.

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/

// The instants years 0001 to 9999 hold, in UTC: an offset may not carry a date past them
// (9999-12-31T23:59:59-01:00 is in the year 10000, which pg cannot read back from Postgres).
const EARLIEST = new Date('0001-01-01T00:00:00.000Z').getTime()
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime()

export const DATE_TIME_RULE = 'must be an RFC 3339 date-time such as 2024-05-02T09:30:00Z, years 0001 to 9999 ' +
  '(a leap second, :60, is not accepted: send 23:59:59.999)'

/** The instant an RFC 3339 date-time names, or undefined when it is not one (or is a leap second). */
export function parseDateTime (value: string): Date | undefined {
  const match = RFC_3339.exec(value)
  if (!match) return undefined
  const [year, month, day, hour, minute, second, offsetHours = 0, offsetMinutes = 0] =
    [match[1], match[2], match[3], match[4], match[5], match[6], match[9], match[10]].map(Number) as number[]
  if (year! < 1 || hour! > 23 || minute! > 59 || second! > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined
  // A day that does not exist in its month (02-30) rolls over in Date.UTC: refuse it.
  const calendar = new Date(Date.UTC(2000, month! - 1, day!))
  calendar.setUTCFullYear(year!)
  if (month! < 1 || month! > 12 || calendar.getUTCMonth() !== month! - 1 || calendar.getUTCDate() !== day) return undefined
  const date = new Date(value)
  const time = date.getTime()
  return Number.isNaN(time) || time < EARLIEST || time > LATEST ? undefined : date
}

export const isDateTime = (value: string): boolean => parseDateTime(value) !== undefined

/** Makes TypeBox's `date-time` format this one (bulk lines are checked with TypeBox). */
Format.Set('date-time', isDateTime)
