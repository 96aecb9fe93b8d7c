// How the attributes of one cookie are chosen: the secure defaults, then the plugin's `defaults`,
// then the declared cookie's, then the call's. Undefined and null never override, so `{ secure: undefined }`
// from a JavaScript caller cannot quietly drop Secure; `false` is how to turn an attribute off.
import type { CookieOptions } from '../types/options.js'
import { FOREIGN_COOKIE_OPTIONS } from './cookie-rules.js'

/** HttpOnly, Secure, SameSite=Lax, Path=/ unless said otherwise. */
export const SECURE_COOKIE_DEFAULTS: Readonly<CookieOptions> = Object.freeze({
  path: '/',
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
})

/** A new object: `base` with every defined attribute of `over` on top. */
export function mergeCookieOptions (base: Readonly<CookieOptions>, over?: Readonly<CookieOptions> | null): CookieOptions {
  const merged: CookieOptions = { ...base }
  if (over !== undefined && over !== null) {
    for (const key of Object.keys(over) as Array<keyof CookieOptions>) {
      const value = over[key]
      if (value !== undefined && value !== null && !FOREIGN_COOKIE_OPTIONS.has(key)) (merged as Record<string, unknown>)[key] = value
    }
  }
  return merged
}

/**
 * The attributes a deleting Set-Cookie must repeat so the browser matches the cookie it holds
 * (name, domain, path; and Secure, SameSite, Partitioned so it is accepted at all). Max-Age=0 and
 * the past Expires are added by @fastify/cookie's clearCookie.
 */
export function clearCookieOptions (options: Readonly<CookieOptions>): CookieOptions {
  const cleared: CookieOptions = {}
  if (options.path !== undefined) cleared.path = options.path
  if (options.domain !== undefined) cleared.domain = options.domain
  if (options.secure !== undefined) cleared.secure = options.secure
  if (options.sameSite !== undefined) cleared.sameSite = options.sameSite
  if (options.partitioned !== undefined) cleared.partitioned = options.partitioned
  if (options.httpOnly !== undefined) cleared.httpOnly = options.httpOnly
  return cleared
}
