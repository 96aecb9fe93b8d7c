// Cache-Control (RFC 9111 section 5.2.2) and CDN-Cache-Control (RFC 9213) values: build one from
// directives, parse one back, and check the rules between directives.
import { SECONDS_HINT, MAX_DELTA_SECONDS } from './duration.js'

/** Response directives, named as in a cache policy; ages in seconds. */
export interface CacheDirectives {
  /** public: shared caches (CDNs, proxies) may store it. Refused beside `private`. */
  public?: boolean
  /** private: only the user's browser may store it. */
  private?: boolean
  /** no-cache: stored, but revalidated before each use. */
  noCache?: boolean
  /** no-store: never stored anywhere. */
  noStore?: boolean
  /** no-transform: proxies must not recompress or convert the body. */
  noTransform?: boolean
  /** must-revalidate: once stale, never served without revalidation. */
  mustRevalidate?: boolean
  /** proxy-revalidate: must-revalidate for shared caches only. */
  proxyRevalidate?: boolean
  /** must-understand: caches that do not know the status code must not store it. */
  mustUnderstand?: boolean
  /** immutable: not revalidated while fresh, even on reload. */
  immutable?: boolean
  maxAge?: number
  sMaxAge?: number
  staleWhileRevalidate?: number
  staleIfError?: number
}

/** A policy problem: the field at fault and what is wrong with it. */
export class CachePolicyError extends Error {
  readonly field: string
  constructor (field: string, message: string) {
    super(message)
    this.field = field
  }
}

type FlagKey = 'public' | 'private' | 'noCache' | 'noStore' | 'noTransform' | 'mustRevalidate' | 'proxyRevalidate' | 'mustUnderstand' | 'immutable'
type AgeKey = 'maxAge' | 'sMaxAge' | 'staleWhileRevalidate' | 'staleIfError'

// Output order: visibility first, then storage, then ages, then the rest.
const DIRECTIVES: ReadonlyArray<readonly [keyof CacheDirectives, string, 'flag' | 'age']> = [
  ['public', 'public', 'flag'],
  ['private', 'private', 'flag'],
  ['noCache', 'no-cache', 'flag'],
  ['noStore', 'no-store', 'flag'],
  ['maxAge', 'max-age', 'age'],
  ['sMaxAge', 's-maxage', 'age'],
  ['staleWhileRevalidate', 'stale-while-revalidate', 'age'],
  ['staleIfError', 'stale-if-error', 'age'],
  ['mustRevalidate', 'must-revalidate', 'flag'],
  ['proxyRevalidate', 'proxy-revalidate', 'flag'],
  ['mustUnderstand', 'must-understand', 'flag'],
  ['noTransform', 'no-transform', 'flag'],
  ['immutable', 'immutable', 'flag'],
]
const BY_NAME = new Map(DIRECTIVES.map(([key, name, kind]) => [name, { key, kind }]))
export const AGE_KEYS: readonly AgeKey[] = ['maxAge', 'sMaxAge', 'staleWhileRevalidate', 'staleIfError']
const DELTA = /^\d{1,10}$/

/** The header value for the directives: lowercase names, fixed order, ', ' between them. */
export function buildCacheControl (directives: CacheDirectives): string {
  let out = ''
  for (const [key, name, kind] of DIRECTIVES) {
    const value = directives[key]
    if (value === undefined || value === false) continue
    if (out !== '') out += ', '
    out += kind === 'age' ? `${name}=${value as number}` : name
  }
  return out
}

/**
 * The directives of a Cache-Control value. Strict, since it reads values written by developers:
 * an unknown or repeated directive, a value on a flag, or a malformed age throws CachePolicyError.
 */
export function parseCacheControl (header: string): CacheDirectives {
  const directives: CacheDirectives = {}
  for (const item of header.split(',')) {
    const part = item.trim()
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase()
    const known = BY_NAME.get(name)
    if (known === undefined) throw new CachePolicyError(name, `'${name}' is not a known Cache-Control response directive`)
    if (directives[known.key] !== undefined) throw new CachePolicyError(name, `directive '${name}' is repeated`)
    if (known.kind === 'flag') {
      if (eq !== -1) throw new CachePolicyError(name, `directive '${name}' takes no value (field-name lists are not supported)`)
      directives[known.key as FlagKey] = true
      continue
    }
    let raw = eq === -1 ? '' : part.slice(eq + 1).trim()
    if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1)
    const seconds = DELTA.test(raw) ? Number(raw) : NaN
    if (!(seconds <= MAX_DELTA_SECONDS)) throw new CachePolicyError(name, `directive '${name}' must be ${SECONDS_HINT}; got '${raw}'`)
    directives[known.key as AgeKey] = seconds
  }
  return directives
}

/** The first rule the directives break, as a CachePolicyError; undefined when they are consistent. */
export function checkDirectives (d: CacheDirectives, prefix = ''): CachePolicyError | undefined {
  if (d.public === true && d.private === true) return new CachePolicyError(prefix + 'private', 'public and private exclude each other')
  if (d.noStore === true) {
    if (d.public === true) return new CachePolicyError(prefix + 'noStore', 'noStore with public makes no sense: nothing may be stored')
    for (const key of AGE_KEYS) {
      if (d[key] !== undefined) return new CachePolicyError(prefix + key, `noStore with ${key} makes no sense: nothing may be stored`)
    }
  }
  return undefined
}
