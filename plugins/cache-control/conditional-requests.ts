// Conditional requests before the handler (cacheControl): a route policy's `validate` reads the
// resource's validators in the route's preHandler (after auth and validation) and a 304 or 412 is
// answered there, so the handler's expensive work never runs; `reply.fresh(validators)` does the
// same from a handler or a service. Called by plugins/cache-control.ts.
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { ReplyKitPreconditionFailedError, ReplyKitValidatorError } from '../../lib/errors.js'
import { evaluatePreconditions, type CurrentValidators } from '../../lib/preconditions.js'
import { normalizeValidators, validatorHeaders, ValidatorError } from '../../lib/validators.js'
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
    const headers = validatorHeaders(current)
    if (headers.etag !== undefined || headers['last-modified'] !== undefined) {
      reply.headers(headers)
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

/** Installs `validate` on one route: called from cacheControl's onRoute for a policy that has one. */
export function addConditionalRequests (routeOptions: RouteOptions, route: string, validate: ValidateFunction): void {
  addRouteHook(routeOptions, 'preHandler', async function cacheControlValidate (request: FastifyRequest, reply: FastifyReply) {
    let value: Validators | null | undefined
    try {
      value = await validate(request)
    } catch (error) {
      // An HTTP error the validator chose (a 404 for a missing row, a 403) is its answer; anything
      // else is a bug: a 500 (logged by Fastify), never a 304 that would hide it.
      const status = (error as { statusCode?: unknown } | null)?.statusCode
      if (typeof status === 'number' && status >= 400 && status < 500) throw error
      const failure = new ReplyKitValidatorError(route, `validate threw: ${(error as Error | null)?.message ?? String(error)}`)
      failure.cause = error
      throw failure
    }
    if (answerPreconditions(reply, route, readValidators(route, value))) return reply
  })
}

/** Decorates `reply.fresh(validators)`. */
export function registerFresh (fastify: FastifyInstance): void {
  fastify.decorateReply('fresh', function fresh (this: FastifyReply, validators: Validators): boolean {
    const route = routeOf(this.request)
    return answerPreconditions(this, route, readValidators(route, validators))
  })
}
