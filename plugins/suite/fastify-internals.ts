// Every reliance of the suite on a private Fastify detail, in one place. Each has a test
// (test/fastify-internals.test.ts) that fails loudly when a Fastify release changes it.
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ReplyKitBadOptionError } from '../../lib/errors.js'

/** The name of the onSend hook Fastify ends its automatic HEAD routes with (it measures the body and drops it). */
export const HEAD_ROUTE_ON_SEND_HOOK = 'headRouteOnSendHandler'

// reply.serializer()'s function lives under a private symbol; found once, by its description.
let serializerSymbol: symbol | undefined
function replySerializerSymbol (reply: FastifyReply): symbol | undefined {
  serializerSymbol ??= Object.getOwnPropertySymbols(reply).find(s => s.description === 'fastify.reply.serializer')
  return serializerSymbol
}

/**
 * The function a `reply.serializer()` call set on this reply, or null. `true` when this Fastify has
 * no such symbol any more: callers then treat every reply as custom-serialized (the safe side).
 */
export function replySerializerOf (reply: FastifyReply): unknown {
  const symbol = replySerializerSymbol(reply)
  /* c8 ignore next: Fastify 5 has it; the internals test fails first if a release drops it */
  if (symbol === undefined) return true
  return (reply as unknown as Record<symbol, unknown>)[symbol]
}

/** Removes the function a `reply.serializer()` call set (so a later send meets the route's own). */
export function clearReplySerializer (reply: FastifyReply): void {
  const symbol = replySerializerSymbol(reply)
  if (symbol !== undefined) (reply as unknown as Record<symbol, unknown>)[symbol] = null
}

// request.routeOptions builds a new object of a dozen fields on every read (a constraint lookup
// among them); per-request code needs only its `config`, which is the route context's, kept under
// a private symbol of the request (found once, by its description).
let routeContextSymbol: symbol | null | undefined

function routeContextSymbolOf (request: FastifyRequest): symbol | null {
  const found = Object.getOwnPropertySymbols(request).find(s => s.description === 'fastify.context')
  /* c8 ignore next: Fastify 5 has it; the internals test fails first if a release drops it */
  return found ?? null
}

/** `request.routeOptions.config`, read without building routeOptions. */
export function routeConfigOf (request: FastifyRequest): FastifyContextConfig {
  routeContextSymbol ??= routeContextSymbolOf(request)
  /* c8 ignore next: Fastify 5 has it; the internals test fails first if a release drops it */
  if (routeContextSymbol === null) return request.routeOptions.config
  return (request as unknown as Record<symbol, { config: FastifyContextConfig }>)[routeContextSymbol].config
}

export type Prototype = Record<string | symbol, unknown>

/**
 * The prototype of one encapsulation context's Reply or Request class (Fastify keeps them under
 * private symbols, found by description). A property put there reaches that context's replies or
 * requests and its children's only, as a decorator would (secureCookies shadows `setCookie` there:
 * Fastify refuses to decorate a name twice).
 */
function prototypeOf (fastify: FastifyInstance, description: string): Prototype {
  const symbol = Object.getOwnPropertySymbols(fastify).find(s => s.description === description)
  if (symbol === undefined) throw new ReplyKitBadOptionError('fastify-reply-kit', `cannot find the ${description} prototype of this Fastify version`)
  return (fastify as unknown as Record<symbol, { prototype: Prototype }>)[symbol].prototype
}

export const replyPrototypeOf = (fastify: FastifyInstance): Prototype => prototypeOf(fastify, 'fastify.Reply')
export const requestPrototypeOf = (fastify: FastifyInstance): Prototype => prototypeOf(fastify, 'fastify.Request')
