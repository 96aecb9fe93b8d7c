// The cookies one response sets or clears, as our setCookie/clearCookie handed them to
// @fastify/cookie: read back by reply.outgoingCookies(), and used by the wire check to recognise
// the lines we wrote (already checked) among the Set-Cookie lines that leave.
import type { FastifyReply } from 'fastify'
import type { CookieOptions, OutgoingCookie } from '../../types/options.js'

export interface OutgoingEntry {
  name: string
  /** The plain value the caller gave ('' for a clear). */
  value: string
  /** The value on the wire (signed or sealed). */
  wireValue: string
  cleared: boolean
  /** The options @fastify/cookie serializes the line with. */
  options: CookieOptions
  /** The Set-Cookie line it sends. */
  line: string
  signed: boolean
  encrypted: boolean
}

export interface OutgoingStore {
  /** In @fastify/cookie's order: one per name, domain and path, a later set or clear in its place. */
  entries: OutgoingEntry[]
  /** Entries a later set or clear replaced: their lines are dropped if already written. */
  replaced: OutgoingEntry[] | undefined
}

export const kOutgoing = Symbol('fastify-reply-kit.outgoing-cookies')
type WithStore = FastifyReply & { [kOutgoing]: OutgoingStore | null }

// @fastify/cookie keys its queue by name, domain and path (every resolved option set has a path,
// the defaults' Path=/ at least); the lists are a few entries long, so a scan is cheaper than
// building a key per call.
function sameCookie (a: OutgoingEntry, b: OutgoingEntry): boolean {
  return a.name === b.name && a.options.domain === b.options.domain && a.options.path === b.options.path
}

/** Records a cookie of this response; returns the entry of the same cookie it replaces, if any. */
export function recordOutgoing (reply: FastifyReply, entry: OutgoingEntry): OutgoingEntry | undefined {
  const holder = reply as WithStore
  const store = holder[kOutgoing]
  if (store === null) {
    holder[kOutgoing] = { entries: [entry], replaced: undefined }
    return undefined
  }
  const entries = store.entries
  for (let i = 0; i < entries.length; i++) {
    const previous = entries[i]
    if (sameCookie(previous, entry)) {
      (store.replaced ??= []).push(previous)
      entries[i] = entry
      return previous
    }
  }
  entries.push(entry)
  return undefined
}

export function outgoingStore (reply: FastifyReply): OutgoingStore | null {
  return (reply as WithStore)[kOutgoing]
}

export function outgoingCookies (this: FastifyReply): OutgoingCookie[] {
  const store = outgoingStore(this)
  if (store === null) return []
  return store.entries.map(({ name, value, cleared, options, signed, encrypted }) => {
    const copy: CookieOptions = { ...options }
    if (signed) copy.signed = true
    if (encrypted) copy.encrypted = true
    return { name, value, cleared, options: copy }
  })
}

const siteDataTypes = new Set(['cookies', 'storage', 'cache', '*'])

/** Clear-Site-Data for a logout route; "*" alone stands for every type. */
export function makeClearSiteData (invalid: (reason: string) => Error) {
  return function clearSiteData (this: FastifyReply, types: string[] = ['cookies']): FastifyReply {
    if (!Array.isArray(types) || types.length === 0 || !types.every(type => siteDataTypes.has(type))) {
      throw invalid("types must be a non-empty array of 'cookies', 'storage', 'cache' or '*'")
    }
    const list = types.includes('*') ? ['*'] : [...new Set(types)]
    return this.header('clear-site-data', list.map(type => `"${type}"`).join(', '))
  }
}
