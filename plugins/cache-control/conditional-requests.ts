// Conditional requests before the handler (cacheControl): a route policy's `validate` reads the
// resource's validators in the route's preHandler (after auth and validation) and a 304 or 412 is
// answered there, so the handler's expensive work never runs; `reply.fresh(validators)` does the
// same from a handler or a service. Called by plugins/cache-control.ts.
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { ReplyKitPreconditionFailedError, ReplyKitValidatorError } from '../../lib/errors.js'
import { evaluatePreconditions, type CurrentValidators } from '../../lib/preconditions.js'
import { normalizeValidators, ValidatorError } from '../../lib/validators.js'
import { formatHttpDate } from '../../lib/http-date.js'
import type { ValidateFunction, Validators } from '../../types/options.js'
import { addRouteHook } from '../suite/route-record.js'
import '../../types/fastify.js'

// Representation metadata a 304 must not carry (RFC 9110 section 15.4.5: it keeps Cache-Control,
// Content-Location, Date, ETag, Expires and Vary), whoever set it before the answer.
const NOT_FOR_304 = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-range',
  'content-disposition', 'last-modified', 'accept-ranges', 'transfer-encoding']

// Replies whose ETag / Last-Modified came from validators: an error answer must not keep them.
const validated = new WeakSet<FastifyReply>()

function routeOf (request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url}`
}

/** The validators of `value`, or FST_REPLYKIT_VALIDATOR naming the route. */
function readValidators (route: string, value: unknown): CurrentValidators {
  try {
    return normalizeValidators(value)
  } catch (error) {
    throw new ReplyKitValidatorError(route, (error as ValidatorError).message)
  }
}

/**
 * Answers the request's preconditions against `current`: a 412 or a 304 is sent (true); otherwise
 * the validators are set as ETag / Last-Modified for the handler's answer (false).
 */
function answerPreconditions (reply: FastifyReply, route: string, current: CurrentValidators): boolean {
  const request = reply.request
  const outcome = evaluatePreconditions(request.method, request.headers, current)
  if (outcome === 'proceed') {
    if (current.etag !== undefined || current.lastModified !== undefined) {
      if (current.etag !== undefined) reply.header('etag', current.etag)
      if (current.lastModified !== undefined) reply.header('last-modified', formatHttpDate(current.lastModified))
      validated.add(reply)
    }
    return false
  }
  if (outcome === 'precondition-failed') {
    reply.send(new ReplyKitPreconditionFailedError(route, 'the resource does not match If-Match or If-None-Match, or was modified since If-Unmodified-Since'))
    return true
  }
  for (const name of NOT_FOR_304) reply.removeHeader(name)
  if (current.etag !== undefined) reply.header('etag', current.etag)
  // On HEAD an empty stream, not undefined: Fastify's HEAD hook gives any other payload a
  // Content-Length (0), where a 304 may only carry the length of the 200.
  reply.code(304).send(request.method === 'HEAD' ? Readable.from([]) : undefined)
  return true
}

/**
 * Validators do not describe an error answer (a 404 or 500 after `validate` or `reply.fresh()`
 * passed): cacheControl's step calls this on answers of 400 and above.
 */
export function dropValidators (reply: FastifyReply): void {
  if (validated.has(reply)) {
    reply.removeHeader('etag')
    reply.removeHeader('last-modified')
  }
}

/** What a throwing `validate` becomes: an HTTP error it chose (a 404, a 403) as it is, anything else a 500. */
function validateFailure (route: string, error: unknown): unknown {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) return error
  // A bug: a 500 (logged by Fastify), never a 304 that would hide it.
  const failure = new ReplyKitValidatorError(route, `validate threw: ${(error as Error | null)?.message ?? String(error)}`)
  failure.cause = error
  return failure
}

function isThenable (value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/**
 * Installs `validate` on one route: called from cacheControl's onRoute for a policy that has one.
 * A callback hook, so a `validate` that answers at once (a synchronous read) costs no promise.
 */
export function addConditionalRequests (routeOptions: RouteOptions, route: string, validate: ValidateFunction): void {
  addRouteHook(routeOptions, 'preHandler', function cacheControlValidate (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) {
    const answer = (value: unknown): void => {
      let sent: boolean
      try {
        sent = answerPreconditions(reply, route, readValidators(route, value))
      } catch (error) {
        done(error as Error)
        return
      }
      // A 304 or 412 was sent: the lifecycle stops here, as it does for a hook that sends.
      if (!sent) done()
    }
    let value: unknown
    try {
      value = validate(request)
    } catch (error) {
      done(validateFailure(route, error) as Error)
      return
    }
    if (isThenable(value)) value.then(answer, (error: unknown) => { done(validateFailure(route, error) as Error) })
    else answer(value)
  } as never)
}

/** Decorates `reply.fresh(validators)`. */
export function registerFresh (fastify: FastifyInstance): void {
  fastify.decorateReply('fresh', function fresh (this: FastifyReply, validators: Validators): boolean {
    const route = routeOf(this.request)
    return answerPreconditions(this, route, readValidators(route, validators))
  })
}
