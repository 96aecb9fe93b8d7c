// replyContext: the reply of the running request, reachable from its whole async call chain
// (handlers, later hooks, services, awaits, timers, promise chains) through `useReply()`.
//
// One AsyncLocalStorage holds the reply, entered by `als.run(reply, done)` in an onRequest hook: done()
// runs the rest of the lifecycle inside the run, and every async resource created there inherits
// the store. Fastify keeps it across body parsing itself (its content-type parser runs in an
// AsyncResource of the request), and onResponse hooks run from the response's own write
// callbacks, so one hook is enough. `run`, not `enterWith`: enterWith would leave the store on
// the connection's async resource, which a keep-alive or pipelined connection reuses for its next
// request. onTimeout and onRequestAbort hooks run from socket events, outside the chain.
//
// The AsyncLocalStorage is created by the first registration, not at import: an app that imports the
// package and never registers replyContext has none, so it pays nothing for async context tracking.
import { AsyncLocalStorage } from 'node:async_hooks'
import fp from 'fastify-plugin'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import '../types/fastify.js'
import { ReplyKitNoContextError } from '../lib/errors.js'

// One storage for the process, shared by every app that registers the plugin. Undefined until the
// first registration, which also lets the error say which mistake it was.
let storage: AsyncLocalStorage<FastifyReply> | undefined
const kRegistered = Symbol.for('fastify-reply-kit.reply-context')

function enter (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  storage!.run(reply, done)
}

function noContext (caller: string): Error {
  return new ReplyKitNoContextError(storage !== undefined
    ? `${caller} was called outside a request: no request's async call chain is running here ` +
      '(module top level, start-up, a timer or event listener created outside any request, an onTimeout ' +
      'or onRequestAbort hook), or in a route outside the encapsulated scope where replyContext is registered'
    : `${caller} was called but replyContext is not registered: ` +
      'register it (app.register(replyContext) or replyKit) before the routes that use it')
}

/** The reply of the request whose async call chain is running; throws FST_REPLYKIT_NO_CONTEXT outside one. */
export function useReply (): FastifyReply {
  const reply = storage?.getStore()
  if (reply === undefined) throw noContext('useReply()')
  return reply
}

/** The request whose async call chain is running; throws FST_REPLYKIT_NO_CONTEXT outside one. */
export function useRequest (): FastifyRequest {
  const reply = storage?.getStore()
  if (reply === undefined) throw noContext('useRequest()')
  return reply.request
}

const replyContextPlugin: FastifyPluginAsync<Record<never, never>> = async (fastify) => {
  // A second registration (the umbrella plus a direct one, or a child scope) would only nest runs.
  if (fastify.hasDecorator(kRegistered as unknown as string)) return
  fastify.decorate(kRegistered as unknown as string, true)
  storage ??= new AsyncLocalStorage<FastifyReply>()
  fastify.addHook('onRequest', enter)
}

export const replyContext = fp(replyContextPlugin, { fastify: '5.x', name: 'fastify-reply-kit/replyContext' })
export default replyContext
