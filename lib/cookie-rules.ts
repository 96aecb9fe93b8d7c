// The rules a Set-Cookie must follow before it leaves the server: the ones browsers enforce by
// silently dropping the cookie (prefixes, SameSite=None, Partitioned, sizes), plus the syntax that
// keeps a value or attribute from turning into a second attribute (the CVE-2024-47764 class).
// Each check returns a breach (which rule, why) or undefined; the plugin turns a breach into its
// FST_REPLYKIT_COOKIE_* error, so these stay free of Fastify.
import type { CookieOptions } from './cookie-options.js'

export type CookieRule = 'name' | 'prefix' | 'sameSite' | 'partitioned' | 'attribute' | 'size' | 'maxAge' | 'expires'
export interface CookieBreach { rule: CookieRule, reason: string }

/** Browsers drop a cookie whose name, value and attributes exceed this (RFC 6265bis 5.7, 6.1). */
export const MAX_COOKIE_BYTES = 4096
/** Browsers ignore an attribute value longer than this (RFC 6265bis 5.6). */
export const MAX_ATTRIBUTE_BYTES = 1024
/** Browsers cap Max-Age and Expires at 400 days (RFC 6265bis 5.6.1, 5.6.2). */
export const MAX_AGE_SECONDS = 400 * 24 * 60 * 60

// RFC 6265 4.1.1: cookie-name = token (RFC 9110 5.6.2).
const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// RFC 1034/1123 host labels, an optional leading dot (browsers ignore it), no trailing dot.
const domainRe = /^\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i
// RFC 6265 path-value: CHAR except CTLs or ';', and (as the cookie serializer refuses it) '<'.
// It must start with '/' or browsers use the default path.
const pathRe = /^\/[\x20-\x3A\x3D-\x7E]*$/

const fail = (rule: CookieRule, reason: string): CookieBreach => ({ rule, reason })

/** The prefix a name carries, matched case-insensitively as browsers do (RFC 6265bis 4.1.3). */
export function cookiePrefix (name: string): '__Host-' | '__Secure-' | '__Host-Http-' | '__Http-' | undefined {
  // Fast exit: almost no name starts with '__'.
  if (name.charCodeAt(0) !== 95 || name.charCodeAt(1) !== 95) return undefined
  const head = name.slice(0, 12).toLowerCase()
  if (head === '__host-http-') return '__Host-Http-'
  if (head.startsWith('__host-')) return '__Host-'
  if (head.startsWith('__secure-')) return '__Secure-'
  if (head.startsWith('__http-')) return '__Http-'
  return undefined
}

/** A cookie name must be an RFC 6265 token: no separators, spaces, controls or non-ASCII. */
export function checkCookieName (name: unknown): CookieBreach | undefined {
  if (typeof name !== 'string') return fail('name', 'must be a string')
  if (name === '') return fail('name', 'is empty')
  if (!tokenRe.test(name)) return fail('name', "must be an RFC 6265 token (letters, digits and !#$%&'*+-.^_`|~ only)")
  return undefined
}

/** A cookie value must be a string that encodes losslessly (lone surrogates cannot be percent-encoded). */
export function checkCookieValue (value: unknown): CookieBreach | undefined {
  if (typeof value !== 'string') return fail('attribute', `the value must be a string, not ${typeof value}`)
  if (!(value as string & { isWellFormed: () => boolean }).isWellFormed()) return fail('attribute', 'the value holds a lone UTF-16 surrogate')
  return undefined
}

/**
 * Options other cookie code passes along that the serializer ignores: @fastify/session hands its
 * cookie's toJSON() (express-session's shape) to setCookie. Accepted and dropped.
 */
export const FOREIGN_COOKIE_OPTIONS: ReadonlySet<string> = new Set(['originalMaxAge', 'originalExpires'])

/**
 * Checks the type and syntax of every attribute one options object gives (defaults, a declared
 * cookie or one call), whatever the caller's types said. Undefined and null mean "not given"
 * (@fastify/session passes `expires: null`, `domain: null`), as the serializer reads them.
 */
export function checkCookieOptions (options: unknown): CookieBreach | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return fail('attribute', 'the options must be an object')
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key]
    if (value === undefined || value === null || FOREIGN_COOKIE_OPTIONS.has(key)) continue
    const breach = checkAttribute(key, value)
    if (breach !== undefined) return breach
  }
  return undefined
}

function checkAttribute (key: string, value: unknown): CookieBreach | undefined {
  switch (key) {
    case 'domain':
      return checkText('domain', value, domainRe, 'must be a host name such as example.com (letters, digits, dots and hyphens)')
    case 'path':
      return checkText('path', value, pathRe, "must start with '/' and hold no ';', control or non-ASCII character")
    case 'maxAge':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('maxAge', `maxAge must be a finite number of seconds, got ${String(value)}`)
      if (value < 0) return fail('maxAge', `maxAge must not be negative, got ${value}`)
      return undefined
    case 'expires':
      return checkExpires(value)
    case 'httpOnly':
    case 'signed':
    case 'encrypted':
      return typeof value === 'boolean' ? undefined : fail('attribute', `${key} must be a boolean`)
    case 'secure':
      return typeof value === 'boolean' || value === 'auto' ? undefined : fail('attribute', "secure must be a boolean or 'auto'")
    case 'partitioned':
      return typeof value === 'boolean' ? undefined : fail('partitioned', 'partitioned must be a boolean')
    case 'sameSite':
      return sameSiteOf(value) === undefined ? fail('sameSite', "sameSite must be 'lax', 'strict', 'none', true or false") : undefined
    case 'priority':
      return typeof value === 'string' && /^(?:low|medium|high)$/i.test(value) ? undefined : fail('attribute', "priority must be 'low', 'medium' or 'high'")
    default:
      return fail('attribute', `unknown option ${JSON.stringify(key)}`)
  }
}

function checkText (key: string, value: unknown, re: RegExp, rule: string): CookieBreach | undefined {
  if (typeof value !== 'string') return fail('attribute', `${key} must be a string`)
  if (value.length > MAX_ATTRIBUTE_BYTES) return fail('attribute', `${key} is longer than ${MAX_ATTRIBUTE_BYTES} bytes`)
  return re.test(value) ? undefined : fail('attribute', `${key} ${JSON.stringify(value)} ${rule}`)
}

function checkExpires (value: unknown): CookieBreach | undefined {
  // @fastify/cookie also takes an integer of milliseconds since the epoch.
  const date = Number.isInteger(value) ? new Date(value as number) : value
  if (!(date instanceof Date)) return fail('expires', 'expires must be a Date')
  const year = date.getUTCFullYear()
  if (!(year >= 1601 && year <= 9999)) return fail('expires', 'expires must be a valid date between the years 1601 and 9999')
  return undefined
}

/** 'lax' | 'strict' | 'none', false for no attribute, undefined for a value that is not a SameSite. */
function sameSiteOf (value: unknown): 'lax' | 'strict' | 'none' | false | undefined {
  if (value === true) return 'strict' // as the cookie package writes it
  if (value === false) return false
  if (typeof value !== 'string') return undefined
  const lower = value.toLowerCase()
  return lower === 'lax' || lower === 'strict' || lower === 'none' ? lower : undefined
}

/**
 * The rules that tie attributes together, on the merged options of one cookie. `secure: 'auto'`
 * is only known per request: at registration it counts as possibly Secure.
 */
export function checkCookieCombination (name: string, options: CookieOptions): CookieBreach | undefined {
  const secure = options.secure !== false && options.secure !== undefined
  const prefix = cookiePrefix(name)
  if (prefix !== undefined) {
    if (!secure) return fail('prefix', `${prefix} needs Secure`)
    if (prefix === '__Host-' || prefix === '__Host-Http-') {
      if (options.domain !== undefined) return fail('prefix', `${prefix} forbids Domain`)
      if (options.path !== '/') return fail('prefix', `${prefix} needs Path=/`)
    }
    if ((prefix === '__Http-' || prefix === '__Host-Http-') && options.httpOnly !== true) return fail('prefix', `${prefix} needs HttpOnly`)
  }
  if (!secure) {
    if (sameSiteOf(options.sameSite) === 'none') return fail('sameSite', 'SameSite=None needs Secure')
    if (options.partitioned === true) return fail('partitioned', 'Partitioned needs Secure')
  }
  return undefined
}

/**
 * Makes Max-Age and Expires say what a browser will keep: whole seconds, capped at 400 days, and an
 * integer `expires` turned into its Date. Mutates `options` (a per-call copy).
 */
export function capCookieAge (options: CookieOptions, now: number): void {
  if (options.maxAge !== undefined) options.maxAge = Math.min(Math.floor(options.maxAge), MAX_AGE_SECONDS)
  if (options.expires !== undefined) {
    const time = typeof options.expires === 'number' ? options.expires : options.expires.getTime()
    const cap = now + MAX_AGE_SECONDS * 1000
    options.expires = new Date(time > cap ? cap : time)
  }
}

// Longest text the serializer adds besides name, value, domain and path: "=", "; Max-Age=34560000",
// "; Domain=", "; Path=", "; Expires=" + 29 characters, HttpOnly, Secure, Partitioned,
// "; Priority=Medium", "; SameSite=Strict".
const ATTRIBUTE_OVERHEAD = 140

/**
 * An upper bound on the serialized Set-Cookie length, without serializing: percent-encoding turns one
 * UTF-16 unit into at most 9 characters. Only when it exceeds the limit does the exact length matter.
 */
export function cookieLengthBound (name: string, value: string, options: CookieOptions): number {
  return name.length + value.length * 9 + (options.domain?.length ?? 0) + (options.path?.length ?? 0) + ATTRIBUTE_OVERHEAD
}

/** The size rule, on the exact serialized length. */
export function checkCookieLength (length: number): CookieBreach | undefined {
  return length > MAX_COOKIE_BYTES ? fail('size', `the Set-Cookie is ${length} bytes, over the ${MAX_COOKIE_BYTES} browsers keep`) : undefined
}
