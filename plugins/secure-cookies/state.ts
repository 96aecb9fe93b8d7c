// What one registration of secureCookies resolved: its options checked and layered over the
// registration above it (a parent context's), with every declared cookie checked once.
import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { CookieOptions, SecureCookiesOptions } from '../../types/options.js'
import { ReplyKitBadOptionError } from '../../lib/errors.js'
import { capCookieAge, checkCookieCombination, checkCookieName, checkCookieOptions } from '../../lib/cookie-rules.js'
import { mergeCookieOptions, SECURE_COOKIE_DEFAULTS } from '../../lib/cookie-options.js'
import { readKeyRing, type CookieKey } from '../../lib/cookie-seal.js'
import { raise } from './raise.js'
import type { CookieSerializer } from './lines.js'

export type SetCookie = (this: FastifyReply, name: string, value: string, options?: CookieOptions) => FastifyReply
export type ClearCookie = (this: FastifyReply, name: string, options?: CookieOptions) => FastifyReply
export type RawCookies = 'secure' | 'strict' | 'off'

export interface CookieState {
  /**
   * @fastify/cookie's own methods, which queue the cookie for its onSend hook; `direct` when this
   * plugin registered @fastify/cookie, so our lines go on the reply at once (lines.ts).
   */
  base: { setCookie: SetCookie, clearCookie: ClearCookie, direct: boolean }
  defaults: Readonly<CookieOptions>
  /** Declared cookies as given (kept so a child registration can re-resolve them over its defaults). */
  declaredRaw: Record<string, CookieOptions>
  /** Declared cookies resolved over the defaults and checked. */
  declared: Map<string, Readonly<CookieOptions>>
  onlyDeclared: boolean
  /** The encryption key ring (first seals), empty without `keys`. */
  keys: CookieKey[]
  rawCookies: RawCookies
  /** The resolved options (defaults, declared) with nothing per request: no 'auto', Expires, signing or sealing. */
  fixed: WeakSet<object>
  /**
   * Declared encrypted cookies whose attributes need nothing per request (no 'auto', no Expires):
   * the options handed to @fastify/cookie as they are, `encrypted` dropped and Max-Age capped.
   */
  sealedFixed: Map<string, Readonly<CookieOptions>>
  /** Names whose name rule and fixed options passed once: `setCookie(name, value)` skips to the value. */
  checkedNames: Map<string, Readonly<CookieOptions>>
  /** Undeclared cookies: the attributes this process last set each with, so clearCookie(name) matches. */
  lastSet: Map<string, CookieOptions>
  /** True once a route of this registration lists config.cookies (then onlyDeclared checks it). */
  routeLists: boolean
  serialize: CookieSerializer
}

const knownOptions = new Set(['secret', 'defaults', 'cookies', 'onlyDeclared', 'keys', 'rawCookies'])
const rawModes = new Set(['secure', 'strict', 'off'])

export function readOptions (options: SecureCookiesOptions): SecureCookiesOptions {
  if (typeof options !== 'object' || options === null) throw new ReplyKitBadOptionError('secureCookies', 'options must be an object')
  for (const key of Object.keys(options)) {
    if (!knownOptions.has(key)) throw new ReplyKitBadOptionError(key, 'unknown secureCookies option (expected secret, defaults, cookies, onlyDeclared, keys or rawCookies)')
  }
  const { secret, defaults, cookies, onlyDeclared, rawCookies } = options
  if (secret !== undefined && !isSecret(secret) && !(Array.isArray(secret) && secret.length > 0 && secret.every(isSecret))) {
    throw new ReplyKitBadOptionError('secret', 'must be a non-empty string or Buffer, or a non-empty array of them (the first signs)')
  }
  if (defaults !== undefined) {
    const breach = checkCookieOptions(defaults)
    if (breach !== undefined) throw new ReplyKitBadOptionError('defaults', breach.reason)
    if (defaults.encrypted === true) throw new ReplyKitBadOptionError('defaults', 'encrypted belongs on the cookies that need it (options.cookies), not on every cookie')
  }
  if (cookies !== undefined && (typeof cookies !== 'object' || cookies === null || Array.isArray(cookies))) {
    throw new ReplyKitBadOptionError('cookies', 'must be an object of cookie name to options')
  }
  if (onlyDeclared !== undefined && typeof onlyDeclared !== 'boolean') throw new ReplyKitBadOptionError('onlyDeclared', 'must be a boolean')
  if (rawCookies !== undefined && !rawModes.has(rawCookies)) throw new ReplyKitBadOptionError('rawCookies', "must be 'secure', 'strict' or 'off'")
  return options
}

function isSecret (secret: unknown): boolean {
  return (typeof secret === 'string' || Buffer.isBuffer(secret)) && secret.length > 0
}

function resolveKeys (options: SecureCookiesOptions, parent: CookieState | undefined): CookieKey[] {
  if (options.keys === undefined) return parent?.keys ?? []
  const ring = readKeyRing(options.keys)
  if ('reason' in ring) throw new ReplyKitBadOptionError('keys', ring.reason)
  return ring.keys
}

/**
 * Registers @fastify/cookie where the app has not (then returns true: no parseOptions of the app's
 * reshape the calls). Where it has, a secret of ours can only be used if it has none (we add the
 * signer); two secrets would sign with one and be read with the other.
 */
export async function ensureCookiePlugin (fastify: FastifyInstance, secret: SecureCookiesOptions['secret']): Promise<boolean> {
  if (!fastify.hasReplyDecorator('setCookie')) {
    await fastify.register(fastifyCookie, secret === undefined ? {} : { secret })
    return true
  }
  if (secret === undefined) return false
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
  return false
}

/** Layers this registration's options over the one above it and checks every declared cookie. */
export function resolveState (fastify: FastifyInstance, parent: CookieState | undefined, options: SecureCookiesOptions,
  base: CookieState['base']): CookieState {
  const defaults = Object.freeze(withCappedAge(mergeCookieOptions(parent?.defaults ?? SECURE_COOKIE_DEFAULTS, options.defaults)))
  const combined = checkCookieCombination('defaults', defaults)
  if (combined !== undefined) throw new ReplyKitBadOptionError('defaults', combined.reason)
  const keys = resolveKeys(options, parent)
  const declaredRaw = { ...parent?.declaredRaw, ...options.cookies }
  const declared = new Map<string, Readonly<CookieOptions>>()
  const canSign = fastify.hasReplyDecorator('signCookie')
  for (const [name, raw] of Object.entries(declaredRaw)) {
    const where = ' (declared in secureCookies options.cookies)'
    const breach = checkCookieName(name) ?? checkCookieOptions(raw)
    if (breach !== undefined) raise(name, breach, where)
    const resolved = Object.freeze(withCappedAge(mergeCookieOptions(defaults, raw)))
    const combination = checkCookieCombination(name, resolved)
    if (combination !== undefined) raise(name, combination, where)
    if (resolved.signed === true && !canSign) raise(name, { rule: 'attribute', reason: 'signed needs a secret' }, where)
    if (resolved.encrypted === true && keys.length === 0) raise(name, { rule: 'attribute', reason: 'encrypted needs secureCookies option keys' }, where)
    if (resolved.encrypted === true && resolved.signed === true) raise(name, { rule: 'attribute', reason: 'encrypted values are already authenticated: drop signed' }, where)
    declared.set(name, resolved)
  }
  const fixed = new WeakSet<object>()
  const sealedFixed = new Map<string, Readonly<CookieOptions>>()
  for (const [name, resolved] of declared) {
    if (resolved.encrypted === true && resolved.secure !== 'auto' && resolved.expires === undefined) sealedFixed.set(name, sealedWireOptions(resolved))
  }
  for (const resolved of [defaults, ...declared.values()]) {
    if (resolved.secure !== 'auto' && resolved.expires === undefined && resolved.signed !== true && resolved.encrypted !== true) fixed.add(resolved)
  }
  return {
    base,
    defaults,
    declaredRaw,
    declared,
    onlyDeclared: options.onlyDeclared ?? parent?.onlyDeclared ?? false,
    keys,
    rawCookies: options.rawCookies ?? parent?.rawCookies ?? 'secure',
    fixed,
    sealedFixed,
    checkedNames: new Map(),
    lastSet: new Map(),
    routeLists: false,
    serialize: (name, value, opts) => fastify.serializeCookie(name, value, opts as fastifyCookie.SerializeOptions),
  }
}

/**
 * Max-Age capped once, where it is the only age: relative, so the line's attributes stay the same
 * from call to call and the options can be handed over as they are (`fixed`). An Expires is capped
 * per call, against the time of the call.
 */
function withCappedAge (options: CookieOptions): CookieOptions {
  if (options.maxAge !== undefined && options.expires === undefined) capCookieAge(options, 0)
  return options
}

/** A declared encrypted cookie's options as sent: without `encrypted` (nor `signed`), Max-Age capped, frozen. */
function sealedWireOptions (resolved: Readonly<CookieOptions>): Readonly<CookieOptions> {
  const { encrypted: _encrypted, signed: _signed, ...wire } = resolved
  capCookieAge(wire, 0) // Max-Age only: these options have no Expires
  return Object.freeze(wire)
}
