// The guard's checks of bodies that did not come from its own serialization (a bypass: filtered or
// refused), and of error answers' bodies.
import secureJson from 'secure-json-parse'
import type { FastifyReply } from 'fastify'
import { ReplyKitSchemaBypassError } from '../../lib/errors.js'
import { isJsonMediaType, mediaTypeOf } from '../../lib/json-media-type.js'
import { selectResponseSchema } from '../../lib/response-schemas.js'
import { stripSensitiveNames } from '../../lib/strip-sensitive.js'
import { adoptedBodies } from '../suite/pipeline.js'
import { codecOf, discard, looksLikeJsonContainer, PARSE_OPTIONS, readStream, UNTYPED } from './bodies.js'
import { compile, kGuardState, serialize, type Done, type GuardReply, type RoutePlan } from './plan.js'

/**
 * An error answer's body on a guarded route: through the route's schema for that status when one
 * is declared, else without secret-looking properties at any depth (or, onBypass 'error', refused).
 */
export function checkErrorBody (plan: RoutePlan, reply: FastifyReply, payload: unknown, done: Done): void {
  const mediaType = mediaTypeOf(reply.getHeader('content-type'))
  if ((typeof payload !== 'string' && !Buffer.isBuffer(payload)) ||
    !(isJsonMediaType(mediaType) || (UNTYPED.has(mediaType) && looksLikeJsonContainer(payload)))) {
    done(null, payload)
    return
  }
  let data: unknown
  try {
    data = secureJson.parse(payload, null, PARSE_OPTIONS)
  } catch {
    done(null, payload)
    return
  }
  let out: string
  try {
    const selected = selectResponseSchema(plan.table!, reply.statusCode, mediaType, false)
    if (selected !== undefined) {
      out = compile(plan, reply, selected.schema)(data)
    } else {
      const stripped = stripSensitiveNames(data, plan.isSensitive)
      if (stripped.dropped === 0) {
        done(null, payload)
        return
      }
      if (plan.onBypass === 'error') throw new ReplyKitSchemaBypassError(plan.label, 'an error body with secret-looking properties')
      out = JSON.stringify(stripped.value)
    }
  } catch (err) {
    done(err as Error)
    return
  }
  (reply as GuardReply)[kGuardState] = out
  reply.removeHeader('content-length')
  done(null, out)
}

/** A body that did not come from the guard's own serialization. */
export function checkBody (plan: RoutePlan, reply: FastifyReply, payload: unknown, done: Done): void {
  const status = reply.statusCode
  if (status === 204 || status === 304) {
    done(null, payload)
    return
  }
  const mediaType = mediaTypeOf(reply.getHeader('content-type'))
  const json = isJsonMediaType(mediaType)
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    if (json || (UNTYPED.has(mediaType) && looksLikeJsonContainer(payload))) bypass(plan, reply, mediaType, payload, 'a pre-serialized body', done)
    else done(null, payload)
    return
  }
  const stream = payload as { pipe?: unknown, getReader?: unknown }
  // A Web Response's body (adopted by the pipeline) is read when untyped too: it may be JSON.
  const adopted = adoptedBodies.has(payload as object)
  const what = adopted ? 'a Web Response' : 'a JSON stream'
  if ((!json && !(adopted && UNTYPED.has(mediaType))) || (typeof stream.pipe !== 'function' && typeof stream.getReader !== 'function')) {
    done(null, payload)
    return
  }
  if (json && plan.onBypass === 'error') {
    discard(payload)
    done(new ReplyKitSchemaBypassError(plan.label, what))
    return
  }
  readStream(payload, reply.raw).then((body) => {
    reply.removeHeader('content-length')
    if (json || looksLikeJsonContainer(body)) bypass(plan, reply, mediaType, body, what, done)
    else done(null, body)
  }, done)
}

/**
 * A body that went around the guard's serialization. One that claims JSON is an error (onBypass
 * 'error') or filtered, and never sent as is; an untyped text is a bypass only if it parses.
 */
function bypass (plan: RoutePlan, reply: FastifyReply, mediaType: string, body: string | Buffer, what: string, done: Done): void {
  const claimsJson = isJsonMediaType(mediaType)
  if (claimsJson && plan.onBypass === 'error') {
    done(new ReplyKitSchemaBypassError(plan.label, what))
    return
  }
  // Compressed by a plugin whose hook ran first: filtered on the decoded text, then encoded again.
  const codec = codecOf(reply)
  let data: unknown
  try {
    data = secureJson.parse(codec === undefined ? body : codec[0](Buffer.from(body)), null, PARSE_OPTIONS)
  } catch {
    if (!claimsJson) {
      done(null, body) // text that merely starts like JSON
      return
    }
    // Claims JSON but does not parse (or is encoded): it cannot be filtered, so it is not sent.
    reply.removeHeader('content-encoding')
    done(new ReplyKitSchemaBypassError(plan.label, `${what} that is not valid JSON`))
    return
  }
  if (plan.onBypass === 'error') {
    done(new ReplyKitSchemaBypassError(plan.label, `${what} of JSON without a JSON type`))
    return
  }
  let out: string
  try {
    out = serialize(plan, reply, reply.statusCode, mediaType, data)
  } catch (err) {
    done(err as Error)
    return
  }
  (reply as GuardReply)[kGuardState] = out
  if (!claimsJson) reply.type('application/json; charset=utf-8')
  if (codec === undefined) {
    reply.removeHeader('content-length')
    done(null, out)
    return
  }
  const encoded = codec[1](Buffer.from(out))
  reply.header('content-length', encoded.length)
  done(null, encoded)
}
