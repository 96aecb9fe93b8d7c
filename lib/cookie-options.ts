// How the attributes of one cookie are chosen: the secure defaults, then the plugin's `defaults`,
// then the declared cookie's, then the call's. Undefined and null never override, so `{ secure: undefined }`
// from a JavaScript caller cannot quietly drop Secure; `false` is how to turn an attribute off.
import { FOREIGN_COOKIE_OPTIONS } from './cookie-rules.js'

/**
 * The attributes of one cookie (RFC 6265bis), as `setCookie`, `clearCookie`, `defaults` and the
 * declared cookies take them, and how its value is protected. @fastify/cookie's own options type
 * is a superset; this is the suite's shape, free of Fastify.
 */
export interface CookieOptions {
  /** Domain: the cookie also goes to this host's subdomains. @default unset: the answering host only */
  domain?: string
  /** Path: the cookie goes only to URLs under it. @default `'/'` */
  path?: string
  /** Expires: when the browser deletes it (Max-Age wins where both are set). @default unset: a session cookie */
  expires?: Date
  /** Max-Age in seconds (capped at 400 days, as browsers do). @default unset: a session cookie */
  maxAge?: number
  /** HttpOnly: hidden from `document.cookie`. @default `true` */
  httpOnly?: boolean
  /** Secure: sent over HTTPS only; `'auto'` sets it when the request came over TLS. @default `true` */
  secure?: boolean | 'auto'
  /** SameSite; `true` means Strict; `'none'` needs Secure. @default `'lax'` */
  sameSite?: boolean | 'lax' | 'strict' | 'none'
  /** Partitioned (CHIPS): kept per top-level site; needs Secure. @default `false` */
  partitioned?: boolean
  /** Priority: which cookies a browser evicts last. @default unset (Medium) */
  priority?: 'low' | 'medium' | 'high'
  /** Signed with @fastify/cookie's `secret` (HMAC); read back with `request.unsignCookie` or `readCookie`. @default `false` */
  signed?: boolean
  /** Sealed with AES-256-GCM under `keys`, bound to its name and expiry; read back with `request.readCookie`. @default `false` */
  encrypted?: boolean
}

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
