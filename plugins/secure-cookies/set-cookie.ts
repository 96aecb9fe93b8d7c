// setCookie and clearCookie over @fastify/cookie's: defaults, then the declared cookie's
// attributes, then the call's; the rules checked at the call; values signed or sealed here so the
// size rule sees what is sent; every cookie recorded for reply.outgoingCookies().
import type { FastifyReply } from 'fastify'
import type { CookieOptions } from '../../types/options.js'
import { ReplyKitCookieNotForRouteError, ReplyKitCookieUndeclaredError } from '../../lib/errors.js'
import {
  capCookieAge, checkCookieCombination, checkCookieLength, checkCookieName, checkCookieOptions, checkCookieValue,
  cookieLengthBound, MAX_COOKIE_BYTES,
} from '../../lib/cookie-rules.js'
import { clearCookieOptions, mergeCookieOptions } from '../../lib/cookie-options.js'
import { sealCookieValue } from '../../lib/cookie-seal.js'
import { recordOfRequest } from '../suite/route-record.js'
import type { ClearCookie, CookieState, SetCookie } from './state.js'
import { quote, raise } from './raise.js'
import { recordOutgoing, type OutgoingEntry } from './outgoing.js'
import { cookieLine, putCookieLine } from './lines.js'

/** The options a name starts from: its declaration, or the defaults when undeclared names are allowed. */
function startingOptions (state: CookieState, name: string): Readonly<CookieOptions> {
  const declared = state.declared.get(name)
  if (declared !== undefined) return declared
  if (state.onlyDeclared) throw new ReplyKitCookieUndeclaredError(quote(name))
  const breach = checkCookieName(name)
  if (breach !== undefined) raise(name, breach)
  return state.defaults
}

/** Defaults, declared, call; then `secure: 'auto'` for this request and the rules that tie them. */
function callOptions (reply: FastifyReply, state: CookieState, name: string, options: CookieOptions | undefined,
  start: Readonly<CookieOptions> = startingOptions(state, name)): CookieOptions {
  if (options !== undefined && options !== null) {
    const breach = checkCookieOptions(options)
    if (breach !== undefined) raise(name, breach)
  }
  const opts = mergeCookieOptions(start, options)
  // request.protocol honours trustProxy (X-Forwarded-Proto) as Fastify configures it.
  if (opts.secure === 'auto') opts.secure = reply.request.protocol === 'https'
  const combination = checkCookieCombination(name, opts)
  if (combination !== undefined) raise(name, combination)
  return opts
}

/** With onlyDeclared, a route listing config.cookies may set only those. */
function checkRouteList (reply: FastifyReply, name: string): void {
  const record = recordOfRequest(reply.request)
  if (record?.cookies !== undefined && !record.cookies.includes(name)) {
    throw new ReplyKitCookieNotForRouteError(quote(name), `${record.method} ${record.url}`)
  }
}

// Enough for every cookie name an app uses; names made up per request stop being remembered.
const MAX_REMEMBERED_NAMES = 256

function remember (map: Map<string, unknown>, name: string, value: never): void {
  if (map.size < MAX_REMEMBERED_NAMES || map.has(name)) map.set(name, value)
}

/**
 * The fixed options of a name that passes its rules (then remembered), or undefined when its options
 * need work per call. Throws for a name that breaks a rule.
 */
function checkName (state: CookieState, name: string): Readonly<CookieOptions> | undefined {
  const start = startingOptions(state, name)
  if (!state.fixed.has(start)) return undefined
  const breach = checkCookieCombination(name, start)
  if (breach !== undefined) raise(name, breach)
  remember(state.checkedNames, name, start as never)
  return start
}

function checkSize (state: CookieState, name: string, value: string, options: Readonly<CookieOptions>): void {
  const breach = checkCookieLength(state.serialize(name, value, options).length)
  if (breach !== undefined) raise(name, breach)
}

/**
 * Records the cookie and sends its line: put on the reply at once where we own @fastify/cookie
 * (lines.ts), else handed to @fastify/cookie's queue.
 */
function send (reply: FastifyReply, state: CookieState, name: string, value: string, wireValue: string,
  options: Readonly<CookieOptions>, cleared: boolean, signed: boolean, encrypted: boolean): FastifyReply {
  const entry: OutgoingEntry = { name, value, wireValue, cleared, options, signed, encrypted, line: cookieLine(state.serialize, name, wireValue, options) }
  const previous = recordOutgoing(reply, entry)
  if (state.base.direct) {
    putCookieLine(reply, entry.line, previous?.line)
    return reply
  }
  return cleared ? state.base.clearCookie.call(reply, name, options) : state.base.setCookie.call(reply, name, wireValue, options)
}

function expiresAt (opts: CookieOptions, now: number): number | undefined {
  if (opts.maxAge !== undefined) return now + opts.maxAge * 1000
  return opts.expires === undefined ? undefined : (opts.expires as Date).getTime()
}

/** `setCookie(name, value)` of a declared encrypted cookie with fixed options: sealed, sent as they are. */
function setSealed (reply: FastifyReply, state: CookieState, name: string, value: string, options: Readonly<CookieOptions>): FastifyReply {
  const breach = checkCookieValue(value)
  if (breach !== undefined) raise(name, breach)
  const wireValue = sealCookieValue(state.keys, name, value, expiresAt(options, Date.now()))
  if (cookieLengthBound(name, wireValue, options) > MAX_COOKIE_BYTES) checkSize(state, name, wireValue, options)
  return send(reply, state, name, value, wireValue, options, false, false, true)
}

export function makeSetCookie (state: CookieState): SetCookie {
  return function setCookie (this: FastifyReply, name: string, value: string, options?: CookieOptions): FastifyReply {
    if (state.routeLists && state.onlyDeclared) checkRouteList(this, name)
    // The common call, `setCookie(name, value)` on options with nothing to resolve per request:
    // checked and handed over as they are (@fastify/cookie copies them), no merge, no copy.
    if (options === undefined) {
      const start = state.checkedNames.get(name) ?? checkName(state, name)
      if (start !== undefined) {
        const breach = checkCookieValue(value)
        if (breach !== undefined) raise(name, breach)
        if (cookieLengthBound(name, value, start) > MAX_COOKIE_BYTES) checkSize(state, name, value, start)
        if (state.lastSet.size !== 0) state.lastSet.delete(name)
        return send(this, state, name, value, value, start, false, false, false)
      }
      const sealedOptions = state.sealedFixed.get(name)
      if (sealedOptions !== undefined) return setSealed(this, state, name, value, sealedOptions)
    }
    const start = startingOptions(state, name)
    const opts = callOptions(this, state, name, options, start)
    const valueBreach = checkCookieValue(value)
    if (valueBreach !== undefined) raise(name, valueBreach)
    const now = Date.now()
    if (opts.maxAge !== undefined || opts.expires !== undefined) capCookieAge(opts, now)
    let wireValue = value
    const signed = opts.signed === true
    const encrypted = opts.encrypted === true
    if (encrypted) {
      if (state.keys.length === 0) raise(name, { rule: 'attribute', reason: 'encrypted needs secureCookies option keys' })
      if (signed) raise(name, { rule: 'attribute', reason: 'encrypted values are already authenticated: drop signed' })
      wireValue = sealCookieValue(state.keys, name, value, expiresAt(opts, now))
      delete opts.encrypted
    } else if (signed) {
      if (typeof this.signCookie !== 'function') raise(name, { rule: 'attribute', reason: 'signed needs a secret (secureCookies or @fastify/cookie option secret)' })
      // Signed here rather than by @fastify/cookie, so the size rule sees the signature.
      wireValue = this.signCookie(value)
    }
    delete opts.signed
    // Serializing twice costs; the bound is exact enough to skip it for any ordinary cookie.
    if (cookieLengthBound(name, wireValue, opts) > MAX_COOKIE_BYTES) checkSize(state, name, wireValue, opts)
    if (start === state.defaults) remember(state.lastSet, name, clearCookieOptions(opts) as never)
    return send(this, state, name, value, wireValue, opts, false, signed, encrypted)
  }
}

export function makeClearCookie (state: CookieState): ClearCookie {
  return function clearCookie (this: FastifyReply, name: string, options?: CookieOptions): FastifyReply {
    const start = startingOptions(state, name)
    let from = start
    if (start === state.defaults && (options === undefined || options === null)) {
      const last = state.lastSet.get(name)
      if (last !== undefined) from = mergeCookieOptions(start, last)
      else if (!state.checkedNames.has(name)) {
        this.log.warn({ cookie: name }, `clearCookie(${quote(name)}): this cookie is not declared and this process has not set it, so it is cleared with the default attributes (Path=/); if it was set with another path or domain the browser keeps it: declare it in secureCookies options.cookies`)
      }
    }
    const opts = clearCookieOptions(callOptions(this, state, name, options, from))
    // What @fastify/cookie's clearCookie serializes: Path=/ unless given, an expired date, Max-Age=0.
    const sent: CookieOptions = { path: '/', ...opts, expires: new Date(0), maxAge: 0 }
    return send(this, state, name, '', '', sent, true, false, false)
  }
}
