// replyKit: every plugin of the suite from one options object, in the order that makes them work
// together. `false` skips a plugin; leaving a key out registers it with its defaults.
//
// Order, and why:
// 1. replyContext first: its onRequest hook must run before every later hook and handler.
// 2. secureCookies: @fastify/cookie's app-level onSend writes Set-Cookie before any route-level
//    onSend hook, so cacheControl's downgrade sees cookies set anywhere, useReply() included.
// 3. routeHeaders, 4. replyHelpers, 5. responseGuard: route-level onSend hooks run in onRoute order,
//    which is registration order, so the guard filters the body before cacheControl hashes it.
// 6. cacheControl last: its ETag is computed on the body that leaves, with every header known.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { ReplyKitBadOptionError } from '../lib/errors.js'
import { checkOptionKeys } from '../lib/option-keys.js'
import type { ReplyKitOptions } from '../types/options.js'
import { replyContext } from './reply-context.js'
import { secureCookies } from './secure-cookies.js'
import { routeHeaders } from './route-headers.js'
import { replyHelpers } from './reply-helpers.js'
import { responseGuard } from './response-guard.js'
import { cacheControl } from './cache-control.js'
import { asUmbrella, watchUnseenRoutes } from './suite/unseen-routes.js'
import { decoratePlaceholders, explainDuplicates, PART_PLUGINS, type Part } from './suite/part-decorators.js'
import { openApi } from './openapi.js'
import '../types/fastify.js'

const ORDER: Array<[Part, FastifyPluginAsync<any>]> = [
  ['context', replyContext],
  ['cookies', secureCookies],
  ['headers', routeHeaders],
  ['helpers', replyHelpers],
  ['guard', responseGuard],
  ['cache', cacheControl],
]

function isObject (value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

async function replyKitPlugin (fastify: FastifyInstance, options: ReplyKitOptions): Promise<void> {
  if (!isObject(options)) throw new ReplyKitBadOptionError('replyKit', 'options must be an object')
  checkOptionKeys(options, Object.keys(PART_PLUGINS), { where: 'replyKit' })
  for (const [part] of ORDER) {
    const value: unknown = options[part]
    if (value !== undefined && value !== false && !isObject(value)) {
      throw new ReplyKitBadOptionError(part, `must be an options object or false; got ${JSON.stringify(value)}`)
    }
  }
  const guard = options.guard
  watchUnseenRoutes(fastify, 'replyKit', { strict: isObject(guard) && guard.mode === 'strict' })
  const hadCookiePlugin = fastify.hasReplyDecorator('setCookie')
  const registered: Part[] = []
  await asUmbrella(fastify, async () => {
    for (const [part, plugin] of ORDER) {
      const value = options[part]
      if (value === false) continue
      await fastify.register(plugin, value ?? {})
      registered.push(part)
    }
  })
  for (const [part] of ORDER) if (options[part] === false) decoratePlaceholders(fastify, part)
  explainDuplicates(fastify, registered, !hadCookiePlugin && registered.includes('cookies'))
  // Nothing per request: rewrites the @fastify/swagger document, when there is one.
  await fastify.register(openApi, isObject(options.cookies) ? { cookies: options.cookies } : {})
}
export const replyKit = fp(replyKitPlugin, { fastify: '5.x', name: 'fastify-reply-kit' })
export default replyKit
