// responseGuard: a route's response schema filters every JSON body it sends, whatever path the body
// took (a status without a schema entry, a pre-serialized string or Buffer, a Web Response, a custom
// serializer, an onSend replacement), and a start-up audit reports schemas that let data through.
//
// The normal path costs one preSerialization hook and one pipeline step, on schema'd routes only:
// the preSerialization hook serializes the object itself (with the status's serializer, compiled
// through Fastify) and remembers the string; the step lets exactly that string pass. Anything else
// that reaches it as JSON is a bypass (response-guard/checks.ts): filtered through the schema, or a
// 500. Error answers of the error handler get the error body check.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import '../types/fastify.js'
import type { ResponseGuardOptions } from '../types/options.js'
import { ReplyKitGuardFindingsError } from '../lib/errors.js'
import { mediaTypeOf } from '../lib/json-media-type.js'
import { DEFAULT_SENSITIVE, sensitiveMatcher } from '../lib/sensitive-name.js'
import { auditSchema } from '../lib/schema-audit.js'
import { jsonSchemasOf, readResponseSchemas } from '../lib/response-schemas.js'
import { addRouteHook, routeRecord, routeRegistry, type RouteRecord } from './suite/route-record.js'
import { addSendStep, stepResult, suiteScope } from './suite/pipeline.js'
import { clearReplySerializer, replySerializerOf } from './suite/fastify-internals.js'
import { MISSING_FINDING, responsePolicies } from './suite/policies.js'
import { isEncoded } from './response-guard/bodies.js'
import { checkBody, checkErrorBody } from './response-guard/checks.js'
import { routeGuardConfig, validateOptions } from './response-guard/options.js'
import { ERRORED, kGuardState, serialize, type Done, type GuardReply, type RoutePlan } from './response-guard/plan.js'
import { watchUnseenRoutes } from './suite/unseen-routes.js'

// What the guard's preSerialization step sets as reply.serializer(): the string it already made.
function passThrough (payload: unknown): string {
  return payload as string
}

async function responseGuardPlugin (fastify: FastifyInstance, options: ResponseGuardOptions): Promise<void> {
  validateOptions(options)
  const mode = options.mode ?? 'warn'
  const requireSchema = options.requireSchema ?? true
  const onBypass = options.onBypass ?? 'filter'
  watchUnseenRoutes(fastify, 'responseGuard', { strict: mode === 'strict' })
  const defaultMatcher = sensitiveMatcher(options.sensitive ?? DEFAULT_SENSITIVE)
  const registry = routeRegistry(fastify)
  suiteScope(fastify)
  const plans: RoutePlan[] = []
  let lastGet: { url: string, handler: unknown, record: RouteRecord } | undefined

  if (!fastify.hasDecorator('responsePolicies')) {
    fastify.decorate('responsePolicies', function () { return responsePolicies(registry.records) })
  }
  if (!fastify.hasReplyDecorator(kGuardState as unknown as string)) fastify.decorateReply(kGuardState as unknown as string, null)

  fastify.addHook('onRoute', function (this: FastifyInstance, routeOptions: RouteOptions) {
    const record = routeRecord(fastify, routeOptions)
    const label = `${record.method} ${record.url}`
    const guard = routeGuardConfig(label, routeOptions.config)
    const isGet = [routeOptions.method].flat().includes('GET')
    const headOf = routeOptions.method === 'HEAD' && lastGet?.url === routeOptions.url && lastGet.handler === routeOptions.handler
      ? lastGet.record
      : undefined
    lastGet = isGet ? { url: routeOptions.url, handler: routeOptions.handler, record } : undefined
    if (guard === false) {
      record.schema = 'exempt'
      return
    }
    const table = readResponseSchemas(routeOptions.schema?.response)
    const sensitive = guard?.sensitive
    const plan: RoutePlan = {
      record,
      label,
      table,
      instance: this,
      isSensitive: sensitive === undefined ? defaultMatcher : sensitiveMatcher(sensitive),
      headOf,
      onBypass,
      bySchema: new Map(),
      byStatus: new Map(),
      contentKeyed: table !== undefined && [...table.entries.values()].some(entry => !entry.json.has('')),
      open: new Set(),
    }
    if (table === undefined) {
      record.schema = 'missing'
    } else if (jsonSchemasOf(table).length === 0) {
      // Only non-JSON content types declared (text/csv...): nothing for the guard to filter.
      record.schema = 'exempt'
      return
    } else {
      record.schema = table.coversSuccess ? 'filtered' : 'missing'
      if (mode !== 'off') addGuardHooks(routeOptions, plan)
    }
    plans.push(plan)
  })

  fastify.addHook('onReady', async function () {
    if (mode === 'off') return
    const lines: string[] = []
    for (const plan of plans) {
      auditRoute(plan)
      for (const finding of plan.record.findings) lines.push(`${plan.label}: ${finding}`)
    }
    if (lines.length === 0) return
    if (mode === 'strict') throw new ReplyKitGuardFindingsError(lines.join('\n'))
    for (const line of lines) fastify.log.warn(`responseGuard: ${line}`)
  })

  function auditRoute (plan: RoutePlan): void {
    const { record, table } = plan
    if (plan.headOf !== undefined) {
      // Fastify's automatic HEAD route: same schemas as its GET, reported once, under the GET.
      record.schema = plan.headOf.schema
      return
    }
    if (record.schema === 'missing' && requireSchema) record.findings.push(MISSING_FINDING)
    if (table === undefined) return
    for (const { label, schema } of jsonSchemasOf(table)) {
      for (const finding of auditSchema(schema, { isSensitive: plan.isSensitive, shared: plan.instance.getSchemas() })) {
        if (finding.kind !== 'sensitive') {
          plan.open.add(schema)
          if (record.schema === 'filtered') record.schema = 'open'
        }
        record.findings.push(`response ${label} at ${finding.path}: ${finding.detail}`)
      }
    }
  }

  function addGuardHooks (routeOptions: RouteOptions, plan: RoutePlan): void {
    addRouteHook(routeOptions, 'preSerialization', function guardPreSerialization (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: Done) {
      // Our pass-through from an earlier attempt of this reply (then an error, an error handler's
      // send) must not meet an object.
      if (replySerializerOf(reply) === passThrough) clearReplySerializer(reply)
      // Error bodies are Fastify's to serialize (its schema for the status, or its error
      // serializer); the guard's step checks what comes out. A custom reply.serializer() runs as the
      // user set it; the step then filters its output.
      if ((reply.statusCode >= 400 && (reply as GuardReply)[kGuardState] === ERRORED) || replySerializerOf(reply) !== null) {
        done(null, payload)
        return
      }
      let out: string
      try {
        // Most routes declare plain schemas: then the media type cannot change the choice.
        out = serialize(plan, reply, reply.statusCode, plan.contentKeyed ? mediaTypeOf(reply.getHeader('content-type')) : '', payload)
      } catch (err) {
        done(err as Error)
        return
      }
      (reply as GuardReply)[kGuardState] = out
      reply.serializer(passThrough)
      done(null, out)
    } as never)

    addSendStep(routeOptions, plan.record, 'guard', function guardStep (_request, reply, payload) {
      const state = (reply as GuardReply)[kGuardState]
      if (payload === state || payload === null || payload === undefined ||
        // A compression hook that ran before this one encoded the guard's own body.
        (typeof state === 'string' && isEncoded(reply))) {
        return payload
      }
      return stepResult(done => {
        // An error answer of the error handler (as opposed to a handler's own 4xx body).
        if (state === ERRORED && reply.statusCode >= 400) checkErrorBody(plan, reply, payload, done)
        else checkBody(plan, reply, payload, done)
      })
    })

    addRouteHook(routeOptions, 'onError', function guardOnError (_request: FastifyRequest, reply: FastifyReply, _error: Error, done: () => void) {
      (reply as GuardReply)[kGuardState] = ERRORED
      done()
    } as never)
  }
}

export const responseGuard = fp(responseGuardPlugin, { fastify: '5.x', name: 'fastify-reply-kit/responseGuard' })
export default responseGuard
