// The suite's one response pipeline. Each plugin adds its *step* to a route's record in onRoute;
// the route gets one onSend hook that runs the steps in a fixed order, whatever order the plugins
// were registered in:
//
//   normalize → guard → headers → cookies → cache (Cache-Control, then ETag/304)
//
// normalize is app-level (`suiteOnSend`): a returned Web Response is adopted there (status,
// headers, Set-Cookie onto the reply, its body as the payload), so every later hook, ours or
// another plugin's route hook, reads the real status and headers. The same app-level hook runs the
// error steps (the `errors` cache policy) on answers of 400 and above, which covers Fastify's
// not-found handler and routes with no steps, and, only where cacheControl has a `default`, the
// unseen steps on answers of routes added before the suite; other answers below 400 skip both.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { addRouteHook, recordOfRequest, type RouteRecord } from './route-record.js'

export type StepName = 'guard' | 'headers' | 'cookies' | 'cache'
/** The fixed order of the route steps (normalize runs before them, app-level). */
export const STEP_ORDER: readonly StepName[] = ['guard', 'headers', 'cookies', 'cache']

/** A step: returns the payload to pass on (the same or a replacement), or a Promise of it. */
export type SendStep = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => unknown

type SendDone = (err: Error | null, payload?: unknown) => void

interface Pipeline {
  names: StepName[]
  steps: SendStep[]
}

const pipelines = new WeakMap<RouteRecord, Pipeline>()

function isThenable (value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
}

/** Runs `steps` from `index` on, each on the payload the one before returned. */
function runSteps (steps: SendStep[], index: number, request: FastifyRequest, reply: FastifyReply, payload: unknown, done: SendDone): void {
  let current = payload
  for (let i = index; i < steps.length; i++) {
    let result: unknown
    try {
      result = steps[i](request, reply, current)
    } catch (error) {
      done(error as Error)
      return
    }
    if (isThenable(result)) {
      result.then((next) => { runSteps(steps, i + 1, request, reply, next, done) }, done)
      return
    }
    current = result
  }
  done(null, current)
}

/**
 * Adds a plugin's step to a route (call it from onRoute, with the route's record). The first step
 * gives the route the pipeline's onSend hook; a second step of the same name replaces the first
 * (a plugin registered twice on one route keeps one step).
 */
export function addSendStep (routeOptions: RouteOptions, record: RouteRecord, name: StepName, step: SendStep): void {
  let pipeline = pipelines.get(record)
  if (pipeline === undefined) {
    const created: Pipeline = { names: [], steps: [] }
    pipeline = created
    pipelines.set(record, created)
    addRouteHook(routeOptions, 'onSend', function replyKitPipeline (request, reply, payload, done: SendDone) {
      runSteps(created.steps, 0, request, reply, payload, done)
    })
  }
  const existing = pipeline.names.indexOf(name)
  if (existing !== -1) {
    pipeline.steps[existing] = step
    return
  }
  const rank = STEP_ORDER.indexOf(name)
  let at = pipeline.names.findIndex(other => STEP_ORDER.indexOf(other) > rank)
  if (at === -1) at = pipeline.names.length
  pipeline.names.splice(at, 0, name)
  pipeline.steps.splice(at, 0, step)
}

/**
 * Runs callback-style work as a step result: the value itself when `work` calls back at once (so a
 * synchronous answer stays synchronous: a preHandler that sends and calls done() relies on it), else
 * a Promise of it.
 */
export function stepResult (work: (done: (err?: Error | null, payload?: unknown) => void) => void): unknown {
  let settled = false
  let error: Error | null | undefined = null
  let value: unknown
  let resolveLater: ((value: unknown) => void) | undefined
  let rejectLater: ((error: Error) => void) | undefined
  work((err, payload) => {
    if (resolveLater !== undefined) {
      if (err) rejectLater!(err)
      else resolveLater(payload)
      return
    }
    settled = true
    error = err
    value = payload
  })
  if (settled) {
    if (error !== null && error !== undefined) throw error
    return value
  }
  return new Promise((resolve, reject) => { resolveLater = resolve; rejectLater = reject })
}

/** The names of a route's steps, in the order they run (for tests and reports). */
export function stepsOf (record: RouteRecord): readonly StepName[] {
  return pipelines.get(record)?.names ?? []
}

// ---- app-level: normalize, and the error steps ----

/** An error step: runs on every answer of 400 and above in the suite's scope; returns nothing. */
export type ErrorStep = (request: FastifyRequest, reply: FastifyReply) => void

interface SuiteScope {
  errorSteps: ErrorStep[]
  /** Run on answers below 400 of routes the suite never saw (added before it): cacheControl's default. */
  unseenSteps: ErrorStep[]
}
const kSuiteScope = Symbol.for('fastify-reply-kit.suite-scope')
type WithScope = FastifyInstance & { [kSuiteScope]?: SuiteScope }

/** Web Response bodies the suite adopted: the guard reads an untyped one, since it may be JSON. */
export const adoptedBodies = new WeakSet<object>()

function isWebResponse (payload: unknown): payload is Response {
  return typeof payload === 'object' && payload !== null && Object.prototype.toString.call(payload) === '[object Response]'
}

/** A Response's status, headers and body onto the reply, as Fastify itself would apply them. */
function adoptWebResponse (reply: FastifyReply, response: Response): unknown {
  reply.code(response.status)
  // Headers yields each Set-Cookie on its own; reply.header() appends those.
  response.headers.forEach((value, name) => { reply.header(name, value) })
  const body = response.body
  if (body === null) return null
  if (response.bodyUsed) throw new TypeError('the Web Response body was already read; return a fresh Response')
  adoptedBodies.add(body)
  return body
}

/** The app-level hook of one scope: normalize, then the scope's error steps on 400 and above. */
function suiteOnSendOf (scope: SuiteScope) {
  return function suiteOnSend (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: SendDone): void {
    let current = payload
    if (isWebResponse(current)) {
      try {
        current = adoptWebResponse(reply, current)
      } catch (error) {
        done(error as Error)
        return
      }
    }
    if (reply.statusCode >= 400) {
      const steps = scope.errorSteps
      for (let i = 0; i < steps.length; i++) steps[i](request, reply)
    } else if (scope.unseenSteps.length > 0 && recordOfRequest(request) === undefined) {
      const steps = scope.unseenSteps
      for (let i = 0; i < steps.length; i++) steps[i](request, reply)
    }
    done(null, current)
  }
}

/**
 * The suite's app-level hook, installed once per scope by whichever plugin of the suite registers
 * there first (the plugins share their scope through fastify-plugin; an encapsulated child that
 * registers one again gets a scope of its own). Returns the scope, to add error steps to.
 */
export function suiteScope (fastify: FastifyInstance): SuiteScope {
  const instance = fastify as WithScope
  if (!Object.prototype.hasOwnProperty.call(instance, kSuiteScope)) {
    const scope: SuiteScope = { errorSteps: [], unseenSteps: [] }
    instance[kSuiteScope] = scope
    fastify.addHook('onSend', suiteOnSendOf(scope))
  }
  return instance[kSuiteScope] as SuiteScope
}
