// Every reliance of secureCookies on a private detail of Fastify, in one place. Fastify refuses to
// decorate a name twice, so `setCookie`, `clearCookie`, `readCookie`... are shadowed on a context's
// Reply and Request prototypes instead: exactly where a decorator of that context would live, so
// child contexts inherit them, parent and sibling contexts do not, and no request pays for a hook.
// Fastify keeps the constructors under private symbols; they are looked up by description.
import type { FastifyInstance } from 'fastify'
import { ReplyKitBadOptionError } from '../../lib/errors.js'

export type Prototype = Record<string | symbol, unknown>

function prototypeOf (fastify: FastifyInstance, description: string): Prototype {
  // Every context owns its Reply and Request (fastify-plugin hands us the context we decorate).
  const symbol = Object.getOwnPropertySymbols(fastify).find(s => s.description === description)
  /* c8 ignore next -- only if a Fastify release renames its private symbols */
  if (symbol === undefined) throw new ReplyKitBadOptionError('secureCookies', `cannot find the ${description} prototype of this Fastify version`)
  return (fastify as unknown as Record<symbol, { prototype: Prototype }>)[symbol].prototype
}

export const replyPrototypeOf = (fastify: FastifyInstance): Prototype => prototypeOf(fastify, 'fastify.Reply')
export const requestPrototypeOf = (fastify: FastifyInstance): Prototype => prototypeOf(fastify, 'fastify.Request')
