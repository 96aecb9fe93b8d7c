// Range requests (RFC 9110 section 14) parsed strictly. @fastify/send parses with parseInt, so it
// reads `bytes=01a-5` as 1-5 and answers `bytes=--1` with 416; here anything outside the grammar
// makes the whole header ignored (a plain 200), as the RFC allows. Overlapping and adjacent ranges
// are merged; a header with many ranges is ignored outright (the "Apache Killer" class of attack).
import { parseHttpDate } from './http-date.js'

export interface ByteRange {
  /** First byte, inclusive. */
  start: number
  /** Last byte, inclusive. */
  end: number
}

export interface ParseRangeOptions {
  /** More range-specs than this and the header is ignored. Default 16. */
  maxRanges?: number
}

/**
 * The ranges of `header` for a representation of `size` bytes, sorted and merged; `'unsatisfiable'`
 * when the header is valid but no range overlaps the content (416); undefined when the header must
 * be ignored (invalid syntax, another unit, too many ranges).
 */
export function parseRange (header: string, size: number, options: ParseRangeOptions = {}): ByteRange[] | 'unsatisfiable' | undefined {
  const maxRanges = options.maxRanges ?? 16
  const equals = header.indexOf('=')
  if (equals === -1 || header.slice(0, equals).toLowerCase() !== 'bytes') return undefined
  const specs = header.slice(equals + 1).split(',')
  const ranges: ByteRange[] = []
  let count = 0
  for (const raw of specs) {
    const spec = raw.trim()
    // Recipients must accept empty list elements (RFC 9110 section 5.6.1).
    if (spec === '') continue
    if (++count > maxRanges) return undefined
    const match = /^(\d*)-(\d*)$/.exec(spec)
    if (match === null) return undefined
    const [, first, last] = match as unknown as [string, string, string]
    if (first === '') {
      // suffix-range: the last N bytes.
      if (last === '') return undefined
      const length = Number(last)
      if (length > 0 && size > 0) ranges.push({ start: Math.max(0, size - length), end: size - 1 })
      continue
    }
    const start = Number(first)
    const end = last === '' ? Infinity : Number(last)
    if (end < start) return undefined
    if (start < size) ranges.push({ start, end: Math.min(end, size - 1) })
  }
  if (count === 0) return undefined
  if (ranges.length === 0) return 'unsatisfiable'
  return mergeRanges(ranges)
}

/** Sorted by start, with overlapping and touching ranges joined. */
export function mergeRanges (ranges: ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start)
  const merged: ByteRange[] = [{ ...sorted[0] as ByteRange }]
  for (let i = 1; i < sorted.length; i++) {
    const range = sorted[i] as ByteRange
    const last = merged[merged.length - 1] as ByteRange
    if (range.start <= last.end + 1) {
      last.end = Math.max(last.end, range.end)
    } else {
      merged.push({ ...range })
    }
  }
  return merged
}

export interface Validators {
  /** The representation's ETag, as sent. */
  etag?: string
  /** The representation's Last-Modified, as sent (an HTTP-date). */
  lastModified?: string
  /** The time of the response, in milliseconds; default now. */
  now?: number
}

/**
 * Whether an If-Range condition holds, with the strong comparison RFC 9110 section 13.1.5 asks:
 * an entity-tag must be strong and identical; a date must equal Last-Modified exactly, and that
 * Last-Modified must itself be strong (at least one second before the response's Date).
 */
export function ifRangeHolds (ifRange: string, validators: Validators): boolean {
  const value = ifRange.trim()
  if (value.startsWith('"')) {
    return validators.etag !== undefined && !validators.etag.startsWith('W/') && value === validators.etag
  }
  if (value.startsWith('W/') || validators.lastModified === undefined) return false
  // HTTP-dates only (lib/http-date.ts): anything Date.parse would guess at is no validator.
  const date = parseHttpDate(value)
  const lastModified = parseHttpDate(validators.lastModified)
  if (date === undefined || date !== lastModified) return false
  const now = validators.now ?? Date.now()
  return Math.floor(now / 1000) * 1000 - lastModified >= 1000
}

/** The Content-Range value of a 206 (`bytes 0-99/1234`) or, without a range, of a 416 (`bytes *\/1234`). */
export function contentRange (size: number, range?: ByteRange): string {
  return range === undefined ? `bytes */${size}` : `bytes ${range.start}-${range.end}/${size}`
}
