// secureCookies: HttpOnly; Secure; SameSite=Lax; Path=/ for every `reply.setCookie` of the app,
// declared cookies whose attributes are used to set and to delete them, and the rules browsers
// enforce (prefixes, SameSite=None, Partitioned, sizes) thrown at the call instead of a cookie the
// browser silently drops. It builds on @fastify/cookie, registering it when the app has not.
import fp from 'fastify-plugin'
import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply } from 'fastify'
import '../types/fastify.js'
import type { CookieOptions, SecureCookiesOptions } from '../types/options.js'
import {
  ReplyKitBadOptionError, ReplyKitCookieAttributeError, ReplyKitCookieExpiresError, ReplyKitCookieMaxAgeError,
  ReplyKitCookieNameError, ReplyKitCookiePartitionedError, ReplyKitCookiePrefixError, ReplyKitCookieSameSiteError,
  ReplyKitCookieTooLargeError, ReplyKitCookieUndeclaredError,
} from '../lib/errors.js'
import {
  capCookieAge, checkCookieCombination, checkCookieLength, checkCookieName, checkCookieOptions, checkCookieValue,
  cookieLengthBound, MAX_COOKIE_BYTES, type CookieBreach, type CookieRule,
} from '../lib/cookie-rules.js'
import { clearCookieOptions, mergeCookieOptions, SECURE_COOKIE_DEFAULTS } from '../lib/cookie-options.js'

type SetCookie = (this: FastifyReply, name: string, value: string, options?: CookieOptions) => FastifyReply
type ClearCookie = (this: FastifyReply, name: string, options?: CookieOptions) => FastifyReply

/** What one registration resolved: the layers above it plus its own options. */
interface CookieState {
  /** @fastify/cookie's own methods, which queue the cookie for its onSend hook. */
  base: { setCookie: SetCookie, clearCookie: ClearCookie }
  defaults: Readonly<CookieOptions>
  /** Declared cookies as given (kept so a child registration can re-resolve them over its defaults). */
  declaredRaw: Record<string, CookieOptions>
  /** Declared cookies resolved over the defaults and checked. */
  declared: Map<string, Readonly<CookieOptions>>
  onlyDeclared: boolean
  /** The resolved options (defaults, declared) with nothing per request: no 'auto', ages or signing. */
  fixed: WeakSet<object>
  /** Names whose name rule and fixed options passed once: `setCookie(name, value)` skips to the value. */
  checkedNames: Map<string, Readonly<CookieOptions>>
  serialize: (name: string, value: string, options: Readonly<CookieOptions>) => string
}

// Our wrappers, to find the registration above us (same context or a parent one).
const states = new WeakMap<object, CookieState>()

const errors: Record<CookieRule, new (name: string, reason: string) => Error> = {
  name: ReplyKitCookieNameError,
  prefix: ReplyKitCookiePrefixError,
  sameSite: ReplyKitCookieSameSiteError,
  partitioned: ReplyKitCookiePartitionedError,
  attribute: ReplyKitCookieAttributeError,
  size: ReplyKitCookieTooLargeError,
  maxAge: ReplyKitCookieMaxAgeError,
  expires: ReplyKitCookieExpiresError,
}

// Quoted, so a name holding CR, LF or spaces shows as such in the message and the log.
const quote = (name: unknown): string => typeof name === 'string' ? JSON.stringify(name) : String(name)

function raise (name: unknown, breach: CookieBreach, where = ''): never {
  throw new errors[breach.rule](quote(name), breach.reason + where)
}

const knownOptions = new Set(['secret', 'defaults', 'cookies', 'onlyDeclared'])

function readOptions (options: SecureCookiesOptions): SecureCookiesOptions {
  if (typeof options !== 'object' || options === null) throw new ReplyKitBadOptionError('secureCookies', 'options must be an object')
  for (const key of Object.keys(options)) {
    if (!knownOptions.has(key)) throw new ReplyKitBadOptionError(key, 'unknown secureCookies option (expected secret, defaults, cookies or onlyDeclared)')
  }
  const { secret, defaults, cookies, onlyDeclared } = options
  if (secret !== undefined && !isSecret(secret) && !(Array.isArray(secret) && secret.length > 0 && secret.every(isSecret))) {
    throw new ReplyKitBadOptionError('secret', 'must be a non-empty string or Buffer, or a non-empty array of them (the first signs)')
  }
  if (defaults !== undefined) {
    const breach = checkCookieOptions(defaults)
    if (breach !== undefined) throw new ReplyKitBadOptionError('defaults', breach.reason)
  }
  if (cookies !== undefined && (typeof cookies !== 'object' || cookies === null || Array.isArray(cookies))) {
    throw new ReplyKitBadOptionError('cookies', 'must be an object of cookie name to options')
  }
  if (onlyDeclared !== undefined && typeof onlyDeclared !== 'boolean') throw new ReplyKitBadOptionError('onlyDeclared', 'must be a boolean')
  return options
}

function isSecret (secret: unknown): boolean {
  return (typeof secret === 'string' || Buffer.isBuffer(secret)) && secret.length > 0
}

/**
 * Registers @fastify/cookie where the app has not. Where it has, a secret of ours can only be used
 * if it has none (we add the signer); two secrets would sign with one and be read with the other.
 */
async function ensureCookiePlugin (fastify: FastifyInstance, secret: SecureCookiesOptions['secret']): Promise<void> {
  if (!fastify.hasReplyDecorator('setCookie')) {
    await fastify.register(fastifyCookie, secret === undefined ? {} : { secret })
    return
  }
  if (secret === undefined) return
  if (fastify.hasReplyDecorator('signCookie')) {
    throw new ReplyKitBadOptionError('secret', '@fastify/cookie is already registered with a secret; give the secret to one of them only')
  }
  const signer = new fastifyCookie.Signer(secret)
  const sign = (value: string): string => signer.sign(value)
  const unsign = (value: string): fastifyCookie.UnsignResult => signer.unsign(value)
  fastify.decorate('signCookie', sign)
  fastify.decorate('unsignCookie', unsign)
  fastify.decorateRequest('signCookie', sign)
  fastify.decorateRequest('unsignCookie', unsign)
  fastify.decorateReply('signCookie', sign)
  fastify.decorateReply('unsignCookie', unsign)
}

/**
 * Fastify refuses to decorate a name twice, so the existing `setCookie`, `cookie` and `clearCookie`
 * are shadowed on this context's Reply prototype instead: exactly where a decorator of this context
 * would live, so child contexts inherit it, parent and sibling contexts do not, and no request pays
 * for a hook. Fastify keeps the constructor under a private symbol; we look it up by description.
 */
function replyPrototypeOf (fastify: FastifyInstance): Record<string, unknown> {
  // Every context owns its Reply (fastify-plugin hands us the context we decorate).
  const symbol = Object.getOwnPropertySymbols(fastify).find(s => s.description === 'fastify.Reply')
  /* c8 ignore next -- only if a Fastify release renames its private Reply symbol */
  if (symbol === undefined) throw new ReplyKitBadOptionError('secureCookies', 'cannot find the Reply prototype of this Fastify version')
  return (fastify as unknown as Record<symbol, { prototype: Record<string, unknown> }>)[symbol].prototype
}

/** Layers this registration's options over the one above it and checks every declared cookie. */
function resolveState (fastify: FastifyInstance, parent: CookieState | undefined, options: SecureCookiesOptions,
  base: CookieState['base']): CookieState {
  const defaults = Object.freeze(mergeCookieOptions(parent?.defaults ?? SECURE_COOKIE_DEFAULTS, options.defaults))
  const combined = checkCookieCombination('defaults', defaults)
  if (combined !== undefined) throw new ReplyKitBadOptionError('defaults', combined.reason)
  const declaredRaw = { ...parent?.declaredRaw, ...options.cookies }
  const declared = new Map<string, Readonly<CookieOptions>>()
  const canSign = fastify.hasReplyDecorator('signCookie')
  for (const [name, raw] of Object.entries(declaredRaw)) {
    const where = ' (declared in secureCookies options.cookies)'
    const breach = checkCookieName(name) ?? checkCookieOptions(raw)
    if (breach !== undefined) raise(name, breach, where)
    const resolved = Object.freeze(mergeCookieOptions(defaults, raw))
    const combination = checkCookieCombination(name, resolved)
    if (combination !== undefined) raise(name, combination, where)
    if (resolved.signed === true && !canSign) raise(name, { rule: 'attribute', reason: 'signed needs a secret' }, where)
    declared.set(name, resolved)
  }
  const fixed = new WeakSet<object>()
  for (const resolved of [defaults, ...declared.values()]) {
    if (resolved.secure !== 'auto' && resolved.maxAge === undefined && resolved.expires === undefined && resolved.signed !== true) fixed.add(resolved)
  }
  return {
    base,
    defaults,
    declaredRaw,
    declared,
    onlyDeclared: options.onlyDeclared ?? parent?.onlyDeclared ?? false,
    fixed,
    checkedNames: new Map(),
    serialize: (name, value, opts) => fastify.serializeCookie(name, value, opts as fastifyCookie.SerializeOptions),
  }
}

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
  pick?: (options: CookieOptions) => CookieOptions): CookieOptions {
  const start = startingOptions(state, name)
  if (options !== undefined && options !== null) {
    const breach = checkCookieOptions(options)
    if (breach !== undefined) raise(name, breach)
  }
  const merged = mergeCookieOptions(start, options)
  const opts = pick === undefined ? merged : pick(merged)
  // request.protocol honours trustProxy (X-Forwarded-Proto) as Fastify configures it.
  if (opts.secure === 'auto') opts.secure = reply.request.protocol === 'https'
  const combination = checkCookieCombination(name, opts)
  if (combination !== undefined) raise(name, combination)
  return opts
}

function makeSetCookie (state: CookieState): SetCookie {
  return function setCookie (this: FastifyReply, name: string, value: string, options?: CookieOptions): FastifyReply {
    // The common call, `setCookie(name, value)` on options with nothing to resolve per request:
    // checked and handed over as they are (@fastify/cookie copies them), no merge, no copy.
    if (options === undefined) {
      const start = state.checkedNames.get(name) ?? checkName(state, name)
      if (start !== undefined) {
        const breach = checkCookieValue(value)
        if (breach !== undefined) raise(name, breach)
        if (cookieLengthBound(name, value, start) > MAX_COOKIE_BYTES) checkSize(state, name, value, start)
        return state.base.setCookie.call(this, name, value, start)
      }
    }
    const opts = callOptions(this, state, name, options)
    const valueBreach = checkCookieValue(value)
    if (valueBreach !== undefined) raise(name, valueBreach)
    if (opts.maxAge !== undefined || opts.expires !== undefined) capCookieAge(opts, Date.now())
    if (opts.signed === true) {
      if (typeof this.signCookie !== 'function') raise(name, { rule: 'attribute', reason: 'signed needs a secret (secureCookies or @fastify/cookie option secret)' })
      // Signed here rather than by @fastify/cookie, so the size rule sees the signature.
      value = this.signCookie(value)
      opts.signed = false
    }
    // Serializing twice costs; the bound is exact enough to skip it for any ordinary cookie.
    if (cookieLengthBound(name, value, opts) > MAX_COOKIE_BYTES) checkSize(state, name, value, opts)
    return state.base.setCookie.call(this, name, value, opts)
  }
}

// Enough for every cookie name an app uses; names made up per request stop being remembered.
const MAX_CHECKED_NAMES = 256

/**
 * The fixed options of a name that passes its rules (then remembered), or undefined when its options
 * need work per call. Throws for a name that breaks a rule.
 */
function checkName (state: CookieState, name: string): Readonly<CookieOptions> | undefined {
  const start = startingOptions(state, name)
  if (!state.fixed.has(start)) return undefined
  const breach = checkCookieCombination(name, start)
  if (breach !== undefined) raise(name, breach)
  if (state.checkedNames.size < MAX_CHECKED_NAMES) state.checkedNames.set(name, start)
  return start
}

function checkSize (state: CookieState, name: string, value: string, options: Readonly<CookieOptions>): void {
  const breach = checkCookieLength(state.serialize(name, value, options).length)
  if (breach !== undefined) raise(name, breach)
}

function makeClearCookie (state: CookieState): ClearCookie {
  return function clearCookie (this: FastifyReply, name: string, options?: CookieOptions): FastifyReply {
    return state.base.clearCookie.call(this, name, callOptions(this, state, name, options, clearCookieOptions))
  }
}

async function secureCookiesPlugin (fastify: FastifyInstance, options: SecureCookiesOptions): Promise<void> {
  readOptions(options)
  await ensureCookiePlugin(fastify, options.secret)

  const proto = replyPrototypeOf(fastify)
  const above = states.get(proto.setCookie as object)
  const base = above?.base ?? { setCookie: proto.setCookie as SetCookie, clearCookie: proto.clearCookie as ClearCookie }
  const state = resolveState(fastify, above, options, base)

  const setCookie = makeSetCookie(state)
  states.set(setCookie, state)
  proto.setCookie = setCookie
  proto.cookie = setCookie
  proto.clearCookie = makeClearCookie(state)
}

export const secureCookies = fp(secureCookiesPlugin, { fastify: '5.x', name: 'fastify-reply-kit/secureCookies' })
export default secureCookies
