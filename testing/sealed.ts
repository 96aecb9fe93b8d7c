// sealedCookie: a request Cookie value sealed the way secureCookies seals an `encrypted: true` cookie,
// with the same key ring (the first key seals), as a browser would send back a cookie the app set.
import { readKeyRing, sealCookieValue } from '../lib/cookie-seal.js'

export interface SealedCookieOptions {
  /** Seconds the sealed value stays valid (its expiry is bound into it); default: no expiry. */
  maxAge?: number
  /** The clock, in ms (to build an expired value, say); default Date.now(). */
  now?: number
}

/** `name=<sealed value>`, for a request's Cookie header (join several with '; '). */
export function sealedCookie (keys: ReadonlyArray<{ id: string, key: string | Buffer }>, name: string, value: string, options: SealedCookieOptions = {}): string {
  const ring = readKeyRing(keys)
  if ('reason' in ring) throw new TypeError(`sealedCookie("${name}"): keys ${ring.reason}`)
  const { maxAge, now = Date.now() } = options
  if (maxAge !== undefined && (!Number.isFinite(maxAge) || maxAge < 0)) throw new TypeError(`sealedCookie("${name}"): maxAge must be a number of seconds >= 0`)
  const expiresAt = maxAge === undefined ? undefined : now + maxAge * 1000
  return `${name}=${encodeURIComponent(sealCookieValue(ring.keys, name, value, expiresAt))}`
}
