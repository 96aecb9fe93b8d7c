// cacheControl: named Cache-Control presets and per-route policies, applied at send time with the
// rules that keep a shared cache from replaying one user's answer to another.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { ReplyKitBadCachePolicyError, ReplyKitBadOptionError } from '../lib/errors.js'
import { CachePolicyError } from '../lib/cache-control.js'
import { buildPresetTable, compileCachePolicy, resolveCachePolicy, type CompiledCachePolicy, type PresetTable } from '../lib/cache-policy.js'
import { ifNoneMatchMatches, weakEtag } from '../lib/etag.js'
import { mergeVary } from '../lib/vary.js'
import { recordOfRequest, routeRecord, type RouteRecord } from './suite/route-record.js'
import { addSendStep, suiteScope } from './suite/pipeline.js'
import { addConditionalRequests, dropValidators, registerFresh } from './cache-control/conditional-requests.js'
import type { CacheControlOptions, CachePolicyInput, ValidateFunction } from '../types/options.js'
import '../types/fastify.js'
import { watchUnseenRoutes } from './suite/unseen-routes.js'

/** The options after validation, with every policy compiled. */
interface Settings {
  presets: PresetTable
  defaultPolicy: CompiledCachePolicy | undefined
  errorsPolicy: CompiledCachePolicy | null
  cookies: boolean
  authorization: boolean
  /** Routes whose downgrade has been logged already. */
  warned: Set<string>
  /**
   * Every Cache-Control and CDN-Cache-Control value this plugin's static policies produce (and the
   * file helper's default): on an error answer, a value of ours is replaced by the `errors` policy,
   * while one the handler set itself is left as it is.
   */
  ownValues: Set<string>
}

// reply.file's default without a route policy (plugins/reply-helpers/file.ts): the suite's own value too.
const FILE_DEFAULT_POLICY = 'private, no-cache'

function rememberValues (settings: Settings, policy: CompiledCachePolicy): CompiledCachePolicy {
  for (const value of [policy.header, policy.privateHeader, policy.cdnHeader]) {
    if (value !== undefined && value !== '') settings.ownValues.add(value)
  }
  return policy
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
  const settings: Settings = {
    presets,
    defaultPolicy: options.default === undefined ? undefined : compile('default', options.default, presets),
    errorsPolicy: options.errors === false ? null : compile('errors', options.errors ?? 'no-store', presets),
    cookies: options.cookies !== 'off',
    authorization: options.authorization !== 'off',
    warned: new Set(),
    ownValues: new Set([FILE_DEFAULT_POLICY]),
  }
  for (const policy of [settings.defaultPolicy, settings.errorsPolicy]) if (policy) rememberValues(settings, policy)
  return settings
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
    reply.removeHeader('content-encoding')
    // @fastify/compress (its onRequest hook gives the reply a compress()) varies the 200 on
    // Accept-Encoding only when it compresses, which it never does to a 304: say it here.
    if (typeof (reply as { compress?: unknown }).compress === 'function') {
      reply.header('vary', mergeVary(reply.getHeader('vary') as string | string[] | undefined, ['Accept-Encoding']))
    }
    return method === 'HEAD' ? payload : null
  }
  return payload
}

/**
 * The `errors` policy on an answer of 400 and above: replaces a Cache-Control (and CDN-Cache-Control)
 * of ours, set before the answer turned into an error, and leaves the handler's own.
 */
function applyErrorsPolicy (settings: Settings, name: string, request: FastifyRequest, reply: FastifyReply, applied: WeakMap<FastifyReply, string>): void {
  const errorsPolicy = settings.errorsPolicy!
  const current = reply.getHeader('cache-control')
  if (typeof current === 'string' && (settings.ownValues.has(current) || applied.get(reply) === current)) {
    reply.removeHeader('cache-control')
    // A Set of strings holds no other value: an absent or handler-set header simply is not ours.
    if (settings.ownValues.has(reply.getHeader('cdn-cache-control') as string)) reply.removeHeader('cdn-cache-control')
  }
  applyPolicy(settings, name, request, reply, errorsPolicy)
}

async function plugin (fastify: FastifyInstance, options: CacheControlOptions): Promise<void> {
  const settings = readOptions(options)
  watchUnseenRoutes(fastify, 'cacheControl')
  // The routes that have our step, by their record, with the name errors and logs use.
  const hookedRoutes = new WeakMap<RouteRecord, string>()
  // reply.cache() overrides, by reply. A WeakMap rather than a reply decorator: a decorator value is
  // assigned in every reply's constructor, on every route; a lookup for a reply that was never a
  // key is about free.
  const overrides = new WeakMap<FastifyReply, CompiledCachePolicy>()
  // The Cache-Control a reply.cache() call set at once (routes without our step): ours on error.
  const applied = new WeakMap<FastifyReply, string>()

  fastify.decorateReply('cache', function (this: FastifyReply, input: CachePolicyInput): FastifyReply {
    const request = this.request
    const record = recordOfRequest(request)
    const hooked = record === undefined ? undefined : hookedRoutes.get(record)
    const name = hooked ?? `${request.method} ${request.routeOptions.url ?? request.url}`
    const policy = compileForRoute(name, 'reply.cache()', input, settings.presets)
    if (hooked !== undefined) {
      overrides.set(this, policy)
      return this
    }
    // No step of ours on this route: apply now. Cookies set through @fastify/cookie and the body
    // are not known yet, so those rules need a route policy (README); errors known by now still win.
    if (this.statusCode >= 400) {
      if (settings.errorsPolicy !== null) applyErrorsPolicy(settings, name, request, this, applied)
    } else {
      applyPolicy(settings, name, request, this, policy)
      const header = this.getHeader('cache-control')
      if (typeof header === 'string') applied.set(this, header)
    }
    return this
  })
  registerFresh(fastify)

  // Every error answer in scope, routes without a policy and Fastify's not-found handler included.
  if (settings.errorsPolicy !== null) {
    suiteScope(fastify).errorSteps.push(function cacheControlErrors (request, reply) {
      applyErrorsPolicy(settings, `${request.method} ${request.routeOptions.url ?? request.url}`, request, reply, applied)
    })
  }
  // Validators of reply.fresh() leave an error answer on routes without a policy too.
  suiteScope(fastify).errorSteps.push(function cacheControlDropValidators (_request, reply) { dropValidators(reply) })

  // Routes added before the plugin (another plugin's, such as @fastify/static's) still get `default`.
  const defaultPolicy = settings.defaultPolicy
  if (defaultPolicy !== undefined) {
    suiteScope(fastify).unseenSteps.push(function cacheControlDefault (request, reply) {
      // Named by the request's URL: the suite has no name of its own for a route it never saw.
      if (request.method !== 'OPTIONS') applyPolicy(settings, `${request.method} ${request.url}`, request, reply, defaultPolicy)
    })
  }

  fastify.addHook('onRoute', function cacheControlOnRoute (routeOptions: RouteOptions) {
    const input = routeOptions.config?.cache
    // A CORS preflight (OPTIONS) is governed by Access-Control-Max-Age, not by the default policy.
    if (input === undefined && (settings.defaultPolicy === undefined || routeOptions.method === 'OPTIONS')) return
    const record = routeRecord(fastify, routeOptions)
    const name = `${record.method} ${record.url}`
    const policy = input === undefined ? settings.defaultPolicy! : rememberValues(settings, compileForRoute(name, 'config.cache', input, settings.presets))
    record.cache = policy.header
    // Shown in the OpenAPI document (plugins/openapi.ts): validators go out as ETag / Last-Modified.
    if (policy.etag || policy.validate !== undefined) record.etag = true
    if (policy.validate !== undefined) record.lastModified = true
    hookedRoutes.set(record, name)
    if (policy.validate !== undefined) addConditionalRequests(routeOptions, name, policy.validate as ValidateFunction)
    addSendStep(routeOptions, record, 'cache', function cacheControlStep (request, reply, payload) {
      const status = reply.statusCode
      if (status >= 400) {
        // Also here, not only app-level: a route hook or an earlier step may have made it an error.
        if (settings.errorsPolicy !== null) applyErrorsPolicy(settings, name, request, reply, applied)
        dropValidators(reply)
        return payload
      }
      const override = overrides.get(reply)
      const chosen = override ?? policy
      applyPolicy(settings, name, request, reply, chosen)
      if (override !== undefined) {
        // The value is ours: a source that fails after this must not keep it on its error answer.
        const header = reply.getHeader('cache-control')
        if (typeof header === 'string') applied.set(reply, header)
      }
      return chosen.etag && status < 300 ? applyEtag(request, reply, payload) : payload
    })
  })
}

export const cacheControl = fp(plugin, { fastify: '5.x', name: 'fastify-reply-kit/cacheControl' })
export default cacheControl
