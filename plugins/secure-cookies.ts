// secureCookies: HttpOnly; Secure; SameSite=Lax; Path=/ for every `reply.setCookie` of the app,
// declared cookies whose attributes are used to set and to delete them, and the rules browsers
// enforce (prefixes, SameSite=None, Partitioned, sizes) thrown at the call instead of a cookie the
// browser silently drops. Encrypted cookies bound to their name and expiry, cookies read back
// (request.readCookie, reply.outgoingCookies), Clear-Site-Data, and a check of every Set-Cookie
// line that leaves. It builds on @fastify/cookie, registering it when the app has not.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import '../types/fastify.js'
import type { SecureCookiesOptions } from '../types/options.js'
import { ReplyKitBadOptionError } from '../lib/errors.js'
import { recordOfRequest, routeRecord, type RouteRecord } from './suite/route-record.js'
import { ensureCookiePlugin, readOptions, resolveState, type ClearCookie, type CookieState, type SetCookie } from './secure-cookies/state.js'
import { replyPrototypeOf, requestPrototypeOf } from './suite/fastify-internals.js'
import { addSendStep, suiteScope } from './suite/pipeline.js'
import { makeClearCookie, makeSetCookie } from './secure-cookies/set-cookie.js'
import { kOutgoing, makeClearSiteData, outgoingCookies } from './secure-cookies/outgoing.js'
import { makeReadCookie } from './secure-cookies/read-cookie.js'
import { makeCookieWireCheck } from './secure-cookies/wire-check.js'

// Our setCookie wrappers, to find the registration above us (same context or a parent one).
const states = new WeakMap<object, CookieState>()
// Routes that got a wire check of their own (the fallback hook leaves them alone).
const wiredRoutes = new WeakSet<RouteRecord>()
// onRoute hooks of nested registrations all see a child's routes: each route is handled once.
const handledRoutes = new WeakSet<RouteOptions>()

type SendDone = (err: Error | null, payload?: unknown) => void

/** The registration whose setCookie this context uses (the innermost one above it). */
function stateOf (fastify: FastifyInstance): CookieState {
  return states.get(replyPrototypeOf(fastify).setCookie as object) as CookieState
}

/** `config.cookies`: the declared cookies a route may set or clear, checked when the route is added. */
function routeCookies (state: CookieState, routeOptions: RouteOptions, where: string): string[] | undefined {
  const list = routeOptions.config?.cookies as unknown
  if (list === undefined) return undefined
  const option = `config.cookies of route ${where}`
  if (!Array.isArray(list) || !list.every(name => typeof name === 'string')) {
    throw new ReplyKitBadOptionError(option, 'must be an array of declared cookie names')
  }
  for (const name of list) {
    if (!state.declared.has(name)) throw new ReplyKitBadOptionError(option, `${JSON.stringify(name)} is not declared: add it to secureCookies options.cookies`)
  }
  return [...list]
}

function onRoute (fastify: FastifyInstance) {
  return function secureCookiesOnRoute (this: FastifyInstance, routeOptions: RouteOptions): void {
    if (handledRoutes.has(routeOptions)) return
    handledRoutes.add(routeOptions)
    const state = stateOf(this)
    const record = routeRecord(fastify, routeOptions)
    const where = `${record.method} ${record.url}`
    const cookies = routeCookies(state, routeOptions, where)
    if (cookies !== undefined) {
      record.cookies = cookies
      state.routeLists = true
    }
    if (state.rawCookies === 'off') return
    wiredRoutes.add(record)
    addSendStep(routeOptions, record, 'cookies', makeCookieWireCheck(state, where))
  }
}

/**
 * Not-found answers and routes added before this plugin have no route hook: one app-level hook
 * checks their lines (after the app-level hooks registered before this plugin, @fastify/cookie's
 * among them) and returns at once for routes that have their own.
 */
function fallbackCheck (state: CookieState) {
  const check = makeCookieWireCheck(state, 'not-found or unseen route')
  return function cookieWireCheckFallback (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: SendDone): void {
    // Most answers set no cookie: done before looking up the route.
    if (reply.getHeader('set-cookie') === undefined) {
      done(null, payload)
      return
    }
    const record = recordOfRequest(request)
    done(null, record !== undefined && wiredRoutes.has(record) ? payload : check(request, reply, payload))
  }
}

async function secureCookiesPlugin (fastify: FastifyInstance, options: SecureCookiesOptions): Promise<void> {
  readOptions(options)
  suiteScope(fastify)
  const registered = await ensureCookiePlugin(fastify, options.secret)

  const proto = replyPrototypeOf(fastify)
  const above = states.get(proto.setCookie as object)
  const base = above?.base ?? { setCookie: proto.setCookie as SetCookie, clearCookie: proto.clearCookie as ClearCookie, direct: registered }
  const state = resolveState(fastify, above, options, base)

  // Decorators: shadowed on this context's prototypes (see suite/fastify-internals.ts).
  if (!fastify.hasReplyDecorator(kOutgoing as unknown as string)) fastify.decorateReply(kOutgoing as unknown as string, null)
  const setCookie = makeSetCookie(state)
  states.set(setCookie, state)
  proto.setCookie = setCookie
  proto.cookie = setCookie
  proto.clearCookie = makeClearCookie(state)
  proto.outgoingCookies = outgoingCookies
  proto.clearSiteData = makeClearSiteData(reason => new ReplyKitBadOptionError('clearSiteData', reason))
  requestPrototypeOf(fastify).readCookie = makeReadCookie(state)

  // Hooks.
  fastify.addHook('onRoute', onRoute(fastify))
  if (above === undefined && state.rawCookies !== 'off') fastify.addHook('onSend', fallbackCheck(state))
}

export const secureCookies = fp(secureCookiesPlugin, { fastify: '5.x', name: 'fastify-reply-kit/secureCookies' })
export default secureCookies
