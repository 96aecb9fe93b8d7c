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

/** The IMF-fixdate of a time, as sent in Last-Modified. */
export function formatHttpDate (millis: number): string {
  return new Date(millis).toUTCString()
}

/** A time cut to whole seconds, the precision of HTTP-dates (a validator of 12:00:00.700 is 12:00:00). */
export function toSeconds (millis: number): number {
  return Math.floor(millis / 1000) * 1000
}
