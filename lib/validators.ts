// The validators an application hands over (`validate` in a route's cache policy, `reply.fresh`,
// `reply.file` of a Buffer or stream), checked and brought to the form the preconditions compare.
import { parseTimestamp, toSeconds } from './http-date.js'
import type { CurrentValidators } from './preconditions.js'

/** A validator the application gave is unusable: a programming error, answered 500 and logged. */
export class ValidatorError extends Error {}

const BARE_TAG = /^[\x21\x23-\x7e]+$/
// An entity-tag as written (preconditions.ts reads its parts): a test, which builds no match.
const ENTITY_TAG = /^(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/

/** An ETag as sent: `"x"` and `W/"x"` as given, a bare `x` quoted; anything else throws. */
export function normalizeEtag (etag: unknown): string {
  if (typeof etag === 'string') {
    if (ENTITY_TAG.test(etag)) return etag
    if (BARE_TAG.test(etag) && !etag.startsWith('W/')) return `"${etag}"`
  }
  throw new ValidatorError(`etag must be an entity-tag such as '"v42"' or 'W/"v42"'; got ${JSON.stringify(etag)}`)
}

/** A modification time (a Date, milliseconds, or a date string) in milliseconds at whole seconds; anything else throws. */
export function normalizeLastModified (value: unknown): number {
  const millis = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : typeof value === 'string' ? parseTimestamp(value) : NaN
  if (!Number.isFinite(millis)) {
    throw new ValidatorError(`lastModified must be a valid Date, a time in milliseconds or a date string; got ${JSON.stringify(value)}`)
  }
  return toSeconds(millis)
}

/**
 * The validators of `value` (`{ etag?, lastModified? }`); null or undefined means that no current
 * representation exists (If-Match fails, If-None-Match: * passes). Throws ValidatorError.
 */
export function normalizeValidators (value: unknown): CurrentValidators {
  if (value === null || value === undefined) return { exists: false }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidatorError(`validators must be an object { etag?, lastModified? }, null or undefined; got ${JSON.stringify(value)}`)
  }
  const { etag, lastModified } = value as { etag?: unknown, lastModified?: unknown }
  const current: CurrentValidators = {}
  if (etag !== undefined) current.etag = normalizeEtag(etag)
  if (lastModified !== undefined) current.lastModified = normalizeLastModified(lastModified)
  return current
}
