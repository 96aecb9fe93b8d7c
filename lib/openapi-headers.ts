// OpenAPI Header Objects for what the suite sends: Cache-Control of a route's policy, declared route
// headers, one Set-Cookie entry per declared cookie (OAS 3.2's guidance: Set-Cookie is a list of
// lines, never comma-joined), ETag, Last-Modified, Content-Disposition and Location. Pure data.

export type HeaderObject = { description: string, schema: Record<string, unknown>, example?: unknown }

/** The attributes of a declared cookie, as secureCookies resolves them (a structural subset of CookieOptions). */
export interface CookieAttributes {
  domain?: string
  path?: string
  maxAge?: number
  expires?: Date
  httpOnly?: boolean
  secure?: boolean | 'auto'
  sameSite?: boolean | 'lax' | 'strict' | 'none'
  partitioned?: boolean
  priority?: string
  signed?: boolean
  encrypted?: boolean
}

const MAX_COOKIE_AGE = 400 * 24 * 3600

/** `Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax`, plus how the value is protected. */
export function cookieAttributeText (options: CookieAttributes): string {
  const parts: string[] = []
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.min(Math.floor(options.maxAge), MAX_COOKIE_AGE)}`)
  if (options.expires !== undefined) parts.push('Expires=<date>')
  if (options.domain !== undefined) parts.push(`Domain=${options.domain}`)
  if (options.path !== undefined) parts.push(`Path=${options.path}`)
  if (options.httpOnly === true) parts.push('HttpOnly')
  if (options.secure === true) parts.push('Secure')
  if (options.secure === 'auto') parts.push('Secure (on HTTPS requests)')
  const sameSite = options.sameSite === true ? 'strict' : options.sameSite
  if (typeof sameSite === 'string') parts.push(`SameSite=${sameSite[0].toUpperCase()}${sameSite.slice(1)}`)
  if (options.partitioned === true) parts.push('Partitioned')
  if (options.priority !== undefined) parts.push(`Priority=${options.priority}`)
  const value = options.encrypted === true ? 'the value is encrypted (AES-256-GCM)' : options.signed === true ? 'the value is signed (HMAC)' : ''
  return [parts.join('; '), value].filter(text => text !== '').join('; ')
}

/** One Set-Cookie header whose items are the route's cookies, each with its attributes. */
export function setCookieHeader (cookies: Array<{ name: string, attributes: string }>): HeaderObject {
  const lines = cookies.map(({ name, attributes }) => `\`${name}\`: ${attributes === '' ? '(no attributes)' : attributes}`)
  const items = cookies.map(({ name, attributes }) => ({
    type: 'string',
    title: name,
    pattern: `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`,
    description: `${name}=<value>${attributes === '' ? '' : `; ${attributes}`}`,
  }))
  return {
    description: `One Set-Cookie line per cookie the route may set or clear (declared in config.cookies):\n\n${lines.map(line => `- ${line}`).join('\n')}`,
    schema: { type: 'array', items: items.length === 1 ? items[0] : { anyOf: items } },
  }
}

/** Cache-Control as the route's policy sends it on answers below 400. */
export function cacheControlHeader (value: string): HeaderObject {
  const shared = /(^|,)\s*(public|s-maxage=)/.test(value)
  const note = shared
    ? ' Sent as `private` (ages kept, `s-maxage` dropped) when the response sets a cookie or the request carries Authorization.'
    : ''
  return { description: `The route's cache policy (cacheControl): \`${value}\`.${note}`, schema: { type: 'string', example: value }, example: value }
}

/** A header declared in config.headers (routeHeaders): a fixed value, or null when computed per request. */
export function routeHeader (name: string, value: string | null): HeaderObject {
  return value === null
    ? { description: `Declared route header \`${name}\` (routeHeaders), computed per request.`, schema: { type: 'string' } }
    : { description: `Declared route header \`${name}\` (routeHeaders): \`${value}\`.`, schema: { type: 'string', example: value }, example: value }
}

export const ETAG_HEADER: HeaderObject = {
  description: 'Validator of this representation; send it back in If-None-Match to get a 304 Not Modified.',
  schema: { type: 'string' },
}
export const LAST_MODIFIED_HEADER: HeaderObject = {
  description: 'When the file last changed (HTTP date); send it back in If-Modified-Since to get a 304 Not Modified.',
  schema: { type: 'string' },
}
export const CONTENT_DISPOSITION_HEADER: HeaderObject = {
  description: 'Present when the answer is a download: `attachment` (or `inline`) with the file name, an RFC 8187 `filename*` for names outside ASCII and an ASCII `filename` fallback.',
  schema: { type: 'string', example: 'attachment; filename="report.csv"' },
}
export const LOCATION_HEADER: HeaderObject = {
  description: 'Where the redirect points: a relative path or an allowed origin (safeRedirect).',
  schema: { type: 'string', format: 'uri-reference' },
}
