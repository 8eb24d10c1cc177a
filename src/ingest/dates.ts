// Absolute publication dates in the formats news sites print. Relative dates
// ("2 hours ago") are deliberately unsupported: without the crawl time they are unknown.
import { builtRegExp } from '../lib/built-regex.js'

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
}

// Offsets in hours for the zone abbreviations newsrooms commonly print.
const ZONES: Record<string, number> = {
  utc: 0, gmt: 0, z: 0, bst: 1, cet: 1, cest: 2, eet: 2, eest: 3,
  est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7,
}
// Generic US zones ("9 pm ET") follow daylight saving time: standard offsets here.
const US_GENERIC_ZONES: Record<string, number> = { et: -5, ct: -6, mt: -7, pt: -8 }

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?'
// Each optional part takes the spaces before it, so no two runs of spaces meet: "10:30 a.m. EST".
const TIME = '(?:\\s*(?:(?:,|at|@|-|–|\\|)\\s*)?(\\d{1,2})[:.](\\d{2})(?:\\s*([ap])\\.?|\\s*\\.)?(?:\\s*m\\.?)?(?:\\s*([a-z]{1,4}\\b))?)?'

const MONTH_DAY_YEAR = builtRegExp('dates MONTH_DAY_YEAR', `\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}`, 'i')
const DAY_MONTH_YEAR = builtRegExp('dates DAY_MONTH_YEAR', `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})${TIME}`, 'i')
const ISO_LIKE = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?/
// British papers print the time first: "09:14, 3 March 2025", "22:41 BST, 30 August 2024".
const TIME_DAY_MONTH_YEAR = builtRegExp('dates TIME_DAY_MONTH_YEAR', `\\b(\\d{1,2})[:.](\\d{2})(?:\\s*([ap])\\.?\\s*m\\.?)?(?:\\s*([a-z]{2,4}\\b))?(?:\\s*,)?\\s+(?:[a-z]+day,?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})`, 'i')

/** Returns an ISO 8601 UTC date-time, or null when the text holds no absolute date. */
export function parseDate(text: string): string | null {
  const iso = ISO_LIKE.exec(text)
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso
    let offsetMinutes = 0
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1
      const digits = zone.slice(1).replace(':', '')
      offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
    }
    return build(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), offsetMinutes)
  }
  const timeFirst = TIME_DAY_MONTH_YEAR.exec(text)
  if (timeFirst) {
    const [, h, mi, ampm, zone, day, month = '', year] = timeFirst
    return withTime(Number(year), monthNumber(month), Number(day), h, mi, ampm, zone)
  }
  const mdy = MONTH_DAY_YEAR.exec(text)
  if (mdy) {
    const [, month = '', day, year, h, mi, ampm, zone] = mdy
    return withTime(Number(year), monthNumber(month), Number(day), h, mi, ampm, zone)
  }
  const dmy = DAY_MONTH_YEAR.exec(text)
  if (dmy) {
    const [, day, month = '', year, h, mi, ampm, zone] = dmy
    return withTime(Number(year), monthNumber(month), Number(day), h, mi, ampm, zone)
  }
  return null
}

/** Where the first absolute date in `text` starts, or -1. */
export function dateStart(text: string): number {
  const starts = [ISO_LIKE, TIME_DAY_MONTH_YEAR, MONTH_DAY_YEAR, DAY_MONTH_YEAR].map((re) => re.exec(text)?.index ?? -1).filter((i) => i >= 0)
  return starts.length > 0 ? Math.min(...starts) : -1
}

export function containsDate(text: string): boolean {
  return parseDate(text) !== null
}

function monthNumber(name: string): number {
  return MONTHS[name.toLowerCase().replace('.', '').slice(0, name.toLowerCase().startsWith('sept') ? 4 : 3)] ?? 0
}

function withTime(year: number, month: number, day: number, hour?: string, minute?: string, ampm?: string, zone?: string): string | null {
  let h = hour === undefined ? 0 : Number(hour)
  if (ampm) {
    const pm = ampm.toLowerCase() === 'p'
    if (pm && h < 12) h += 12
    if (!pm && h === 12) h = 0
  }
  const key = zone?.toLowerCase() ?? ''
  const generic = US_GENERIC_ZONES[key]
  const zoneHours = generic !== undefined ? generic + (inUsDaylightTime(year, month, day) ? 1 : 0) : ZONES[key]
  return build(year, month, day, h, minute === undefined ? 0 : Number(minute), 0, (zoneHours ?? 0) * 60)
}

/** US daylight time: second Sunday of March to first Sunday of November (by date). */
function inUsDaylightTime(year: number, month: number, day: number): boolean {
  const nthSunday = (m: number, n: number): number => {
    const firstWeekday = new Date(Date.UTC(year, m - 1, 1)).getUTCDay()
    return 1 + ((7 - firstWeekday) % 7) + (n - 1) * 7
  }
  const value = month * 100 + day
  return value >= 300 + nthSunday(3, 2) && value < 1100 + nthSunday(11, 1)
}

function build(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000
  const date = new Date(utc)
  // Reject roll-overs such as February 31.
  if (offsetMinutes === 0 && date.getUTCDate() !== day) return null
  return date.toISOString()
}
