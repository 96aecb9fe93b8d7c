// routeHeaders: headers declared once, for every route (`headers` option) or per route
// (`config.headers`), and an optional Server-Timing / X-Response-Time measurement.
//
// Static values are checked and merged when the route is added; function values are checked on
// each response. A header already on the reply (set by the handler or an earlier hook) wins.
// Only per-route headers: a route-level onSend hook on those routes only. Global headers or timing:
// app-level hooks, so the not-found handler (which has no onRoute) gets them too.
import { performance } from 'node:perf_hooks'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify'
import { ReplyKitBadHeaderError, ReplyKitBadOptionError } from '../lib/errors.js'
import { headerNameProblem, headerValueProblem } from '../lib/header-value.js'
import { appendServerTiming, responseTimeValue, serverTimingEntry } from '../lib/server-timing.js'
import { addRouteHook, routeRecord } from './suite/route-record.js'
import { addSendStep, suiteScope } from './suite/pipeline.js'
import type { HeaderFunction, HeaderValue, RouteHeadersOptions } from '../types/options.js'
import '../types/fastify.js'
import { watchUnseenRoutes } from './suite/unseen-routes.js'
import { routeConfigOf } from './suite/fastify-internals.js'

/** The headers of one route, merged and checked: lower-case names, static values ready to send. */
interface HeaderPlan {
  route: string
  statics: Array<[string, string]>
  dynamics: Array<[string, HeaderFunction]>
}

type SendDone = (err: Error | null, payload?: unknown) => void
const kPlan = Symbol('fastify-reply-kit.header-plan')
type PlanConfig = { [kPlan]?: HeaderPlan }
const kTimingStart = Symbol('fastify-reply-kit.timing-start')
type TimedRequest = FastifyRequest & { [kTimingStart]: number }

// Ours, and the register options Fastify itself reads (they arrive in the same object).
const OPTION_KEYS = new Set(['headers', 'timing', 'prefix', 'logLevel', 'logSerializers'])
const TIMING = new Set([undefined, false, 'server-timing', 'x-response-time'])

function isPlainObject (value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Checks a map of declared headers and merges it over `base` (same name, case-insensitive: ours wins).
 * `where` names the place for errors: a route ('GET /posts/:id') or the plugin option.
 */
function buildPlan (where: string, declared: unknown, base: HeaderPlan | undefined): HeaderPlan {
  if (!isPlainObject(declared)) {
    throw new ReplyKitBadHeaderError(where, 'headers must be an object of header name to string or function')
  }
  const statics = new Map(base?.statics)
  const dynamics = new Map(base?.dynamics)
  for (const [name, value] of Object.entries(declared)) {
    const nameProblem = headerNameProblem(name)
    if (nameProblem !== undefined) throw new ReplyKitBadHeaderError(`${where} header ${JSON.stringify(name)}`, nameProblem)
    const key = name.toLowerCase()
    statics.delete(key)
    dynamics.delete(key)
    if (typeof value === 'function') {
      dynamics.set(key, value as HeaderFunction)
    } else {
      const problem = headerValueProblem(value)
      if (problem !== undefined) throw new ReplyKitBadHeaderError(`${where} header ${name}`, problem)
      statics.set(key, value as string)
    }
  }
  return { route: where, statics: [...statics], dynamics: [...dynamics] }
}

/** Sets the plan's headers the reply does not carry yet; a bad computed value is dropped and logged. */
function applyPlan (plan: HeaderPlan, request: FastifyRequest, reply: FastifyReply): void {
  const statics = plan.statics
  for (let i = 0; i < statics.length; i++) {
    const [name, value] = statics[i]
    if (reply.getHeader(name) === undefined) reply.header(name, value)
  }
  const dynamics = plan.dynamics
  for (let i = 0; i < dynamics.length; i++) {
    const [name, compute] = dynamics[i]
    if (reply.getHeader(name) !== undefined) continue
    let value: unknown
    try {
      value = compute(request as Parameters<HeaderFunction>[0], reply)
    } catch (error) {
      const err = new ReplyKitBadHeaderError(`${plan.route} header ${name}`, `the header function threw: ${error instanceof Error ? error.message : String(error)}`)
      request.log.error({ err, cause: error }, `routeHeaders: ${err.message}; header not sent`)
      continue
    }
    if (value === undefined) continue
    const problem = headerValueProblem(value)
    if (problem === undefined) {
      reply.header(name, value)
    } else {
      const err = new ReplyKitBadHeaderError(`${plan.route} header ${name}`, problem)
      request.log.warn({ err }, `routeHeaders: ${err.message}; header not sent`)
    }
  }
}

function readOptions (options: RouteHeadersOptions): { global: HeaderPlan | undefined, timing: RouteHeadersOptions['timing'] } {
  if (!isPlainObject(options as unknown)) throw new ReplyKitBadOptionError('routeHeaders', 'options must be an object')
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new ReplyKitBadOptionError(key, 'is not an option of routeHeaders')
  }
  if (!TIMING.has(options.timing)) {
    throw new ReplyKitBadOptionError('timing', `must be false, 'server-timing' or 'x-response-time'; got ${JSON.stringify(options.timing)}`)
  }
  const global = options.headers === undefined ? undefined : buildPlan('routeHeaders option headers', options.headers, undefined)
  return { global, timing: options.timing }
}

// Methods whose requests carry no body: their timing starts in onRequest, nothing to wait for.
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

function stamp (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  (request as TimedRequest)[kTimingStart] = performance.now()
  done()
}

async function plugin (fastify: FastifyInstance, options: RouteHeadersOptions): Promise<void> {
  const { global, timing } = readOptions(options)
  suiteScope(fastify)
  watchUnseenRoutes(fastify, 'routeHeaders')
  const timed = timing !== undefined && timing !== false
  const appLevel = timed || (global !== undefined && global.statics.length + global.dynamics.length > 0)

  fastify.addHook('onRoute', (routeOptions: RouteOptions) => {
    // On routes that take a body, timing starts again with the handler phase: upload time is the
    // client's, not the server's.
    if (timed && ![routeOptions.method].flat().every(method => BODYLESS.has(method))) addRouteHook(routeOptions, 'preHandler', stamp)
    const declared: Record<string, HeaderValue> | undefined = routeOptions.config?.headers
    if (declared === undefined) return
    const record = routeRecord(fastify, routeOptions)
    const plan = buildPlan(`${record.method} ${record.url}`, declared, global)
    // For the OpenAPI document: each header with its static value, or null when computed.
    record.headers = Object.fromEntries([...plan.statics, ...plan.dynamics.map(([name]) => [name, null] as const)])
    if (appLevel) {
      // routeRecord gave the route its own config object; Fastify copies its keys, symbols included.
      (routeOptions.config as PlanConfig)[kPlan] = plan
    } else if (plan.statics.length + plan.dynamics.length > 0) {
      addSendStep(routeOptions, record, 'headers', function routeHeadersStep (request, reply, payload) {
        applyPlan(plan, request, reply)
        return payload
      })
    }
  })

  if (!appLevel) return

  // The fallback plan: routes without config.headers, routes added before the plugin, not-found.
  const fallback: HeaderPlan = global ?? { route: 'routeHeaders', statics: [], dynamics: [] }
  const planOf = (request: FastifyRequest): HeaderPlan => (routeConfigOf(request) as PlanConfig)[kPlan] ?? fallback

  if (!timed) {
    fastify.addHook('onSend', function routeHeadersOnSend (request, reply, payload, done: SendDone) {
      applyPlan(planOf(request), request, reply)
      done(null, payload)
    })
    return
  }

  // Timing: stamped in onRequest (so answers given before the handler, such as a 401 from an
  // onRequest hook or a 400 from validation, are measured too), again after the body on routes
  // that take one (above), read in onSend.
  if (!fastify.hasRequestDecorator(kTimingStart as unknown as string)) fastify.decorateRequest(kTimingStart as unknown as string, 0)
  fastify.addHook('onRequest', stamp)
  const serverTiming = timing === 'server-timing'
  fastify.addHook('onSend', function routeHeadersOnSend (request, reply, payload, done: SendDone) {
    applyPlan(planOf(request), request, reply)
    const elapsed = performance.now() - (request as TimedRequest)[kTimingStart]
    if (serverTiming) {
      reply.header('server-timing', appendServerTiming(reply.getHeader('server-timing') as string | string[] | undefined, serverTimingEntry('app', elapsed)))
    } else if (reply.getHeader('x-response-time') === undefined) {
      reply.header('x-response-time', responseTimeValue(elapsed))
    }
    done(null, payload)
  })
}

export const routeHeaders = fp(plugin, { fastify: '5.x', name: 'fastify-reply-kit/routeHeaders' })
export default routeHeaders
