// Durations of cache policies: a whole number of seconds, or a number with a unit ('90s' '5m' '1h'
// '7d' '2w' '1y'). Anything else (negative, fractional, NaN, malformed, too large) is refused.

/** Seconds, or a number with a unit: '90s' '5m' '1h' '7d' '2w' '1y'. */
export type Duration = number | `${number}${'s' | 'm' | 'h' | 'd' | 'w' | 'y'}`

/** RFC 9111 section 1.2.2: caches treat larger delta-seconds as 2^31, so larger values say nothing more. */
export const MAX_DELTA_SECONDS = 2147483648

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }
const DURATION = /^(\d{1,10})([smhdwy])$/

/** The duration in seconds, or undefined when the value is not a valid duration. */
export function parseDuration (value: unknown): number | undefined {
  let seconds: number
  if (typeof value === 'number') {
    seconds = value
  } else if (typeof value === 'string') {
    const match = DURATION.exec(value)
    if (match === null) return undefined
    seconds = Number(match[1]) * UNIT_SECONDS[match[2]]
  } else {
    return undefined
  }
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_DELTA_SECONDS ? seconds : undefined
}

/** What valid seconds look like, for error messages. */
export const SECONDS_HINT = `a whole number of seconds from 0 to ${MAX_DELTA_SECONDS}`
/** What a valid duration looks like, for error messages. */
export const DURATION_HINT = `${SECONDS_HINT}, or a whole number with a unit: '90s', '5m', '1h', '7d', '2w', '1y'`
