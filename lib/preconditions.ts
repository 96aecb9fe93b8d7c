// Conditional requests (RFC 9110 section 13): entity-tag lists read strictly, the strong and weak
// comparisons, and the preconditions evaluated in the order of section 13.2.2. Pure: the callers
// (cacheControl's validators, reply.file) pass the request's headers and the current validators.
import { parseHttpDate } from './http-date.js'

/** The current representation's validators; `exists: false` when there is none (a missing row). */
export interface CurrentValidators {
  /** The ETag as sent: `"x"` or `W/"x"`. */
  etag?: string
  /** Last modification, in milliseconds at whole seconds. */
  lastModified?: number
  /** Whether a current representation exists; default true. */
  exists?: boolean
}

/** The conditional request headers, as Node gives them. */
export interface ConditionalHeaders {
  'if-match'?: string | string[]
  'if-none-match'?: string | string[]
  'if-modified-since'?: string | string[]
  'if-unmodified-since'?: string | string[]
}

export type PreconditionOutcome = 'proceed' | 'not-modified' | 'precondition-failed'

interface EntityTag { weak: boolean, opaque: string }
/** A field value: `*`, a list of entity-tags, or undefined when malformed. */
type TagList = '*' | EntityTag[]

// etagc: %x21 / %x23-7E / obs-text (RFC 9110 section 8.8.3).
const ETAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/

/** An entity-tag as written (`"x"`, `W/"x"`), or undefined when it is not one. */
export function parseEntityTag (value: string): EntityTag | undefined {
  const match = ETAG.exec(value)
  return match === null ? undefined : { weak: match[1] !== undefined, opaque: match[2] as string }
}

/**
 * If-Match / If-None-Match: `*` alone, or a comma-separated list of entity-tags (a comma may not
 * occur inside one: etagc excludes none, so tags are read quote to quote). A list with anything
 * else in it (an unquoted tag, a `*` among tags) is malformed: undefined, and it matches nothing.
 */
export function parseTagList (field: string | string[]): TagList | undefined {
  const text = (Array.isArray(field) ? field.join(', ') : field).trim()
  if (text === '*') return '*'
  const tags: EntityTag[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === ' ' || c === '\t' || c === ',') { i++; continue }
    const start = i
    if (text.startsWith('W/', i)) i += 2
    if (text[i] !== '"') return undefined
    const close = text.indexOf('"', i + 1)
    if (close === -1) return undefined
    const tag = parseEntityTag(text.slice(start, close + 1))
    if (tag === undefined) return undefined
    tags.push(tag)
    i = close + 1
    // Only whitespace may sit between a tag and the next comma.
    while (text[i] === ' ' || text[i] === '\t') i++
    if (i < text.length && text[i] !== ',') return undefined
  }
  return tags.length === 0 ? undefined : tags
}

/** Strong comparison: both strong, same opaque tag. */
export function strongMatch (a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque
}

/** Weak comparison: same opaque tag, either may be weak. */
export function weakMatch (a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque
}

function listMatches (list: TagList | undefined, current: CurrentValidators, compare: typeof strongMatch): boolean {
  if (list === undefined || current.exists === false) return false
  if (list === '*') return true
  const tag = current.etag === undefined ? undefined : parseEntityTag(current.etag)
  return tag !== undefined && list.some(wanted => compare(wanted, tag))
}

/** A single HTTP-date field, or undefined (absent, several members, not an HTTP-date). */
function dateOf (field: string | string[] | undefined): number | undefined {
  if (field === undefined || Array.isArray(field)) return undefined
  return parseHttpDate(field)
}

/**
 * What the preconditions of a request say, in RFC 9110 section 13.2.2 order: If-Match (strong)
 * else If-Unmodified-Since; then If-None-Match (weak) else If-Modified-Since (GET and HEAD only).
 * A failed If-Match or If-Unmodified-Since is a 412 for any method; a matching If-None-Match a 304
 * for GET and HEAD, a 412 otherwise. Malformed dates make their condition ignored.
 */
export function evaluatePreconditions (method: string, headers: ConditionalHeaders, current: CurrentValidators): PreconditionOutcome {
  const ifMatch = headers['if-match']
  if (ifMatch !== undefined) {
    if (!listMatches(parseTagList(ifMatch), current, strongMatch)) return 'precondition-failed'
  } else {
    const since = dateOf(headers['if-unmodified-since'])
    // No Last-Modified to compare: the condition is ignored (section 13.1.4).
    if (since !== undefined && current.lastModified !== undefined && current.lastModified > since) return 'precondition-failed'
  }
  const safe = method === 'GET' || method === 'HEAD'
  const ifNoneMatch = headers['if-none-match']
  if (ifNoneMatch !== undefined) {
    if (listMatches(parseTagList(ifNoneMatch), current, weakMatch)) return safe ? 'not-modified' : 'precondition-failed'
    return 'proceed'
  }
  if (!safe || current.exists === false) return 'proceed'
  const since = dateOf(headers['if-modified-since'])
  if (since !== undefined && current.lastModified !== undefined && current.lastModified <= since) return 'not-modified'
  return 'proceed'
}
