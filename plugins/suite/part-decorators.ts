// The names replyKit's parts decorate, so that the two ways of getting them wrong explain
// themselves. A second registration of a part (replyKit, then cacheControl on its own; or
// @fastify/cookie after the suite) would get Fastify's bare "decorator already added": the
// context's decorate methods are wrapped to say which part holds the name and where its options
// go instead. A part switched off with `false` leaves placeholders that throw naming the option
// (instead of "reply.file is not a function"); a real decorator registered later replaces them.
import type { FastifyInstance } from 'fastify'
import { ReplyKitAlreadyRegisteredError, ReplyKitPartDisabledError } from '../../lib/errors.js'

type Kind = 'decorate' | 'decorateReply' | 'decorateRequest'
type Decorate = (this: FastifyInstance, name: string, ...rest: unknown[]) => FastifyInstance

/** replyKit's option keys and the plugin each registers. */
export const PART_PLUGINS = {
  context: 'replyContext',
  cookies: 'secureCookies',
  headers: 'routeHeaders',
  helpers: 'replyHelpers',
  guard: 'responseGuard',
  cache: 'cacheControl',
} as const
export type Part = keyof typeof PART_PLUGINS

const HELPERS = ['file', 'attachment', 'stream', 'csv', 'ndjson', 'safeRedirect', 'html', 'text']
const COOKIE_METHODS = ['setCookie', 'clearCookie', 'cookie']
/**
 * What a user calls, per part: these get placeholders when the part is off. Not the cookie methods
 * nor app.responsePolicies: other plugins (secureCookies, responseGuard, third parties) test those
 * names to see whether their provider is there; a switched-off cookies part is explained in the
 * log when its call fails instead.
 */
const CALLED: Partial<Record<Part, string[]>> = { cache: ['cache'], helpers: HELPERS }
/** The names a part holds once registered: a second registration of the part collides on them. */
const OWNED: Partial<Record<Part, Array<[Kind, string]>>> = {
  cache: [['decorateReply', 'cache']],
  helpers: HELPERS.map(name => ['decorateReply', name]),
  guard: [['decorate', 'responsePolicies']],
}
const COOKIE_CALL = new RegExp(`\\.(?:${COOKIE_METHODS.join('|')}) is not a function$`)
/** What @fastify/cookie decorates, when secureCookies registered it. */
const COOKIE_PLUGIN: Array<[Kind, string]> = [
  ...['serializeCookie', 'parseCookie', 'signCookie', 'unsignCookie'].map((name): [Kind, string] => ['decorate', name]),
  ...[...COOKIE_METHODS, 'signCookie', 'unsignCookie'].map((name): [Kind, string] => ['decorateReply', name]),
  ...['cookies', 'signCookie', 'unsignCookie'].map((name): [Kind, string] => ['decorateRequest', name]),
]
const WHERE: Record<Kind, string> = { decorate: 'app', decorateReply: 'reply', decorateRequest: 'request' }

const placeholders = new WeakSet<object>()

/**
 * The object a decorator of this kind lives on in this context: the instance, or the prototype of
 * its Reply or Request (Fastify keeps them under private symbols, found by their description).
 */
function holderOf (fastify: FastifyInstance, kind: Kind): Record<string, unknown> | undefined {
  if (kind === 'decorate') return fastify as unknown as Record<string, unknown>
  const description = kind === 'decorateReply' ? 'fastify.Reply' : 'fastify.Request'
  const symbol = Object.getOwnPropertySymbols(fastify).find(s => s.description === description)
  /* c8 ignore next -- only if a Fastify release renames its private symbols */
  if (symbol === undefined) return undefined
  return (fastify as unknown as Record<symbol, { prototype: Record<string, unknown> }>)[symbol].prototype
}

/** Placeholders for the calls of a part replyKit was told to skip (names already taken are left alone). */
export function decoratePlaceholders (fastify: FastifyInstance, part: Part): void {
  const plugin = PART_PLUGINS[part]
  if (part === 'cookies') {
    fastify.addHook('onError', function explainCookiesOff (request, _reply, error, done) {
      if (error instanceof TypeError && COOKIE_CALL.test(error.message)) {
        request.log.error(`${error.message}: replyKit was registered with \`cookies: false\`, which switched secureCookies ` +
          '(and @fastify/cookie) off. Remove `cookies: false` from the replyKit options, or register secureCookies yourself')
      }
      done()
    })
  }
  for (const name of CALLED[part] ?? []) {
    if (fastify.hasReplyDecorator(name)) continue
    const label = `reply.${name}()`
    const placeholder = function partDisabled (): never {
      throw new ReplyKitPartDisabledError(`${label} is not available: replyKit was registered with \`${part}: false\`, ` +
        `which switched ${plugin} off. Remove \`${part}: false\` from the replyKit options, or register ${plugin} yourself`)
    }
    placeholders.add(placeholder)
    fastify.decorateReply(name, placeholder)
  }
}

/**
 * After replyKit registered `parts`: a later decorator of one of their names in this context (and
 * its children) fails with an explanation; a placeholder gives way to the real decorator.
 * `cookiePlugin`: secureCookies registered @fastify/cookie itself (it was not there before).
 */
export function explainDuplicates (fastify: FastifyInstance, parts: Part[], cookiePlugin: boolean): void {
  const owners = new Map<string, string>()
  for (const part of parts) {
    for (const [kind, name] of OWNED[part] ?? []) {
      owners.set(`${kind} ${name}`, `${WHERE[kind]}.${name} belongs to fastify-reply-kit/${PART_PLUGINS[part]}, which replyKit ` +
        `registered already (its \`${part}\` option): give these options to replyKit as \`${part}: { ... }\` instead of ` +
        `registering ${PART_PLUGINS[part]} again, or register replyKit with \`${part}: false\` and ${PART_PLUGINS[part]} on its own`)
    }
  }
  if (cookiePlugin) {
    for (const [kind, name] of COOKIE_PLUGIN) {
      owners.set(`${kind} ${name}`, `${WHERE[kind]}.${name} belongs to @fastify/cookie, which replyKit registered already ` +
        '(secureCookies registers it when the app has not): give its options to replyKit (`cookies: { secret }`) and drop ' +
        'this registration, or register @fastify/cookie before replyKit')
    }
  }
  for (const kind of ['decorate', 'decorateReply', 'decorateRequest'] as const) {
    const original = fastify[kind] as Decorate
    const wrapped: Decorate = function (this: FastifyInstance, name, ...rest) {
      // Fastify refuses a name only where this context holds it already; so do we.
      const holder = holderOf(this, kind)
      const held = holder !== undefined && Object.hasOwn(holder, name)
      if (held && placeholders.has(holder[name] as object)) {
        delete holder[name]
      } else if (held && owners.has(`${kind} ${name}`)) {
        throw new ReplyKitAlreadyRegisteredError(`${owners.get(`${kind} ${name}`)!} (while registering ${this.pluginName})`)
      }
      return original.call(this, name, ...rest)
    }
    ;(fastify as unknown as Record<Kind, Decorate>)[kind] = wrapped
  }
}
