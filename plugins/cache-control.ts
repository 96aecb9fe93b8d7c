// cacheControl: named Cache-Control presets and per-route policies, applied at send time with the
// rules that keep a shared cache from replaying one user's answer to another.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { ReplyKitBadCachePolicyError, ReplyKitBadOptionError } from '../lib/errors.js'
import { CachePolicyError } from '../lib/cache-control.js'
import { buildPresetTable, compileCachePolicy, resolveCachePolicy, type CompiledCachePolicy, type PresetTable } from '../lib/cache-policy.js'
import { ifNoneMatchMatches, weakEtag } from '../lib/etag.js'
import { mergeVary } from '../lib/vary.js'
import { addRouteHook, recordOfConfig, routeRecord, type RouteRecord } from './route-record.js'
import type { CacheControlOptions, CachePolicyInput } from '../types/options.js'
import '../types/fastify.js'

type SendDone = (err: Error | null, payload?: unknown) => void

/** The options after validation, with every policy compiled. */
interface Settings {
  presets: PresetTable
  defaultPolicy: CompiledCachePolicy | undefined
  errorsPolicy: CompiledCachePolicy | null
  cookies: boolean
  authorization: boolean
  /** Routes whose downgrade has been logged already. */
  warned: Set<string>
}

// Ours, and the register options Fastify itself reads (they arrive in the same object).
const OPTION_KEYS = new Set(['presets', 'default', 'errors', 'cookies', 'authorization', 'prefix', 'logLevel', 'logSerializers'])

function at (where: string, field: string): string {
  return field === '' ? where : `${where}.${field}`
}

/** Validates the plugin options; each problem fails registration with ReplyKitBadOptionError. */
function readOptions (options: CacheControlOptions): Settings {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new ReplyKitBadOptionError(key, 'is not an option of cacheControl')
  }
  for (const key of ['cookies', 'authorization'] as const) {
    const value = options[key]
    if (value !== undefined && value !== 'downgrade' && value !== 'off') {
      throw new ReplyKitBadOptionError(key, `must be 'downgrade' or 'off'; got ${JSON.stringify(value)}`)
    }
  }
  const compile = (name: string, input: unknown, presets: PresetTable): CompiledCachePolicy => {
    try {
      return compileCachePolicy(resolveCachePolicy(input, presets))
    } catch (error) {
      const problem = error as CachePolicyError
      throw new ReplyKitBadOptionError(at(name, problem.field), problem.message)
    }
  }
  let presets: PresetTable
  try {
    presets = buildPresetTable(options.presets)
  } catch (error) {
    const problem = error as CachePolicyError
    throw new ReplyKitBadOptionError(at('presets', problem.field), problem.message)
  }
  return {
    presets,
    defaultPolicy: options.default === undefined ? undefined : compile('default', options.default, presets),
    errorsPolicy: options.errors === false ? null : compile('errors', options.errors ?? 'no-store', presets),
    cookies: options.cookies !== 'off',
    authorization: options.authorization !== 'off',
    warned: new Set(),
  }
}

/** A route's policy, or ReplyKitBadCachePolicyError naming the route and the field. */
function compileForRoute (route: string, field: string, input: CachePolicyInput, presets: PresetTable): CompiledCachePolicy {
  try {
    return compileCachePolicy(resolveCachePolicy(input, presets))
  } catch (error) {
    // A CachePolicyError names its field; anything else (a throwing getter in the input) names none.
    const where = error instanceof CachePolicyError ? at(field, error.field) : field
    throw new ReplyKitBadCachePolicyError(route, `${where}: ${(error as Error).message}`)
  }
}

/**
 * Sets Cache-Control (unless the handler did), CDN-Cache-Control and Vary for one policy, with the
 * private downgrade when a shared cache could store a Set-Cookie or reuse an authenticated answer.
 */
function applyPolicy (settings: Settings, route: string, request: FastifyRequest, reply: FastifyReply, policy: CompiledCachePolicy): void {
  if (!reply.hasHeader('cache-control')) {
    let reason: string | undefined
    if (policy.cookieRisk && settings.cookies && reply.hasHeader('set-cookie')) reason = 'the response sets a cookie'
    else if (policy.authRisk && settings.authorization && request.headers.authorization !== undefined) reason = 'the request carries Authorization'
    if (reason === undefined) {
      if (policy.header !== '') reply.header('cache-control', policy.header)
      if (policy.cdnHeader !== undefined) reply.header('cdn-cache-control', policy.cdnHeader)
    } else {
      if (policy.privateHeader !== '') reply.header('cache-control', policy.privateHeader)
      if (!settings.warned.has(route)) {
        settings.warned.add(route)
        request.log.warn({ route, policy: policy.header, sent: policy.privateHeader },
          `cacheControl: ${route}: shared-cacheable policy downgraded to private because ${reason} (logged once per route)`)
      }
    }
  }
  if (policy.vary !== undefined) {
    const existing = reply.getHeader('vary') as string | string[] | undefined
    reply.header('vary', existing === undefined ? policy.varyHeader! : mergeVary(existing, policy.vary))
  }
}

/** ETag on a 2xx string/Buffer body; a 304 without body when a GET/HEAD If-None-Match matches. */
function applyEtag (request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  const status = reply.statusCode
  if (status === 204 || status === 206 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload
  let etag = reply.getHeader('etag') as string | undefined
  if (etag === undefined) {
    etag = weakEtag(payload)
    reply.header('etag', etag)
  }
  const method = request.method
  const condition = request.headers['if-none-match']
  if ((method === 'GET' || method === 'HEAD') && condition !== undefined && ifNoneMatchMatches(condition, etag)) {
    // RFC 9110 section 15.4.5: a 304 keeps Cache-Control, ETag and Vary; no content headers, no body.
    // A HEAD answer passes its body on: Fastify's HEAD hook (after ours) drops it after taking its
    // length, which a 304 may carry; a null there would break that hook.
    reply.code(304)
    reply.removeHeader('content-type')
    reply.removeHeader('content-length')
    return method === 'HEAD' ? payload : null
  }
  return payload
}

async function plugin (fastify: FastifyInstance, options: CacheControlOptions): Promise<void> {
  const settings = readOptions(options)
  // The routes that have our hook, by their record, with the name errors and logs use.
  const hookedRoutes = new WeakMap<RouteRecord, string>()
  // reply.cache() overrides, by reply. A WeakMap rather than a reply decorator: a decorator value is
  // assigned in every reply's constructor, on every route; a lookup for a reply that was never a
  // key is about free.
  const overrides = new WeakMap<FastifyReply, CompiledCachePolicy>()
  fastify.decorateReply('cache', function (this: FastifyReply, input: CachePolicyInput): FastifyReply {
    const request = this.request
    const record = recordOfConfig(request.routeOptions.config)
    const hooked = record === undefined ? undefined : hookedRoutes.get(record)
    const name = hooked ?? `${request.method} ${request.routeOptions.url ?? request.url}`
    const policy = compileForRoute(name, 'reply.cache()', input, settings.presets)
    if (hooked !== undefined) {
      overrides.set(this, policy)
      return this
    }
    // No hook of ours on this route: apply now. Cookies set through @fastify/cookie and the body
    // are not known yet, so those rules need a route policy (README); errors known by now still win.
    if (this.statusCode >= 400) {
      if (settings.errorsPolicy !== null) applyPolicy(settings, name, request, this, settings.errorsPolicy)
    } else {
      applyPolicy(settings, name, request, this, policy)
    }
    return this
  })

  fastify.addHook('onRoute', (routeOptions: RouteOptions) => {
    const input = routeOptions.config?.cache
    if (input === undefined && settings.defaultPolicy === undefined) return
    const record = routeRecord(fastify, routeOptions)
    const name = `${record.method} ${record.url}`
    const policy = input === undefined ? settings.defaultPolicy! : compileForRoute(name, 'config.cache', input, settings.presets)
    record.cache = policy.header
    if (policy.etag) record.etag = true // shown in the OpenAPI document (plugins/openapi.ts)
    hookedRoutes.set(record, name)
    addRouteHook(routeOptions, 'onSend', function cacheControlOnSend (request, reply, payload, next: SendDone) {
      const status = reply.statusCode
      if (status >= 400) {
        if (settings.errorsPolicy !== null) applyPolicy(settings, name, request, reply, settings.errorsPolicy)
        next(null, payload)
        return
      }
      const chosen = overrides.get(reply) ?? policy
      applyPolicy(settings, name, request, reply, chosen)
      next(null, chosen.etag && status < 300 ? applyEtag(request, reply, payload) : payload)
    })
  })
}

export const cacheControl = fp(plugin, { fastify: '5.x', name: 'fastify-reply-kit/cacheControl' })
export default cacheControl
