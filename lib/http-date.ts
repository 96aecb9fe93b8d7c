// HTTP-date (RFC 9110 section 5.6.7), read strictly: the IMF-fixdate and the two obsolete forms a
// recipient must still accept, nothing else. Date.parse reads far more ("2024", "tomorrow" in some
// engines, local times), and a date the RFC does not define must make its condition ignored.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)'
const MONTH = `(${MONTHS.join('|')})`
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})'
// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`)
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`)
// Sun Nov  6 08:49:37 1994
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`)

function toMillis (year: number, month: string, day: number, hour: number, minute: number, second: number): number | undefined {
  const monthIndex = MONTHS.indexOf(month)
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const millis = Date.UTC(year, monthIndex, day, hour, minute, second)
  // Date.UTC rolls 31 Feb (or day 00) over into another month: such a date is not a date.
  return new Date(millis).getUTCDate() === day ? millis : undefined
}

/** The time of an HTTP-date in milliseconds (whole seconds), or undefined when it is not one. */
export function parseHttpDate (value: string): number | undefined {
  const text = value.trim()
  let match = IMF_FIXDATE.exec(text)
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match as unknown as string[]
    return toMillis(Number(year), month!, Number(day), Number(hour), Number(minute), Number(second))
  }
  match = RFC850_DATE.exec(text)
  if (match !== null) {
    const [, day, month, shortYear, hour, minute, second] = match as unknown as string[]
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
    const thisYear = new Date().getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + Number(shortYear)
    if (year > thisYear + 50) year -= 100
    return toMillis(year, month!, Number(day), Number(hour), Number(minute), Number(second))
  }
  match = ASCTIME_DATE.exec(text)
  if (match !== null) {
    const [, month, day, hour, minute, second, year] = match as unknown as string[]
    return toMillis(Number(year), month!, Number(day!.trim()), Number(hour), Number(minute), Number(second))
  }
  return undefined
}

const WEEKDAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'] // 1970-01-01 was a Thursday
const DAY_MS = 86_400_000
const two = (n: number): string => n < 10 ? `0${n}` : String(n)

/**
 * The IMF-fixdate of a time, as sent in Last-Modified: what Date's toUTCString() writes, computed
 * from the day count (civil-from-days) without its formatter, which costs far more per call.
 */
export function formatHttpDate (millis: number): string {
  const days = Math.floor(millis / DAY_MS)
  // Years 0000 and 9999 bound where toUTCString's four-digit year holds; outside them (or an
  // invalid time), its own output.
  if (!(days >= -719_528 && days <= 2_932_896)) return new Date(millis).toUTCString()
  const seconds = Math.floor((millis - days * DAY_MS) / 1000)
  // Howard Hinnant's civil_from_days: eras of 400 years, March-based years.
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const weekday = WEEKDAYS[((days % 7) + 7) % 7]
  return `${weekday}, ${two(day)} ${MONTHS[month - 1]} ${String(year).padStart(4, '0')} ` +
    `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)} GMT`
}

const digit = (text: string, at: number): number => {
  const code = text.charCodeAt(at) - 48
  return code >= 0 && code <= 9 ? code : NaN
}
const number = (text: string, from: number, length: number): number => {
  let value = 0
  for (let i = from; i < from + length; i++) value = value * 10 + digit(text, i)
  return value
}

/**
 * Date.parse of a UTC time as databases write it (`2024-05-01T12:00:00Z`, with up to three digits of
 * milliseconds), read without Date's general parser; any other text goes to Date.parse itself.
 */
export function parseTimestamp (text: string): number {
  const length = text.length
  if ((length === 20 || (length >= 22 && length <= 24 && text.charCodeAt(19) === 46)) && text.charCodeAt(length - 1) === 90 &&
    text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && text.charCodeAt(10) === 84 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58) {
    const month = number(text, 5, 2)
    const day = number(text, 8, 2)
    const hour = number(text, 11, 2)
    const minute = number(text, 14, 2)
    const second = number(text, 17, 2)
    const fraction = length === 20 ? 0 : number(text, 20, length - 21)
    const year = number(text, 0, 4)
    // Days past the 28th differ by month: those, anything out of range, and years below 100 (which
    // Date.UTC reads as 19xx) are Date.parse's to judge.
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59 && !Number.isNaN(fraction)) {
      return Date.UTC(year, month - 1, day, hour, minute, second, length === 20 ? 0 : fraction * 10 ** (24 - length))
    }
  }
  return Date.parse(text)
}

/** A time cut to whole seconds, the precision of HTTP-dates (a validator of 12:00:00.700 is 12:00:00). */
export function toSeconds (millis: number): number {
  return Math.floor(millis / 1000) * 1000
}
